package io.vstack.tcp;

/**
 * Engine-wide event counters. Plain fields written by the single engine thread; a later step maps
 * them into the Agrona counters file. Every dropped or refused segment increments one reason.
 */
public final class TcpCounters {
  public long segmentsReceived;
  public long segmentsSent;
  public long retransmittedSegments;
  public long fastRetransmits;
  public long retransmitTimeouts;
  public long resetsSent;
  public long resetsReceived;

  /** RSTs that reached a connection in TIME-WAIT and were ignored (RFC 1337). */
  public long timeWaitResetsIgnored;

  public long challengeAcksSent;
  public long challengeAcksSuppressed;
  public long pawsDrops;
  public long outOfWindowDrops;

  /** Out-of-window segments wholly before RCV.NXT whose acceptable ACK field was still used. */
  public long oldSegmentAcksProcessed;

  public long badAckDrops;
  public long reassemblyDrops;
  public long synBacklogEvictions;
  public long acceptQueueDrops;
  public long noConnectionDrops;
  public long keepaliveTimeouts;
  public long zeroWindowProbes;
  public long ecnEchoReceived;

  /** Connections moved out to another engine ({@code TcpEngine.detach}). */
  public long connectionsDetached;

  /** Connections moved in from another engine ({@code TcpEngine.attach}). */
  public long connectionsAttached;

  /** Connections another engine detached that this one could not take (reset or dropped). */
  public long connectionsNotAttached;
}
