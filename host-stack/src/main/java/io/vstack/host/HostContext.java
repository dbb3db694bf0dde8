package io.vstack.host;

import io.vstack.port.Port;
import io.vstack.wire.MacAddress;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Configuration of a {@link HostAgent}: fluent setters, then {@link #conclude()} validates it all
 * once and names the property at fault.
 */
public final class HostContext {
  /** Default time a learned ARP mapping is trusted (Linux base_reachable_time is 30 s). */
  public static final long DEFAULT_ARP_REACHABLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** Default gap between ARP requests while resolving (Linux retrans_time is 1 s). */
  public static final long DEFAULT_ARP_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Default ARP requests sent before giving up (Linux mcast_solicit is 3). */
  public static final int DEFAULT_ARP_PROBES = 3;

  /** Default number of ARP cache entries. */
  public static final int DEFAULT_ARP_CAPACITY = 1024;

  private Port port;
  private long mac = -1;
  private int address;
  private boolean addressSet;
  private NanoClock clock = SystemNanoClock.INSTANCE;
  private HostListener listener = HostListener.NONE;
  private long arpReachableNanos = DEFAULT_ARP_REACHABLE_NANOS;
  private long arpRetryNanos = DEFAULT_ARP_RETRY_NANOS;
  private int arpProbes = DEFAULT_ARP_PROBES;
  private int arpCapacity = DEFAULT_ARP_CAPACITY;
  private boolean concluded;

  public HostContext port(final Port port) {
    this.port = port;
    return this;
  }

  public HostContext mac(final long mac) {
    this.mac = mac;
    return this;
  }

  public HostContext address(final int address) {
    this.address = address;
    this.addressSet = true;
    return this;
  }

  public HostContext clock(final NanoClock clock) {
    this.clock = clock;
    return this;
  }

  public HostContext listener(final HostListener listener) {
    this.listener = listener;
    return this;
  }

  public HostContext arpReachableNanos(final long nanos) {
    this.arpReachableNanos = nanos;
    return this;
  }

  public HostContext arpRetryNanos(final long nanos) {
    this.arpRetryNanos = nanos;
    return this;
  }

  public HostContext arpProbes(final int probes) {
    this.arpProbes = probes;
    return this;
  }

  public HostContext arpCapacity(final int capacity) {
    this.arpCapacity = capacity;
    return this;
  }

  /**
   * Validates the configuration.
   *
   * @throws IllegalStateException naming the first property that is missing or out of range
   */
  public HostContext conclude() {
    if (port == null) {
      throw new IllegalStateException("host.port is not set");
    }
    if (mac < 0 || mac > MacAddress.BROADCAST || MacAddress.isMulticast(mac) || mac == 0) {
      throw new IllegalStateException(
          "host.mac must be a unicast, non-zero MAC address: " + MacAddress.toString(mac));
    }
    if (!addressSet || address == 0) {
      throw new IllegalStateException("host.address (IPv4) is not set");
    }
    if (clock == null || listener == null) {
      throw new IllegalStateException("host.clock and host.listener must not be null");
    }
    if (arpReachableNanos <= 0 || arpRetryNanos <= 0 || arpProbes < 1 || arpCapacity < 1) {
      throw new IllegalStateException(
          "host.arp* settings must be positive: reachable="
              + arpReachableNanos
              + "ns retry="
              + arpRetryNanos
              + "ns probes="
              + arpProbes
              + " capacity="
              + arpCapacity);
    }
    concluded = true;
    return this;
  }

  boolean isConcluded() {
    return concluded;
  }

  public Port port() {
    return port;
  }

  public long mac() {
    return mac;
  }

  public int address() {
    return address;
  }

  public NanoClock clock() {
    return clock;
  }

  public HostListener listener() {
    return listener;
  }

  public long arpReachableNanos() {
    return arpReachableNanos;
  }

  public long arpRetryNanos() {
    return arpRetryNanos;
  }

  public int arpProbes() {
    return arpProbes;
  }

  public int arpCapacity() {
    return arpCapacity;
  }
}
