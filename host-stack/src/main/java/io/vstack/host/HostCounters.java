package io.vstack.host;

import io.vstack.wire.WireError;

/**
 * Counts of what a {@link HostAgent} received, answered and dropped. Single writer (the host's duty
 * cycle); readers see plain values that may lag a little.
 */
public final class HostCounters {
  private final long[] malformedByReason = new long[WireError.count()];
  long arpRequestsAnswered;
  long arpRequestsSent;
  long echoRequestsAnswered;
  long echoRepliesReceived;
  long notForUs;
  long unsupported;
  long txDropped;
  long unresolved;

  void onMalformed(final WireError reason) {
    malformedByReason[reason.ordinal()]++;
  }

  /** Frames dropped because a header was malformed, for one reason. */
  public long malformed(final WireError reason) {
    return malformedByReason[reason.ordinal()];
  }

  public long arpRequestsAnswered() {
    return arpRequestsAnswered;
  }

  public long arpRequestsSent() {
    return arpRequestsSent;
  }

  public long echoRequestsAnswered() {
    return echoRequestsAnswered;
  }

  public long echoRepliesReceived() {
    return echoRepliesReceived;
  }

  /** Frames for another MAC or IPv4 address. */
  public long notForUs() {
    return notForUs;
  }

  /** Well-formed frames of a kind this host does not handle (IPv6, UDP, fragments, ...). */
  public long unsupported() {
    return unsupported;
  }

  /** Frames this host wanted to send but the port did not take. */
  public long txDropped() {
    return txDropped;
  }

  /** IPv4 packets a protocol handler wanted to send while the next hop's MAC was unknown. */
  public long unresolved() {
    return unresolved;
  }
}
