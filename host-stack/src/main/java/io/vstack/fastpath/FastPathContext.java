package io.vstack.fastpath;

import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.Port;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpHandler;
import io.vstack.tenant.TenantRegistry;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Configuration of a {@link FusedFastPath} (Aeron-style): fluent setters, then {@link #conclude()}
 * validates everything once and names the property at fault.
 *
 * <p>Required: {@link #port}, {@link #registry}, {@link #vteps}, {@link #settings}. Defaults: one
 * {@link TcpConfig} for every tenant, a handler that ignores every callback (for applications that
 * poll), the system clock, a local ring of {@link #DEFAULT_LOCAL_RING_CAPACITY} frames.
 *
 * <p>MSS clamp: {@link #conclude()} lowers each tenant's {@link TcpConfig#mss()} to what fits the
 * underlay MTU behind the overlay headers ({@link io.vstack.overlay.Encapsulator#innerTcpMss}), so
 * the engines never produce a segment the underlay would have to fragment. The given {@code
 * TcpConfig} objects are changed in place.
 */
public final class FastPathContext {
  /** Default number of frames the tenant-to-tenant ring holds between two flushes. */
  public static final int DEFAULT_LOCAL_RING_CAPACITY = 512;

  /** Default entries of each tenant's inner neighbour (vIP to vMAC) cache. */
  public static final int DEFAULT_NEIGHBOR_CAPACITY = 256;

  private static final TcpHandler IGNORE = new TcpHandler() {};

  private Port port;
  private TenantRegistry registry;
  private VtepTable vteps;
  private OverlaySettings settings;
  private TcpConfig tcpConfig = new TcpConfig();
  private final Map<Integer, TcpConfig> tcpConfigs = new HashMap<>();
  private final Map<Integer, TcpHandler> handlers = new HashMap<>();
  private NanoClock clock = SystemNanoClock.INSTANCE;
  private int localRingCapacity = DEFAULT_LOCAL_RING_CAPACITY;
  private int neighborCapacity = DEFAULT_NEIGHBOR_CAPACITY;
  private boolean concluded;

  /** The underlay port; the fast path drives but does not close it. */
  public FastPathContext port(final Port port) {
    this.port = port;
    return this;
  }

  public FastPathContext registry(final TenantRegistry registry) {
    this.registry = registry;
    return this;
  }

  public FastPathContext vteps(final VtepTable vteps) {
    this.vteps = vteps;
    return this;
  }

  public FastPathContext settings(final OverlaySettings settings) {
    this.settings = settings;
    return this;
  }

  /** The TCP configuration of every tenant that has none of its own. */
  public FastPathContext tcpConfig(final TcpConfig config) {
    this.tcpConfig = config;
    return this;
  }

  /** The TCP configuration of the tenant in {@code slot}. */
  public FastPathContext tcpConfig(final int slot, final TcpConfig config) {
    tcpConfigs.put(slot, config);
    return this;
  }

  /** The application callbacks of the tenant in {@code slot}. */
  public FastPathContext handler(final int slot, final TcpHandler handler) {
    handlers.put(slot, handler);
    return this;
  }

  public FastPathContext clock(final NanoClock clock) {
    this.clock = clock;
    return this;
  }

  /** Frames the tenant-to-tenant ring holds between two flushes (more are dropped, counted). */
  public FastPathContext localRingCapacity(final int frames) {
    this.localRingCapacity = frames;
    return this;
  }

  /** Entries of each tenant's inner neighbour cache (remote vIP to inner MAC). */
  public FastPathContext neighborCapacity(final int entries) {
    this.neighborCapacity = entries;
    return this;
  }

  /**
   * Validates the configuration and clamps every tenant's MSS to the overlay.
   *
   * @throws IllegalStateException naming the first property that is missing or inconsistent
   */
  public FastPathContext conclude() {
    require(port, "fastpath.port");
    require(registry, "fastpath.registry");
    require(vteps, "fastpath.vteps");
    require(settings, "fastpath.settings");
    require(clock, "fastpath.clock");
    require(tcpConfig, "fastpath.tcpConfig");
    if (vteps.localUnderlay() != settings.underlayIpv4()) {
      throw new IllegalStateException(
          "fastpath.vteps: the VTEP table's local underlay address differs from"
              + " fastpath.settings.underlayIpv4");
    }
    if (registry.size() == 0) {
      throw new IllegalStateException("fastpath.registry has no tenant");
    }
    checkSlots(tcpConfigs, "fastpath.tcpConfig");
    checkSlots(handlers, "fastpath.handler");
    if (localRingCapacity < 1) {
      throw new IllegalStateException(
          "fastpath.localRingCapacity must be positive: " + localRingCapacity);
    }
    if (neighborCapacity < 1) {
      throw new IllegalStateException(
          "fastpath.neighborCapacity must be positive: " + neighborCapacity);
    }
    final int clamp = FusedFastPath.innerMss(settings, port);
    if (clamp < 64) {
      throw new IllegalStateException(
          "fastpath.port " + port.name() + ": frames too short for TCP behind overlay headers");
    }
    for (int slot = 0; slot < registry.size(); slot++) {
      final TcpConfig config = tcpConfig(slot);
      if (config.mss() > clamp) {
        config.mss(clamp);
      }
    }
    concluded = true;
    return this;
  }

  private void checkSlots(final Map<Integer, ?> bySlot, final String property) {
    for (final Map.Entry<Integer, ?> entry : bySlot.entrySet()) {
      if (entry.getKey() < 0 || entry.getKey() >= registry.size()) {
        throw new IllegalStateException(
            property
                + ": slot "
                + entry.getKey()
                + " is not a tenant (0.."
                + (registry.size() - 1)
                + ")");
      }
      require(entry.getValue(), property + "(" + entry.getKey() + ")");
    }
  }

  private static void require(final Object value, final String property) {
    if (value == null) {
      throw new IllegalStateException(property + " is not set");
    }
  }

  boolean isConcluded() {
    return concluded;
  }

  public Port port() {
    return port;
  }

  public TenantRegistry registry() {
    return registry;
  }

  public VtepTable vteps() {
    return vteps;
  }

  public OverlaySettings settings() {
    return settings;
  }

  public NanoClock clock() {
    return clock;
  }

  /** The TCP configuration of the tenant in {@code slot}. */
  public TcpConfig tcpConfig(final int slot) {
    return tcpConfigs.getOrDefault(slot, tcpConfig);
  }

  /** The callbacks of the tenant in {@code slot}. */
  public TcpHandler handler(final int slot) {
    return handlers.getOrDefault(slot, IGNORE);
  }

  public int localRingCapacity() {
    return localRingCapacity;
  }

  public int neighborCapacity() {
    return neighborCapacity;
  }
}
