package io.vstack.rss;

/**
 * The fields that identify a flow for partitioning: the tenant and the transport 4-tuple. A mutable
 * holder, reused for every frame so extraction allocates nothing. IPv4 addresses are ints (network
 * order read as big-endian), ports are 0..65535.
 */
public final class FlowKey {
  private int tenant;
  private int sourceAddress;
  private int destinationAddress;
  private int sourcePort;
  private int destinationPort;

  /** Sets every field at once. */
  public FlowKey set(
      final int tenant,
      final int sourceAddress,
      final int destinationAddress,
      final int sourcePort,
      final int destinationPort) {
    this.tenant = tenant;
    this.sourceAddress = sourceAddress;
    this.destinationAddress = destinationAddress;
    this.sourcePort = sourcePort & 0xFFFF;
    this.destinationPort = destinationPort & 0xFFFF;
    return this;
  }

  /** All zero: the key of frames that belong to no flow (ARP, malformed), so they share a lane. */
  public FlowKey clear() {
    return set(0, 0, 0, 0, 0);
  }

  public int tenant() {
    return tenant;
  }

  public int sourceAddress() {
    return sourceAddress;
  }

  public int destinationAddress() {
    return destinationAddress;
  }

  public int sourcePort() {
    return sourcePort;
  }

  public int destinationPort() {
    return destinationPort;
  }

  @Override
  public String toString() {
    return "tenant "
        + tenant
        + " "
        + Integer.toUnsignedString(sourceAddress, 16)
        + ":"
        + sourcePort
        + " > "
        + Integer.toUnsignedString(destinationAddress, 16)
        + ":"
        + destinationPort;
  }
}
