/**
 * The fused overlay fast path: one pass per packet between the underlay port and each tenant's TCP
 * connections, with no per-packet allocation and no intermediate queues.
 *
 * <pre>
 *  port rx burst ─► Decapsulator ─► slot ◄─ VNI lookup, or the NIC MARK (onFrame markedSlot)
 *   (FrameBatch,     (checked views,  │
 *    zero copy)       no copy)        ▼
 *                          RemoteSourceGuard: inner src vMAC/vIP live at that VTEP?
 *                                     │ (drops counted by TenantDrop reason)
 *            ┌───────────── inner ARP ┼ inner IPv4 ─────────────────┐
 *            ▼                        ▼                             ▼
 *      proxy ARP reply         ICMP echo reply          TCP: checksum, SegmentCodec.decode,
 *      (tenant vMAC)                                     TcpEngine(slot).onSegment
 *                                                        payload copied once into the flow buffer
 *
 *  TcpEngine(slot) emits ─► VirtualSwitch.route(slot, dst vIP)
 *     ├─ same tenant or peer on this host ─► LocalRing ─► drained in flush(): that tenant's rx
 *     │                                      (never the port: port tx counter stays 0)
 *     ├─ other tenant ─► dropped, counted ISOLATED
 *     └─ remote VTEP ─► port tx slot:  | outer Eth | IPv4 | UDP | VXLAN/Geneve | inner Eth | IPv4 | TCP | data |
 *                                      0           Encapsulator.headroom() ─────► written first (one pass),
 *                                      ◄──── then encapsulated in place          straight from the send buffer
 * </pre>
 *
 * <p>{@link io.vstack.fastpath.FusedFastPath} is an Agrona agent; {@link
 * io.vstack.fastpath.FastPathContext} configures it; {@link io.vstack.fastpath.FastPathCounters}
 * counts per tenant and per drop reason.
 */
package io.vstack.fastpath;
