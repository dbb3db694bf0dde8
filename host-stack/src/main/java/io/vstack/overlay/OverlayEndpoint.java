package io.vstack.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.arp.ArpCache;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;
import io.vstack.tenant.InnerSource;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantGuard;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.ArpPacket;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.MacAddress;
import io.vstack.wire.WireError;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * This host's VTEP on one underlay {@link Port}: decapsulates what arrives, checks it against the
 * tenants, and presents each tenant's inner frames as a {@link Port} of its own ({@link
 * #tenantPort}); frames a tenant sends through that port are checked and encapsulated back onto the
 * underlay. Underlay traffic that is not overlay (ARP for the underlay address, ICMP) goes to
 * {@link #underlayHostPort()}, e.g. for a {@link io.vstack.host.HostAgent} on the underlay address.
 *
 * <pre>
 *   underlay.receive ─► decap ─► VNI → tenant ─► remote source check ─► tenantPort(slot).receive
 *                        └─ not overlay ─────────────────────────────► underlayHostPort().receive
 *   tenantPort(slot).transmit ─► local source check ─► VTEP lookup ─► encap ─► underlay.transmit
 * </pre>
 *
 * <p>Receiving on any of its ports first drains the underlay, so the ports can be driven by
 * independent agents, but all on one thread (e.g. one Agrona {@code CompositeAgent}). Inbound
 * anti-spoofing is the {@link RemoteSourceGuard}'s. Remote VTEP MACs are learned from ARP addressed
 * to this host and from verified overlay frames, and resolved on demand through an {@link
 * UnderlayResolver}. Steady state allocates nothing.
 */
public final class OverlayEndpoint implements AutoCloseable {
  private static final long NEIGHBOR_REACHABLE_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int NEIGHBOR_CAPACITY = 1024;

  private final Port underlay;
  private final TenantRegistry registry;
  private final VtepTable vteps;
  private final NanoClock clock;
  private final Encapsulator encapsulator;
  private final Decapsulator decapsulator;
  private final TenantGuard guard;
  private final RemoteSourceGuard remoteSources;
  private final ArpPacket arp = new ArpPacket();
  private final ArpCache neighbors;
  private final OverlayCounters counters = new OverlayCounters();
  private final OverlayPort[] tenantPorts;
  private final UnderlayHostPort underlayHostPort;
  private final FrameBatch rx;
  private final FrameBatch tx;
  private final UnsafeBuffer rxView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer frameView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer txView = new UnsafeBuffer(0, 0);
  // Set by route(): where the frame goes. Fields, not a result object, to stay allocation-free.
  private int destination;
  private long destinationMac;
  private UnderlayResolver resolver = address -> {};

  /**
   * @param underlay the port towards the underlay network; the endpoint drives but does not close
   *     it
   * @param settings encapsulation and this host's underlay addresses
   * @param registry the tenants served
   * @param vteps where each tenant vIP lives
   * @param clock for neighbour ageing
   */
  public OverlayEndpoint(
      final Port underlay,
      final OverlaySettings settings,
      final TenantRegistry registry,
      final VtepTable vteps,
      final NanoClock clock) {
    if (vteps.localUnderlay() != settings.underlayIpv4()) {
      throw new IllegalArgumentException(
          "VTEP table and settings disagree on the underlay address");
    }
    this.underlay = underlay;
    this.registry = registry;
    this.vteps = vteps;
    this.clock = clock;
    this.encapsulator = new Encapsulator(settings);
    this.decapsulator = new Decapsulator(settings);
    this.guard = new TenantGuard(registry);
    this.remoteSources = new RemoteSourceGuard(registry, vteps);
    this.neighbors =
        new ArpCache(NEIGHBOR_CAPACITY, NEIGHBOR_REACHABLE_NANOS, TimeUnit.SECONDS.toNanos(1), 3);
    final int frameCapacity =
        Math.max(FrameBatch.DEFAULT_FRAME_CAPACITY, underlay.maxFrameLength());
    this.rx = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
    this.tx = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
    final int innerMax = underlay.maxFrameLength() - encapsulator.headroom();
    this.tenantPorts = new OverlayPort[registry.size()];
    for (int slot = 0; slot < tenantPorts.length; slot++) {
      tenantPorts[slot] = new OverlayPort(this, slot, registry.tenant(slot).name(), innerMax);
    }
    this.underlayHostPort = new UnderlayHostPort(this, underlay);
  }

  /** The port through which the tenant in {@code slot} sends and receives its inner frames. */
  public OverlayPort tenantPort(final int slot) {
    return tenantPorts[slot];
  }

  /** The port that carries the underlay's non-overlay frames (ARP, ICMP for the host itself). */
  public Port underlayHostPort() {
    return underlayHostPort;
  }

  public OverlayCounters counters() {
    return counters;
  }

  /**
   * Who resolves a remote VTEP's underlay MAC when a tenant frame finds none, e.g. {@code
   * underlayHost::resolve} of the {@link io.vstack.host.HostAgent} on {@link #underlayHostPort()}.
   * The frame that found none is dropped (counted {@link EncapDrop#NO_UNDERLAY_NEIGHBOR}); the
   * answer is learned from the ARP reply as it passes through this endpoint.
   */
  @FunctionalInterface
  public interface UnderlayResolver {
    /** Starts resolving {@code underlayIpv4}; must not block. */
    void resolve(int underlayIpv4);
  }

  /** Sets the resolver of remote VTEP MACs (default: none, they are only learned). */
  public void underlayResolver(final UnderlayResolver resolver) {
    this.resolver = resolver;
  }

  public Encapsulator encapsulator() {
    return encapsulator;
  }

  /** Sets the underlay MAC of a remote VTEP (normally learned from its traffic). */
  public void neighbor(final int underlayIpv4, final long mac) {
    neighbors.update(underlayIpv4, mac, clock.nanoTime());
  }

  /**
   * Receives one burst from the underlay and hands every frame to its consumer's queue.
   *
   * @return frames received from the underlay
   */
  public int poll() {
    rx.clear();
    final int received = underlay.receive(rx);
    for (int i = 0; i < received; i++) {
      rx.wrap(i, rxView);
      onUnderlayFrame(rx.address(i), rx.length(i));
    }
    return received;
  }

  private void onUnderlayFrame(final long address, final int length) {
    final DecapDrop outcome = decapsulator.decapsulate(rxView, 0, length);
    counters.onDecap(outcome);
    if (outcome == DecapDrop.NOT_OVERLAY) {
      learnFromArp(length);
      underlayHostPort.offer(address, length);
      return;
    }
    if (outcome != DecapDrop.PASS) {
      return;
    }
    final int slot = registry.slotOfVni(decapsulator.vni());
    final TenantDrop verdict =
        slot == TenantRegistry.NO_SLOT
            ? TenantDrop.UNKNOWN_VNI
            : remoteSources.check(
                slot,
                decapsulator.outerSource(),
                rxView,
                decapsulator.innerOffset(),
                decapsulator.innerLength());
    counters.onRxTenant(verdict);
    if (verdict != TenantDrop.PASS) {
      return;
    }
    neighbors.update(decapsulator.outerSource(), decapsulator.outerSourceMac(), clock.nanoTime());
    tenantPorts[slot].offer(address + decapsulator.innerOffset(), decapsulator.innerLength());
  }

  // RFC 826: learn the sender of an ARP packet addressed to this host's underlay address.
  private void learnFromArp(final int length) {
    if (length < EthernetFrame.HEADER_LENGTH
        || rxView.getShort(EthernetFrame.TYPE_OFFSET, BIG_ENDIAN) != EthernetFrame.TYPE_ARP) {
      return;
    }
    if (arp.wrap(rxView, EthernetFrame.HEADER_LENGTH, length - EthernetFrame.HEADER_LENGTH)
            == WireError.OK
        && arp.targetProtocol() == vteps.localUnderlay()
        && arp.senderProtocol() != 0
        && !MacAddress.isMulticast(arp.senderHardware())) {
      neighbors.update(arp.senderProtocol(), arp.senderHardware(), clock.nanoTime());
    }
  }

  /**
   * Checks and encapsulates every frame of {@code batch}, sent by the tenant in {@code slot}, onto
   * the underlay. Refused frames are counted by reason here and as tx dropped in {@code
   * portCounters}; sent ones as transmitted there.
   */
  void transmit(final int slot, final FrameBatch batch, final PortCounters portCounters) {
    final int vni = registry.tenant(slot).vni();
    final int headroom = encapsulator.headroom();
    for (int i = 0; i < batch.size(); i++) {
      batch.wrap(i, frameView);
      final int length = batch.length(i);
      final TenantDrop verdict = guard.checkLocal(slot, frameView, 0, length);
      counters.onTxTenant(verdict);
      if (verdict != TenantDrop.PASS) {
        portCounters.onTxDropped();
        continue;
      }
      final EncapDrop route = route(slot, headroom + length);
      counters.onEncap(route);
      if (route != EncapDrop.PASS) {
        portCounters.onTxDropped();
        continue;
      }
      final int index = claimTx();
      tx.wrapForWrite(index, txView);
      txView.putBytes(headroom, frameView, 0, length);
      encapsulator.encapsulate(txView, headroom, length, vni, destination, destinationMac);
      tx.length(index, headroom + length);
      portCounters.onTransmit(length);
    }
    flush();
  }

  private EncapDrop route(final int slot, final int outerLength) {
    final InnerSource source = guard.source();
    if (source.kind() == InnerSource.Kind.IPV6) {
      return EncapDrop.NO_VTEP;
    }
    final long underlayAddress = vteps.underlayOf(slot, source.ipv4Destination());
    if (underlayAddress == VtepTable.NOT_FOUND) {
      return EncapDrop.NO_VTEP;
    }
    destination = (int) underlayAddress;
    if (destination == vteps.localUnderlay()) {
      return EncapDrop.LOCAL_DESTINATION;
    }
    destinationMac = neighbors.lookup(destination, clock.nanoTime());
    if (destinationMac == ArpCache.NO_MAC) {
      resolver.resolve(destination);
      return EncapDrop.NO_UNDERLAY_NEIGHBOR;
    }
    return outerLength > underlay.maxFrameLength() || outerLength > tx.frameCapacity()
        ? EncapDrop.TOO_LONG
        : EncapDrop.PASS;
  }

  private int claimTx() {
    if (tx.isFull()) {
      flush();
    }
    return tx.claim();
  }

  private void flush() {
    if (!tx.isEmpty()) {
      counters.onUnderlayTxRefused(tx.size() - underlay.transmit(tx));
      tx.clear();
    }
  }

  /** Closes the tenant queues and buffers; the underlay port stays open (its owner closes it). */
  @Override
  public void close() {
    for (final OverlayPort port : tenantPorts) {
      port.closeQueue();
    }
    underlayHostPort.closeQueue();
    rx.close();
    tx.close();
  }
}
