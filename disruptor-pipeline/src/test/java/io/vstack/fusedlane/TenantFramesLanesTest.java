package io.vstack.fusedlane;

import static io.vstack.fusedlane.OverlayPair.UNDERLAY_A;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_B;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_MAC_A;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_MAC_B;
import static io.vstack.fusedlane.OverlayPair.VIP_A;
import static io.vstack.fusedlane.OverlayPair.VIP_B;
import static io.vstack.fusedlane.OverlayPair.VMAC_A;
import static io.vstack.fusedlane.OverlayPair.VMAC_B;
import static io.vstack.fusedlane.OverlayPair.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.arp.ArpWriter;
import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FastPathCounters;
import io.vstack.fastpath.FastPathDrop;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.lane.FrameSource;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.ThreadingMode;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.txqueue.TenantTxQueue;
import io.vstack.wire.ArpPacket;
import io.vstack.wire.Icmpv4Packet;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv4FrameWriter;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.MacAddress;
import io.vstack.wire.OverlayProtocol;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raw frames a tenant transmits through its transmit queue, taken by the lanes (2, SHARED, on the
 * test thread) and handled by {@link FusedFastPath#onTenantFrame}. Host a has three tenants: blue
 * (VIP_A, with a remote vIP VIP_B on host b), green (blue's peer) and red (nobody's peer). Host b
 * is a real fused fast path: an echo request from blue reaches it only if it was encapsulated right
 * (VNI, outer addresses, checksums), and it answers each one.
 */
@Timeout(120)
class TenantFramesLanesTest {
  private static final int BLUE = 0;
  private static final int GREEN = 1;
  private static final int RED = 2;
  private static final int VIP_GREEN = Ipv4Address.parse("10.0.1.1");
  private static final int VIP_RED = Ipv4Address.parse("10.0.2.1");
  private static final long VMAC_GREEN = 0x0200_0000_0C01L;
  private static final long VMAC_RED = 0x0200_0000_0D01L;
  private static final int LANES = 2;

  private final CachedNanoClock clock = new CachedNanoClock();
  private final TenantRegistry registryA =
      TenantRegistry.of(
          List.of(
              tenant(1, "blue", 100, VMAC_A, VIP_A, Set.of(2)),
              tenant(2, "green", 200, VMAC_GREEN, VIP_GREEN, Set.of(1)),
              tenant(3, "red", 300, VMAC_RED, VIP_RED, Set.of())));
  private final OverlaySettings settingsA =
      OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY_A, UNDERLAY_MAC_A);
  private final VtepTable vtepsA =
      VtepTable.of(registryA, UNDERLAY_A, List.of(new VtepTable.Remote(BLUE, VIP_B, UNDERLAY_B)));
  private final MemoryPort.Pair wire = MemoryPort.pair("b", "a", 4096, 1514);
  private final MemoryPort.Pair[] laneTx = new MemoryPort.Pair[LANES];
  private final FusedLaneHandler[] handlers = new FusedLaneHandler[LANES];
  private final TenantTxQueue blueQueue = TenantTxQueue.allocate(1 << 16);
  private final UnsafeBuffer frame = new UnsafeBuffer(new byte[1514]);
  private final Ipv4FrameWriter ipv4 = new Ipv4FrameWriter();

  TenantFramesLanesTest() {
    for (int i = 0; i < LANES; i++) {
      laneTx[i] = MemoryPort.pair("a-tx" + i, "b-rx" + i, 4096, 1514);
    }
  }

  @AfterEach
  void close() {
    blueQueue.close();
    wire.close();
    for (final MemoryPort.Pair pair : laneTx) {
      pair.close();
    }
  }

  private Lanes launch() {
    return Lanes.launch(
        new LanesContext()
            .threadingMode(ThreadingMode.SHARED)
            .useAgentInvoker(true)
            .laneCount(LANES)
            .source(FrameSource.of(wire.b()))
            .source(blueQueue.source(BLUE, 1514))
            .flowKeyExtractor(new OverlayFlowKeys(registryA, settingsA))
            .handlerFactory(
                (lane, slowPath) -> {
                  final FusedFastPath fastPath =
                      new FusedFastPath(
                          new FastPathContext()
                              .port(laneTx[lane].a())
                              .registry(registryA)
                              .vteps(vtepsA)
                              .settings(settingsA)
                              .clock(clock));
                  fastPath.underlayNeighbor(UNDERLAY_B, UNDERLAY_MAC_B);
                  handlers[lane] =
                      new FusedLaneHandler(
                          fastPath,
                          clock,
                          FusedLaneHandler.Application.NONE,
                          1,
                          new int[] {BLUE},
                          FusedLaneHandler.DEFAULT_TIMER_INTERVAL_NS);
                  return handlers[lane];
                }));
  }

  private FusedFastPath hostB() {
    final Port[] receives = new Port[LANES];
    for (int i = 0; i < LANES; i++) {
      receives[i] = laneTx[i].b();
    }
    return new OverlayPair().hostB(new MergedPort(wire.a(), receives), clock);
  }

  /** Blue's queue gets an ICMP echo request with these claims. */
  private void sendEcho(
      final long sourceMac,
      final int source,
      final long destinationMac,
      final int destination,
      final int sequence) {
    final int length =
        ipv4.write(
            frame,
            0,
            destinationMac,
            sourceMac,
            source,
            destination,
            Ipv4Packet.PROTOCOL_ICMP,
            Ipv4Packet.ECN_NOT_ECT,
            16);
    new Icmpv4Packet()
        .wrapForEmit(frame, Ipv4FrameWriter.HEADERS_LENGTH, 16)
        .type(Icmpv4Packet.TYPE_ECHO_REQUEST)
        .code(0)
        .identifier(7)
        .sequence(sequence)
        .fillChecksum();
    enqueue(length);
  }

  private void sendArpRequest(final int target) {
    final int length =
        new ArpWriter()
            .write(
                frame,
                0,
                ArpPacket.OPERATION_REQUEST,
                MacAddress.BROADCAST,
                VMAC_A,
                VIP_A,
                MacAddress.ZERO,
                target);
    enqueue(length);
  }

  private void enqueue(final int length) {
    assertThat(blueQueue.producer().write(TenantTxQueue.FRAME_MSG_TYPE_ID, frame, 0, length))
        .as("queue has room")
        .isTrue();
  }

  private long sum(final ToLongFunction<FastPathCounters> counter) {
    long total = 0;
    for (final FusedLaneHandler handler : handlers) {
      total += counter.applyAsLong(handler.fastPath().counters());
    }
    return total;
  }

  private void run(final Lanes lanes, final FusedFastPath peer, final int rounds) {
    for (int i = 0; i < rounds; i++) {
      clock.advance(20_000);
      lanes.invoke();
      for (final FusedLaneHandler handler : handlers) {
        handler.fastPath().flush();
      }
      if (peer != null) {
        peer.doWork();
      }
    }
  }

  @Test
  void shouldReachTheRemoteHostWhenATenantPingsThroughALane() {
    final int pings = 40;
    try (FusedFastPath peer = hostB();
        Lanes lanes = launch()) {
      for (int i = 0; i < pings; i++) {
        sendEcho(VMAC_A, VIP_A, VMAC_B, VIP_B, i);
      }
      for (int i = 0; i < 2_000 && peer.counters().echoAnswered() < pings; i++) {
        run(lanes, peer, 1);
      }
      assertThat(peer.counters().echoAnswered())
          .as("echo requests host b answered")
          .isEqualTo(pings);
      assertThat(peer.counters().rxTenant(TenantDrop.PASS)).isEqualTo(pings);
      assertThat(sum(c -> c.txPackets(BLUE))).as("encapsulated by host a").isEqualTo(pings);
      assertThat(sum(c -> c.txTenant(TenantDrop.PASS))).isEqualTo(pings);
      run(lanes, peer, 20);
      assertThat(sum(c -> c.rxTenant(TenantDrop.PASS)))
          .as("echo replies back at host a, through the overlay")
          .isEqualTo(pings);
      assertThat(handlers[0].tenantFramesNotHandled() + handlers[1].tenantFramesNotHandled())
          .isZero();
      assertThat(lanes.distinctErrors()).isZero();
    }
  }

  @Test
  void shouldDropAndCountSpoofedFramesWhenTheTenantClaimsAnotherSource() {
    try (FusedFastPath peer = hostB();
        Lanes lanes = launch()) {
      sendEcho(VMAC_GREEN, VIP_A, VMAC_B, VIP_B, 1);
      sendEcho(VMAC_A, VIP_GREEN, VMAC_B, VIP_B, 2);
      sendEcho(VMAC_A, Ipv4Address.parse("10.0.0.99"), VMAC_B, VIP_B, 3);
      sendEcho(MacAddress.BROADCAST, VIP_A, VMAC_B, VIP_B, 4);
      sendEcho(VMAC_A, VIP_A, VMAC_B, VIP_B, 5);
      run(lanes, peer, 200);
      assertThat(sum(c -> c.txTenant(TenantDrop.SPOOFED_SOURCE_MAC))).isEqualTo(2);
      assertThat(sum(c -> c.txTenant(TenantDrop.SPOOFED_SOURCE_IP))).isEqualTo(2);
      assertThat(sum(c -> c.txTenant(TenantDrop.PASS))).isEqualTo(1);
      assertThat(sum(c -> c.txPackets(BLUE))).as("only the honest frame left").isEqualTo(1);
      assertThat(peer.counters().echoAnswered()).isEqualTo(1);
      assertThat(peer.counters().rxTenant(TenantDrop.PASS)).isEqualTo(1);
    }
  }

  @Test
  void shouldDeliverLocallyToAPeerTenantAndIsolateOthersWhenTheTenantSendsOnThisHost() {
    final int toGreen = 25;
    try (Lanes lanes = launch()) {
      for (int i = 0; i < toGreen; i++) {
        sendEcho(VMAC_A, VIP_A, VMAC_GREEN, VIP_GREEN, i);
      }
      sendEcho(VMAC_A, VIP_A, VMAC_RED, VIP_RED, 100);
      sendEcho(VMAC_A, VIP_A, VMAC_RED, VIP_RED, 101);
      sendEcho(VMAC_A, VIP_A, VMAC_B, Ipv4Address.parse("10.9.9.9"), 102);
      sendArpRequest(VIP_B);
      sendArpRequest(VIP_GREEN);
      sendArpRequest(VIP_RED);
      run(lanes, null, 200);
      assertThat(sum(c -> c.rxPackets(GREEN))).as("delivered to green").isEqualTo(toGreen);
      assertThat(sum(FastPathCounters::localDelivered)).isEqualTo(toGreen);
      assertThat(sum(c -> c.rxPackets(RED))).isZero();
      assertThat(sum(c -> c.txTenant(TenantDrop.ISOLATED))).isEqualTo(2);
      assertThat(sum(c -> c.drops(FastPathDrop.NO_ROUTE))).isEqualTo(1);
      assertThat(sum(FastPathCounters::proxyArpAnswered))
          .as("ARP for blue's remote and peer vIPs")
          .isEqualTo(2);
      assertThat(sum(c -> c.drops(FastPathDrop.UNSUPPORTED_PROTOCOL)))
          .as("ARP for red")
          .isEqualTo(1);
      try (FrameBatch underlay = new FrameBatch(16, 1514)) {
        for (final MemoryPort.Pair pair : laneTx) {
          assertThat(pair.b().receive(underlay)).as("nothing reached the underlay").isZero();
        }
      }
    }
  }
}
