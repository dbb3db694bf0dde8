package io.vstack.fastpath;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.arp.ArpCache;
import io.vstack.arp.ArpWriter;
import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.Decapsulator;
import io.vstack.overlay.EncapDrop;
import io.vstack.overlay.Encapsulator;
import io.vstack.overlay.FlowHash;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.RemoteSourceGuard;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.stack.SegmentCodec;
import io.vstack.tcp.SegmentInfo;
import io.vstack.tcp.SegmentSink;
import io.vstack.tcp.TcpEngine;
import io.vstack.tenant.InnerSource;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantGuard;
import io.vstack.tenant.TenantRegistry;
import io.vstack.vswitch.LocalRing;
import io.vstack.vswitch.VirtualSwitch;
import io.vstack.wire.ArpPacket;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Icmpv4Packet;
import io.vstack.wire.Ipv4FrameWriter;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.MacAddress;
import io.vstack.wire.UdpDatagram;
import io.vstack.wire.VxlanHeader;
import io.vstack.wire.WireError;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The fused overlay fast path: one pass per packet from the underlay port to a tenant's TCP
 * connection and back, instead of the layered decap → tenant port → host agent → TCP chain of
 * {@link io.vstack.overlay.OverlayEndpoint}. See the package documentation for the diagram.
 *
 * <p>Receive ({@link #onFrame}): decapsulate (checked views over the port's buffer, no copy),
 * tenant slot from the VNI or from a NIC MARK, remote-source anti-spoofing ({@link
 * RemoteSourceGuard}), then the inner frame: proxy ARP for the tenant's vIPs, ICMP echo, or TCP
 * (checksum, {@link SegmentCodec} decode, {@link TcpEngine#onSegment}: the payload is copied once,
 * into the connection's receive buffer).
 *
 * <p>Transmit (each tenant engine's {@link SegmentSink}): the {@link VirtualSwitch} picks the
 * destination; for a remote one, the inner Ethernet + IPv4 + TCP headers and payload are written at
 * the {@link Encapsulator#headroom()} of a slot of the port's transmit burst and the outer headers
 * in front of them, in place: every byte is written once, straight into the port's buffer. Local
 * destinations (same tenant, or a peer tenant) go through the {@link LocalRing}, drained in {@link
 * #flush()}, and never reach the port.
 *
 * <p>Underlay neighbours: this host answers ARP for its underlay address, learns remote VTEP MACs
 * from ARP and from verified overlay frames, and asks by ARP for an unknown one (the segment that
 * found none is dropped, counted, and retransmitted by TCP). Inner neighbours (remote vIP to inner
 * MAC, per tenant) are learned from inner ARP and from verified inner IPv4, and resolved by an
 * inner ARP request through the overlay.
 *
 * <p>Single-threaded: {@link #doWork()}, the engines' API ({@link #engine}) and {@link #flush()}
 * run on one thread. Segments the application causes between duty cycles leave with the next {@link
 * #flush()} or {@link #doWork()}. Steady state allocates nothing.
 */
public final class FusedFastPath implements Agent, AutoCloseable {
  /** No tenant: {@link #tenantOf} found none, or {@link #onFrame} charged nobody. */
  public static final int NO_TENANT = -1;

  private static final long NEIGHBOR_REACHABLE_NANOS = TimeUnit.MINUTES.toNanos(5);
  // One probe per resolution: when it times out the entry is forgotten, and the next segment that
  // needs the address (TCP retransmits) asks again. No per-address retry state is needed.
  private static final long NEIGHBOR_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long NEIGHBOR_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int UNDERLAY_NEIGHBOR_CAPACITY = 1024;
  private static final int LOCAL_DRAIN_ROUNDS = 8;
  private static final int LOCAL_DRAIN_LIMIT = 1 << 16;
  // A neighbour that keeps sending from the same MAC is re-learned at most this often: the entry
  // stays reachable for minutes, so refreshing it on every frame only costs a hash lookup.
  private static final long RELEARN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long NONE = -1L;
  // How long a transmit route's neighbour lookups are reused while no neighbour cache changed: the
  // only thing that can happen to an entry meanwhile is its expiry (minutes after it was learned),
  // so a mapping may be used at most this long past it.
  private static final long RESOLVED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int INNER_TCP = Ipv4FrameWriter.HEADERS_LENGTH;
  private static final ArpCache.ResolutionListener FORGET =
      new ArpCache.ResolutionListener() {
        @Override
        public void onRetry(final int address) {}

        @Override
        public void onResolutionFailed(final int address) {}
      };

  private final Port port;
  private final TenantRegistry registry;
  private final OverlaySettings settings;
  private final NanoClock clock;
  private final Decapsulator decapsulator;
  private final Encapsulator encapsulator;
  private final RemoteSourceGuard remoteSources;
  private final VirtualSwitch vswitch;
  private final LocalRing localRing;
  private final TcpEngine[] engines;
  private final int[] vnis;
  private final ArpCache[] innerNeighbors;
  private final ArpCache underlayNeighbors;
  // Neighbour learning memo: the last mapping learned and when (underlay; inner per tenant slot).
  private int learnedUnderlay;
  private long learnedUnderlayMac = NONE;
  private long learnedUnderlayAt;
  private final int[] learnedInner;
  private final long[] learnedInnerMac;
  private final long[] learnedInnerAt;
  // Per tenant slot, the last destination vIP found to be the tenant's (NONE: none yet).
  private final long[] ownedDestination;
  // Per tenant slot, the last transmit route: source and destination vIP (NONE: none yet) to
  // source vMAC, vswitch route and remote underlay. Registry and VTEP table never change.
  private final long[] routedSource;
  private final int[] routedDestination;
  private final long[] routedSourceMac;
  private final int[] routedRoute;
  private final int[] routedUnderlay;
  // Per tenant slot, the neighbours of the last transmit route (underlay next hop, inner MAC), as
  // looked up at resolvedAt while neighborEpoch was resolvedEpoch. Every change to a neighbour
  // cache (learning, resolving, aging) advances neighborEpoch, so a memo is only reused while both
  // caches are unchanged, and for at most RESOLVED_NANOS (see there).
  private final long[] resolvedEpoch;
  private final long[] resolvedAt;
  private final long[] resolvedNextHopMac;
  private final long[] resolvedInnerMac;
  private long neighborEpoch;
  private final FastPathCounters counters;
  private final FrameBatch rx;
  private final FrameBatch tx;
  private final UnsafeBuffer rxView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer classifyView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer txView = new UnsafeBuffer(0, 0);
  private final EthernetFrame rxEthernet = new EthernetFrame();
  private final ArpPacket rxArp = new ArpPacket();
  private final Ipv4Packet rxIpv4 = new Ipv4Packet();
  private final Icmpv4Packet rxIcmp = new Icmpv4Packet();
  private final Ipv4FrameWriter ipv4Writer = new Ipv4FrameWriter();
  private final Icmpv4Packet txIcmp = new Icmpv4Packet();
  private final ArpWriter arpWriter = new ArpWriter();
  private final SegmentCodec codec = new SegmentCodec();
  private final SegmentInfo rxSegment = new SegmentInfo();
  private final LocalRing.Receiver localReceiver = this::onLocalFrame;
  private final int headroom;
  private final int maxInnerTcpLength;
  private long nextNeighborPoll;
  // The last VNI found in the registry and its slot (the registry never changes).
  private int lastVni = -1;
  private int lastVniSlot;
  private boolean closed;

  /** Builds the fast path and one TCP engine per tenant slot; concludes {@code context}. */
  public FusedFastPath(final FastPathContext context) {
    context.conclude();
    this.port = context.port();
    this.registry = context.registry();
    this.tenantGuard = new TenantGuard(registry);
    this.settings = context.settings();
    this.clock = context.clock();
    this.decapsulator = new Decapsulator(settings);
    this.encapsulator = new Encapsulator(settings);
    this.remoteSources = new RemoteSourceGuard(registry, context.vteps());
    this.vswitch = new VirtualSwitch(registry, context.vteps());
    final int frameCapacity = Math.max(FrameBatch.DEFAULT_FRAME_CAPACITY, port.maxFrameLength());
    this.rx = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
    this.tx = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
    this.localRing = new LocalRing(context.localRingCapacity(), frameCapacity);
    this.headroom = encapsulator.headroom();
    this.maxInnerTcpLength = Math.min(port.maxFrameLength(), frameCapacity) - headroom - INNER_TCP;
    final int tenants = registry.size();
    this.counters = new FastPathCounters(tenants);
    this.engines = new TcpEngine[tenants];
    this.vnis = new int[tenants];
    this.innerNeighbors = new ArpCache[tenants];
    this.learnedInner = new int[tenants];
    this.learnedInnerMac = new long[tenants];
    this.learnedInnerAt = new long[tenants];
    this.ownedDestination = new long[tenants];
    this.routedSource = new long[tenants];
    this.routedDestination = new int[tenants];
    this.routedSourceMac = new long[tenants];
    this.routedRoute = new int[tenants];
    this.routedUnderlay = new int[tenants];
    this.resolvedEpoch = new long[tenants];
    this.resolvedAt = new long[tenants];
    this.resolvedNextHopMac = new long[tenants];
    this.resolvedInnerMac = new long[tenants];
    Arrays.fill(resolvedEpoch, NONE);
    Arrays.fill(learnedInnerMac, NONE);
    Arrays.fill(ownedDestination, NONE);
    Arrays.fill(routedSource, NONE);
    final long now = clock.nanoTime();
    for (int slot = 0; slot < tenants; slot++) {
      vnis[slot] = registry.tenant(slot).vni();
      innerNeighbors[slot] = neighborCache(context.neighborCapacity());
      engines[slot] =
          new TcpEngine(context.tcpConfig(slot), new TenantSink(slot), context.handler(slot), now);
    }
    this.underlayNeighbors = neighborCache(UNDERLAY_NEIGHBOR_CAPACITY);
    this.nextNeighborPoll = now + NEIGHBOR_POLL_NANOS;
  }

  /**
   * The largest inner TCP MSS that fits {@code port}'s frames behind the overlay headers of {@code
   * settings}.
   */
  static int innerMss(final OverlaySettings settings, final Port port) {
    return new Encapsulator(settings)
        .innerTcpMss(port.maxFrameLength() - EthernetFrame.HEADER_LENGTH, false);
  }

  private static ArpCache neighborCache(final int capacity) {
    return new ArpCache(capacity, NEIGHBOR_REACHABLE_NANOS, NEIGHBOR_RETRY_NANOS, 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Public API
  // ---------------------------------------------------------------------------------------------

  /** The TCP engine (listen, connect, read, write, close) of the tenant in {@code slot}. */
  public TcpEngine engine(final int slot) {
    return engines[slot];
  }

  public FastPathCounters counters() {
    return counters;
  }

  /** Number of tenant slots. */
  public int tenants() {
    return engines.length;
  }

  /** The clock reading to pass to engine calls. */
  public long now() {
    return clock.nanoTime();
  }

  /** Sets the underlay MAC of a remote VTEP (normally learned from ARP or its traffic). */
  public void underlayNeighbor(final int underlayIpv4, final long mac) {
    underlayNeighbors.update(underlayIpv4, mac, clock.nanoTime());
    neighborEpoch++;
    learnedUnderlayMac = NONE;
  }

  /** Sets the inner MAC of a tenant's remote vIP (normally learned from inner ARP or traffic). */
  public void innerNeighbor(final int slot, final int virtualIpv4, final long mac) {
    innerNeighbors[slot].update(virtualIpv4, mac, clock.nanoTime());
    neighborEpoch++;
    learnedInnerMac[slot] = NONE;
  }

  @Override
  public String roleName() {
    return "fastpath-" + port.name();
  }

  @Override
  public int doWork() {
    rx.clear();
    final int received = port.receive(rx);
    for (int i = 0; i < received; i++) {
      onFrame(rx.address(i), rx.length(i), slotOfMark(port.mark(i)));
    }
    final int timers = pollTimers(clock.nanoTime());
    flush();
    return received + timers;
  }

  /**
   * The tenant slot a NIC MARK names: the per-tenant steering rules mark a tenant's frames with its
   * id ({@code io.vstack.tenant.TenantSteeringRules}). A MARK that is no tenant's id (a rule of
   * another purpose) names none, and the frame's VNI decides as if it were unmarked.
   *
   * @param mark a port's {@link Port#mark}, or {@link Port#NO_MARK}
   * @return the slot, or {@link #NO_TENANT}
   */
  public int slotOfMark(final long mark) {
    if (mark < 0 || mark > Integer.MAX_VALUE) {
      return NO_TENANT;
    }
    final int slot = registry.slotOfId((int) mark);
    return slot == TenantRegistry.NO_SLOT ? NO_TENANT : slot;
  }

  /**
   * The tenant slot of an underlay frame from its outer VNI alone (no checksum, no anti-spoofing):
   * for grouping a burst by tenant before processing it.
   *
   * @return the slot, or {@link #NO_TENANT} when the frame is not overlay traffic to this host's
   *     overlay port or its VNI belongs to no tenant
   */
  public int tenantOf(final long address, final int length) {
    final int udp = EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH;
    if (length < udp + UdpDatagram.HEADER_LENGTH + VxlanHeader.HEADER_LENGTH) {
      return NO_TENANT;
    }
    final UnsafeBuffer frame = classifyView;
    frame.wrap(address, length);
    final int versionIhl = frame.getByte(EthernetFrame.HEADER_LENGTH) & 0xFF;
    final int tunnel =
        EthernetFrame.HEADER_LENGTH + (versionIhl & 0x0F) * 4 + UdpDatagram.HEADER_LENGTH;
    if (frame.getShort(EthernetFrame.TYPE_OFFSET, BIG_ENDIAN) != EthernetFrame.TYPE_IPV4
        || (versionIhl >>> 4) != 4
        || (versionIhl & 0x0F) < 5
        || length < tunnel + VxlanHeader.HEADER_LENGTH
        || frame.getByte(EthernetFrame.HEADER_LENGTH + Ipv4Packet.PROTOCOL_OFFSET)
            != Ipv4Packet.PROTOCOL_UDP
        || (frame.getShort(tunnel - UdpDatagram.HEADER_LENGTH + 2, BIG_ENDIAN) & 0xFFFF)
            != settings.udpPort()) {
      return NO_TENANT;
    }
    // VXLAN and Geneve both carry the 24-bit VNI at bytes 4..6 of their header.
    final int vni = frame.getInt(tunnel + 4, BIG_ENDIAN) >>> 8;
    final int slot = registry.slotOfVni(vni);
    return slot == TenantRegistry.NO_SLOT ? NO_TENANT : slot;
  }

  /**
   * Processes one received underlay frame completely: decapsulation, tenant, anti-spoofing, proxy
   * ARP / ICMP echo / TCP; what the tenant's engine answers is queued for transmission.
   *
   * @param markedSlot the tenant slot a NIC rule MARKed the frame with, which replaces the VNI
   *     lookup, or {@link #NO_TENANT}
   * @return the tenant slot charged for the frame, or {@link #NO_TENANT}
   */
  public int onFrame(final long address, final int length, final int markedSlot) {
    rxView.wrap(address, length);
    final DecapDrop outcome = decapsulator.decapsulate(rxView, 0, length);
    counters.onDecap(outcome);
    if (outcome == DecapDrop.NOT_OVERLAY) {
      onUnderlayFrame(length);
      return NO_TENANT;
    }
    if (outcome != DecapDrop.PASS) {
      return NO_TENANT;
    }
    final int slot;
    if (markedSlot == NO_TENANT) {
      final int vni = decapsulator.vni();
      if (vni != lastVni) {
        final int found = registry.slotOfVni(vni);
        if (found == TenantRegistry.NO_SLOT) {
          counters.onRxTenant(TenantDrop.UNKNOWN_VNI);
          return NO_TENANT;
        }
        lastVni = vni;
        lastVniSlot = found;
      }
      slot = lastVniSlot;
    } else if (markedSlot < 0 || markedSlot >= engines.length) {
      counters.onDrop(FastPathDrop.BAD_MARK);
      return NO_TENANT;
    } else {
      slot = markedSlot;
      counters.onMarked();
    }
    final int innerOffset = decapsulator.innerOffset();
    final int innerLength = decapsulator.innerLength();
    final int outerSource = decapsulator.outerSource();
    final TenantDrop verdict =
        remoteSources.check(slot, outerSource, rxView, innerOffset, innerLength);
    counters.onRxTenant(verdict);
    if (verdict != TenantDrop.PASS) {
      return slot;
    }
    final long now = clock.nanoTime();
    final long outerSourceMac = decapsulator.outerSourceMac();
    learnUnderlay(outerSource, outerSourceMac, now);
    final InnerSource inner = remoteSources.source();
    if (inner.kind() == InnerSource.Kind.ARP) {
      onInnerArp(slot, innerOffset, innerLength, outerSource, outerSourceMac, now);
      return slot;
    }
    learnInner(slot, inner.ipv4Source(), inner.mac(), now);
    // The guard has checked the inner IPv4 header already (checksum included): use its view.
    final Ipv4Packet ipv4 = inner.ipv4();
    if (onInnerIpv4(slot, ipv4, inner.ipv4Error(), inner.ethernet().payloadLength(), now)
        == Ipv4Packet.PROTOCOL_ICMP) {
      answerEcho(slot, ipv4, inner.mac(), outerSource, outerSourceMac);
    }
    return slot;
  }

  /** Sends the transmit burst after running the local (tenant-to-tenant) deliveries. */
  public void flush() {
    drainLocal(LOCAL_DRAIN_ROUNDS);
    flushPort();
  }

  /**
   * Runs the local (tenant-to-tenant) deliveries until none is left, as when a lane hands
   * connections over: a segment still in the local ring would reach an engine that no longer has
   * its connection. Each delivery may answer (ACK, more data), so this loops; it ends because no
   * more can be in flight than the connections' windows (bounded anyway).
   */
  public void drainLocal() {
    drainLocal(LOCAL_DRAIN_LIMIT);
  }

  private void drainLocal(final int rounds) {
    for (int round = 0; round < rounds && !localRing.isEmpty(); round++) {
      localRing.drain(localReceiver);
    }
  }

  /**
   * The slot of the tenant of this host that packets from the tenant in {@code slot} to {@code
   * virtualIpv4} reach through the vswitch (possibly {@code slot} itself), or {@link #NO_TENANT}
   * when they leave the host or go nowhere.
   */
  public int localTenantOf(final int slot, final int virtualIpv4) {
    final int route = vswitch.route(slot, virtualIpv4);
    return route >= 0 ? route : NO_TENANT;
  }

  /**
   * Advances every tenant engine's timers (and ages the neighbour caches).
   *
   * @return timers that fired
   */
  public int pollTimers(final long now) {
    int work = 0;
    for (final TcpEngine engine : engines) {
      work += engine.poll(now);
    }
    if (now - nextNeighborPoll >= 0) {
      nextNeighborPoll = now + NEIGHBOR_POLL_NANOS;
      underlayNeighbors.poll(now, FORGET);
      neighborEpoch++;
      for (final ArpCache neighbors : innerNeighbors) {
        neighbors.poll(now, FORGET);
      }
    }
    return work;
  }

  /** Frees the burst and ring buffers (once); the port stays open (its owner closes it). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    rx.close();
    tx.close();
    localRing.close();
  }

  @Override
  public void onClose() {
    close();
  }

  // ---------------------------------------------------------------------------------------------
  // Receive
  // ---------------------------------------------------------------------------------------------

  // Learning refreshes a neighbour's entry; the same mapping is refreshed at most every
  // RELEARN_NANOS (see there), a changed one at once.
  private void learnUnderlay(final int address, final long mac, final long now) {
    if (address != learnedUnderlay
        || mac != learnedUnderlayMac
        || now - learnedUnderlayAt >= RELEARN_NANOS) {
      underlayNeighbors.update(address, mac, now);
      neighborEpoch++;
      learnedUnderlay = address;
      learnedUnderlayMac = mac;
      learnedUnderlayAt = now;
    }
  }

  private void learnInner(final int slot, final int address, final long mac, final long now) {
    if (address != learnedInner[slot]
        || mac != learnedInnerMac[slot]
        || now - learnedInnerAt[slot] >= RELEARN_NANOS) {
      innerNeighbors[slot].update(address, mac, now);
      neighborEpoch++;
      learnedInner[slot] = address;
      learnedInnerMac[slot] = mac;
      learnedInnerAt[slot] = now;
    }
  }

  /**
   * An inner IPv4 packet for the tenant, its header already checked by {@code ipv4.wrap}, which
   * answered {@code error}: TCP goes to its engine.
   *
   * @param length the inner Ethernet payload length
   * @return the IP protocol when the caller has more to do (an ICMP echo request, now in {@link
   *     #rxIcmp}), else 0
   */
  private int onInnerIpv4(
      final int slot,
      final Ipv4Packet ipv4,
      final WireError error,
      final int length,
      final long now) {
    if (error != WireError.OK) {
      counters.onDrop(
          error == WireError.FRAGMENT ? FastPathDrop.INNER_FRAGMENT : FastPathDrop.MALFORMED_TCP);
      return 0;
    }
    final int destination = ipv4.destination();
    if (destination != ownedDestination[slot]) {
      if (!registry.ownsIpv4(slot, destination)) {
        counters.onDrop(FastPathDrop.NOT_TENANT_ADDRESS);
        return 0;
      }
      ownedDestination[slot] = destination;
    }
    if (ipv4.protocol() == Ipv4Packet.PROTOCOL_TCP) {
      if (codec.decode(ipv4, rxSegment) != WireError.OK) {
        counters.onDrop(FastPathDrop.MALFORMED_TCP);
        return 0;
      }
      counters.onRx(slot, EthernetFrame.HEADER_LENGTH + length);
      engines[slot].onSegment(rxSegment, now);
      return 0;
    }
    if (ipv4.protocol() == Ipv4Packet.PROTOCOL_ICMP
        && rxIcmp.wrap(ipv4.buffer(), ipv4.payloadOffset(), ipv4.payloadLength()) == WireError.OK
        && rxIcmp.type() == Icmpv4Packet.TYPE_ECHO_REQUEST) {
      counters.onRx(slot, EthernetFrame.HEADER_LENGTH + length);
      return Ipv4Packet.PROTOCOL_ICMP;
    }
    counters.onDrop(FastPathDrop.UNSUPPORTED_PROTOCOL);
    return 0;
  }

  // Proxy ARP: the stack answers for the tenant's vIPs; the sender is learned (RFC 826).
  private void onInnerArp(
      final int slot,
      final int offset,
      final int length,
      final int outerSource,
      final long outerSourceMac,
      final long now) {
    rxEthernet.wrap(rxView, offset, length);
    rxArp.wrap(rxView, rxEthernet.payloadOffset(), rxEthernet.payloadLength());
    final int sender = rxArp.senderProtocol();
    final long senderMac = rxArp.senderHardware();
    if (sender != 0) {
      innerNeighbors[slot].update(sender, senderMac, now);
      neighborEpoch++;
    }
    final int target = rxArp.targetProtocol();
    final long targetMac = registry.macOfIpv4(slot, target);
    if (rxArp.operation() != ArpPacket.OPERATION_REQUEST || targetMac == TenantRegistry.NO_MAC) {
      return;
    }
    sendInnerArp(
        slot,
        ArpPacket.OPERATION_REPLY,
        senderMac,
        targetMac,
        target,
        senderMac,
        sender,
        outerSource,
        outerSourceMac);
    counters.onProxyArpAnswered();
  }

  // The reply is the request with the type changed: identifier, sequence and data copied as is.
  private void answerEcho(
      final int slot,
      final Ipv4Packet ipv4,
      final long senderMac,
      final int outerSource,
      final long outerSourceMac) {
    final int index = claimTx();
    if (index < 0) {
      return;
    }
    final int icmpLength = rxIcmp.length();
    final int vip = ipv4.destination();
    final int innerLength =
        ipv4Writer.write(
            txView,
            headroom,
            senderMac,
            registry.macOfIpv4(slot, vip),
            vip,
            ipv4.source(),
            Ipv4Packet.PROTOCOL_ICMP,
            Ipv4Packet.ECN_NOT_ECT,
            icmpLength);
    txView.putBytes(headroom + INNER_TCP, rxIcmp.buffer(), rxIcmp.offset(), icmpLength);
    txIcmp
        .wrapForEmit(txView, headroom + INNER_TCP, icmpLength)
        .type(Icmpv4Packet.TYPE_ECHO_REPLY)
        .code(0)
        .fillChecksum();
    encapsulate(index, slot, innerLength, outerSource, outerSourceMac);
    counters.onEchoAnswered();
  }

  // Underlay traffic that is not overlay: ARP for this host's underlay address.
  private void onUnderlayFrame(final int length) {
    if (rxEthernet.wrap(rxView, 0, length) != WireError.OK
        || rxEthernet.etherType() != EthernetFrame.TYPE_ARP
        || rxArp.wrap(rxView, rxEthernet.payloadOffset(), rxEthernet.payloadLength())
            != WireError.OK
        || rxArp.targetProtocol() != settings.underlayIpv4()
        || rxArp.senderProtocol() == 0
        || MacAddress.isMulticast(rxArp.senderHardware())) {
      return;
    }
    final int sender = rxArp.senderProtocol();
    final long senderMac = rxArp.senderHardware();
    underlayNeighbors.update(sender, senderMac, clock.nanoTime());
    neighborEpoch++;
    if (rxArp.operation() == ArpPacket.OPERATION_REQUEST) {
      sendUnderlayArp(ArpPacket.OPERATION_REPLY, senderMac, senderMac, sender);
      counters.onUnderlayArpAnswered();
    }
  }

  private void onLocalFrame(final int slot, final MutableDirectBuffer frame, final int length) {
    counters.onLocalDelivered();
    final int ipLength = length - EthernetFrame.HEADER_LENGTH;
    final WireError error = rxIpv4.wrap(frame, EthernetFrame.HEADER_LENGTH, ipLength);
    onInnerIpv4(slot, rxIpv4, error, ipLength, clock.nanoTime());
  }

  // ---------------------------------------------------------------------------------------------
  // Transmit
  // ---------------------------------------------------------------------------------------------

  private void emit(final int slot, final SegmentInfo seg) {
    final int source = seg.sourceAddress;
    final int destination = seg.destinationAddress;
    if (source != routedSource[slot] || destination != routedDestination[slot]) {
      final long mac = registry.macOfIpv4(slot, source);
      if (mac == TenantRegistry.NO_MAC) {
        counters.onTxTenant(TenantDrop.SPOOFED_SOURCE_IP);
        return;
      }
      final int found = vswitch.route(slot, destination);
      routedSource[slot] = source;
      routedDestination[slot] = destination;
      routedSourceMac[slot] = mac;
      routedRoute[slot] = found;
      routedUnderlay[slot] = found == VirtualSwitch.REMOTE ? vswitch.remoteUnderlay() : 0;
      resolvedEpoch[slot] = NONE;
    }
    final long sourceMac = routedSourceMac[slot];
    final int route = routedRoute[slot];
    if (route >= 0) {
      emitLocal(slot, route, sourceMac, seg);
      return;
    }
    if (unroutable(route)) {
      return;
    }
    final int underlay = routedUnderlay[slot];
    final long now = clock.nanoTime();
    final long nextHopMac;
    final long innerMac;
    if (resolvedEpoch[slot] == neighborEpoch && now - resolvedAt[slot] < RESOLVED_NANOS) {
      nextHopMac = resolvedNextHopMac[slot];
      innerMac = resolvedInnerMac[slot];
    } else {
      nextHopMac = underlayNextHop(underlay, now);
      if (nextHopMac == ArpCache.NO_MAC) {
        return;
      }
      innerMac = innerNeighbors[slot].lookup(destination, now);
      if (innerMac == ArpCache.NO_MAC) {
        learnedInnerMac[slot] = NONE;
        neighborEpoch++;
        if (innerNeighbors[slot].startResolution(destination, now)) {
          sendInnerArp(
              slot,
              ArpPacket.OPERATION_REQUEST,
              MacAddress.BROADCAST,
              sourceMac,
              source,
              MacAddress.ZERO,
              destination,
              underlay,
              nextHopMac);
        }
        counters.onDrop(FastPathDrop.NO_INNER_NEIGHBOR);
        return;
      }
      resolvedEpoch[slot] = neighborEpoch;
      resolvedAt[slot] = now;
      resolvedNextHopMac[slot] = nextHopMac;
      resolvedInnerMac[slot] = innerMac;
    }
    final int tcpLength = codec.prepare(seg, maxInnerTcpLength);
    if (tcpLength > maxInnerTcpLength) {
      counters.onEncap(EncapDrop.TOO_LONG);
      return;
    }
    final int index = claimTx();
    if (index < 0) {
      return;
    }
    final int innerLength =
        ipv4Writer.write(
            txView,
            headroom,
            innerMac,
            sourceMac,
            source,
            destination,
            Ipv4Packet.PROTOCOL_TCP,
            seg.ecn,
            tcpLength);
    codec.write(seg, txView, headroom + INNER_TCP);
    encapsulator.encapsulate(
        txView,
        headroom,
        innerLength,
        vnis[slot],
        underlay,
        nextHopMac,
        FlowHash.ipv4SourcePort(
            settings.hashSeed(),
            source,
            destination,
            Ipv4Packet.PROTOCOL_TCP,
            seg.sourcePort,
            seg.destinationPort));
    tx.length(index, headroom + innerLength);
    counters.onTx(slot, innerLength);
  }

  // Same host: the frame goes through the local ring, never through the port.
  private void emitLocal(
      final int from, final int to, final long sourceMac, final SegmentInfo seg) {
    final int tcpLength = codec.prepare(seg, maxInnerTcpLength);
    final int index = localRing.claim(to);
    if (index < 0) {
      counters.onDrop(FastPathDrop.LOCAL_FULL);
      return;
    }
    final MutableDirectBuffer frame = localRing.buffer();
    final int length =
        ipv4Writer.write(
            frame,
            0,
            registry.macOfIpv4(to, seg.destinationAddress),
            sourceMac,
            seg.sourceAddress,
            seg.destinationAddress,
            Ipv4Packet.PROTOCOL_TCP,
            seg.ecn,
            tcpLength);
    codec.write(seg, frame, INNER_TCP);
    localRing.commit(index, length);
    counters.onTx(from, length);
  }

  /** An inner ARP frame of the tenant, through the overlay to the VTEP at {@code underlay}. */
  private void sendInnerArp(
      final int slot,
      final int operation,
      final long frameDestination,
      final long senderMac,
      final int sender,
      final long targetMac,
      final int target,
      final int underlay,
      final long nextHopMac) {
    final int index = claimTx();
    if (index < 0) {
      return;
    }
    final int innerLength =
        arpWriter.write(
            txView, headroom, operation, frameDestination, senderMac, sender, targetMac, target);
    encapsulate(index, slot, innerLength, underlay, nextHopMac);
  }

  private void sendUnderlayArp(
      final int operation, final long frameDestination, final long targetMac, final int target) {
    final int index = claimTx();
    if (index < 0) {
      return;
    }
    final int length =
        arpWriter.write(
            txView,
            0,
            operation,
            frameDestination,
            settings.underlayMac(),
            settings.underlayIpv4(),
            targetMac,
            target);
    tx.length(index, length);
  }

  /** Claims a slot of the transmit burst and points {@link #txView} at it; -1 (counted) if none. */
  private int claimTx() {
    if (tx.isFull()) {
      flushPort();
    }
    final int index = tx.claim();
    if (index < 0) {
      counters.onDrop(FastPathDrop.TX_FULL);
      return -1;
    }
    tx.wrapForWrite(index, txView);
    return index;
  }

  /** Writes the outer headers in front of the inner frame at the headroom, in place. */
  private void encapsulate(
      final int index,
      final int slot,
      final int innerLength,
      final int underlay,
      final long nextHopMac) {
    encapsulator.encapsulate(txView, headroom, innerLength, vnis[slot], underlay, nextHopMac);
    tx.length(index, headroom + innerLength);
    counters.onTx(slot, innerLength);
  }

  private void flushPort() {
    if (!tx.isEmpty()) {
      final int refused = tx.size() - port.transmit(tx);
      if (refused > 0) {
        counters.onDrop(FastPathDrop.PORT_REFUSED, refused);
      }
      tx.clear();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Raw frames a tenant transmits (its transmit queue)
  // ---------------------------------------------------------------------------------------------

  private final TenantGuard tenantGuard;
  private final UnsafeBuffer tenantView = new UnsafeBuffer(0, 0);
  private final ArpPacket tenantArp = new ArpPacket();

  /**
   * Processes one raw Ethernet frame the tenant in {@code slot} transmitted (from its transmit
   * queue; the frame is the stack's copy, which the tenant can no longer change):
   *
   * <ol>
   *   <li>local anti-spoofing ({@link TenantGuard#checkLocal}: the source vMAC and the IPv4 source
   *       or ARP sender must be the tenant's), counted as {@link FastPathCounters#txTenant};
   *   <li>ARP: a request for a vIP the tenant can reach (its own, a peer's, or a remote one in the
   *       VTEP table) is answered by the stack (proxy ARP, {@link
   *       FastPathCounters#proxyArpAnswered}), never flooded; in the fused path a tenant receives
   *       through its TCP engine, which needs no ARP, so the reply is counted, not delivered; other
   *       ARP is dropped ({@link FastPathDrop#UNSUPPORTED_PROTOCOL});
   *   <li>IPv4, routed by the {@link VirtualSwitch}: to this host's tenant (itself or a peer)
   *       through the {@link LocalRing} (delivered at {@link #flush()} to that tenant's engine); to
   *       a tenant that is not a peer: {@link TenantDrop#ISOLATED}; to a remote vIP: the frame is
   *       copied once, as is, into a slot of the port's transmit burst at the encapsulator's
   *       headroom and the outer headers are written in front of it. IPv6 is not routed ({@link
   *       FastPathDrop#UNSUPPORTED_PROTOCOL}).
   * </ol>
   *
   * <p>Allocation-free; a bad frame only costs a counter.
   *
   * @param slot the tenant the transmit queue belongs to
   * @return {@code slot}, or {@link #NO_TENANT} when no tenant has that slot ({@link
   *     FastPathDrop#BAD_MARK})
   */
  public int onTenantFrame(final int slot, final long address, final int length) {
    if (slot < 0 || slot >= engines.length) {
      counters.onDrop(FastPathDrop.BAD_MARK);
      return NO_TENANT;
    }
    tenantView.wrap(address, length);
    final TenantDrop verdict = tenantGuard.checkLocal(slot, tenantView, 0, length);
    counters.onTxTenant(verdict);
    if (verdict != TenantDrop.PASS) {
      return slot;
    }
    final InnerSource source = tenantGuard.source();
    switch (source.kind()) {
      case ARP -> onTenantArp(slot, length);
      case IPV4 -> routeTenantFrame(slot, source.ipv4Destination(), length);
      case IPV6 -> counters.onDrop(FastPathDrop.UNSUPPORTED_PROTOCOL);
    }
    return slot;
  }

  private void onTenantArp(final int slot, final int length) {
    tenantArp.wrap(tenantView, EthernetFrame.HEADER_LENGTH, length - EthernetFrame.HEADER_LENGTH);
    final int target = tenantArp.targetProtocol();
    if (tenantArp.operation() != ArpPacket.OPERATION_REQUEST
        || vswitch.route(slot, target) < VirtualSwitch.REMOTE) {
      counters.onDrop(FastPathDrop.UNSUPPORTED_PROTOCOL);
      return;
    }
    counters.onProxyArpAnswered();
  }

  private void routeTenantFrame(final int slot, final int destination, final int length) {
    if (length > tx.frameCapacity()) {
      counters.onEncap(EncapDrop.TOO_LONG);
      return;
    }
    final int route = vswitch.route(slot, destination);
    if (route >= 0) {
      final int index = localRing.claim(route);
      if (index < 0) {
        counters.onDrop(FastPathDrop.LOCAL_FULL);
        return;
      }
      localRing.buffer().putBytes(0, tenantView, 0, length);
      localRing.commit(index, length);
      counters.onTx(slot, length);
      return;
    }
    if (unroutable(route)) {
      return;
    }
    final int underlay = vswitch.remoteUnderlay();
    final long nextHopMac = underlayNextHop(underlay, clock.nanoTime());
    if (nextHopMac == ArpCache.NO_MAC) {
      return;
    }
    if (headroom + length > port.maxFrameLength() || headroom + length > tx.frameCapacity()) {
      counters.onEncap(EncapDrop.TOO_LONG);
      return;
    }
    final int index = claimTx();
    if (index < 0) {
      return;
    }
    txView.putBytes(headroom, tenantView, 0, length);
    encapsulate(index, slot, length, underlay, nextHopMac);
  }

  /** Counts a route that leads nowhere (isolated, or no route); true if {@code route} is one. */
  private boolean unroutable(final int route) {
    if (route == VirtualSwitch.ISOLATED) {
      counters.onTxTenant(TenantDrop.ISOLATED);
      return true;
    }
    if (route == VirtualSwitch.NO_ROUTE) {
      counters.onDrop(FastPathDrop.NO_ROUTE);
      return true;
    }
    return false;
  }

  /**
   * The underlay MAC of {@code underlay}, or NO_MAC after asking for it by ARP (counted; the miss
   * changed the cache, so the neighbour memos are invalidated).
   */
  private long underlayNextHop(final int underlay, final long now) {
    final long mac = underlayNeighbors.lookup(underlay, now);
    if (mac == ArpCache.NO_MAC) {
      learnedUnderlayMac = NONE;
      neighborEpoch++;
      if (underlayNeighbors.startResolution(underlay, now)) {
        sendUnderlayArp(
            ArpPacket.OPERATION_REQUEST, MacAddress.BROADCAST, MacAddress.ZERO, underlay);
      }
      counters.onEncap(EncapDrop.NO_UNDERLAY_NEIGHBOR);
    }
    return mac;
  }

  /** The sink of one tenant's engine: knows the tenant's slot. */
  private final class TenantSink implements SegmentSink {
    private final int slot;

    TenantSink(final int slot) {
      this.slot = slot;
    }

    @Override
    public void emit(final SegmentInfo segment) {
      FusedFastPath.this.emit(slot, segment);
    }
  }
}
