/**
 * vstack's TCP: an allocation-free engine for many connections, independent of the wire format.
 *
 * <p>{@link io.vstack.tcp.TcpEngine} is the entry point. It consumes parsed segments ({@link
 * io.vstack.tcp.SegmentInfo}), time ({@code poll}) and application calls, and emits segments
 * through a {@link io.vstack.tcp.SegmentSink}; the glue between {@code SegmentInfo} and the TCP/IP
 * wire views lives outside this package. Connection state ({@code Tcb}) is pooled, looked up by
 * 4-tuple in a keyed-hash {@link io.vstack.tcp.ConnectionTable}, and owns two off-heap rings
 * ({@link io.vstack.tcp.SendBuffer}, {@link io.vstack.tcp.ReceiveBuffer}).
 *
 * <p>Implemented: RFC 9293 state machine (simultaneous open and close, half-close), RFC 5961
 * challenge ACKs with a global rate limit, RFC 6528 ISNs (SipHash-2-4 with a per-boot key), MSS,
 * RFC 7323 window scaling, timestamps and PAWS, RFC 2018 SACK generation and an RFC 6675-style
 * scoreboard, delayed ACKs (2 segments / 40 ms), Nagle, keepalive, zero-window probing, RFC 6298
 * RTO with Karn's rule, RFC 5681/6582 fast retransmit and NewReno recovery, RFC 3168 ECN, a bounded
 * SYN backlog with eviction, RFC 1337 (RSTs ignored in TIME-WAIT), and pluggable congestion control
 * ({@link io.vstack.tcp.cc}).
 *
 * <p>Everything is single-threaded and driven by the caller's clock, so tests inject time and
 * simulations are deterministic.
 */
package io.vstack.tcp;
