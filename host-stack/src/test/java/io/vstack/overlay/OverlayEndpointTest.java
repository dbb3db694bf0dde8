package io.vstack.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.port.Allocations;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.util.List;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link OverlayEndpoint} on one end of an in-process wire; the test plays the remote VTEP on
 * the other end with its own {@link Encapsulator}/{@link Decapsulator}.
 */
class OverlayEndpointTest {
  private static final int LOCAL = Ipv4Address.parse("192.0.2.1");
  private static final int REMOTE = Ipv4Address.parse("192.0.2.2");
  private static final int OTHER_HOST = Ipv4Address.parse("192.0.2.3");
  private static final long LOCAL_MAC = 0x0200_0000_0001L;
  private static final long REMOTE_MAC = 0x0200_0000_0002L;
  private static final int VIP = Ipv4Address.parse("10.0.0.1");
  private static final int REMOTE_VIP = Ipv4Address.parse("10.0.0.2");
  private static final long BLUE_MAC = 0x0200_0000_0101L;
  private static final long RED_MAC = 0x0200_0000_0201L;
  private static final long REMOTE_VMAC = 0x0200_0000_0A02L;

  private final MemoryPort.Pair wire = MemoryPort.pair("vstack", "remote");
  private final TenantRegistry registry =
      TenantRegistry.of(
          List.of(
              Tenant.of(
                  1, "blue", 100, List.of(new VirtualInterface(BLUE_MAC, List.of(VIP), List.of()))),
              Tenant.of(
                  2, "red", 200, List.of(new VirtualInterface(RED_MAC, List.of(VIP), List.of())))));
  private final VtepTable vteps =
      VtepTable.of(
          registry,
          LOCAL,
          List.of(
              new VtepTable.Remote(0, REMOTE_VIP, REMOTE),
              new VtepTable.Remote(1, REMOTE_VIP, REMOTE)));
  private final CachedNanoClock clock = new CachedNanoClock();
  private final OverlayEndpoint endpoint =
      new OverlayEndpoint(
          wire.a(),
          OverlaySettings.of(OverlayProtocol.VXLAN, LOCAL, LOCAL_MAC),
          registry,
          vteps,
          clock);
  private final OverlaySettings remoteSettings =
      OverlaySettings.of(OverlayProtocol.VXLAN, REMOTE, REMOTE_MAC);
  private final Encapsulator remote = new Encapsulator(remoteSettings);
  private final Decapsulator remoteDecap = new Decapsulator(remoteSettings);
  private final FrameBatch batch = new FrameBatch();
  private final FrameBatch received = new FrameBatch();
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

  @AfterEach
  void close() {
    endpoint.close();
    wire.close();
    batch.close();
    received.close();
  }

  /** The remote VTEP sends an echo request from {@code source} to a tenant of {@code vni}. */
  private void sendFromRemote(
      final int vni, final long sourceMac, final int source, final int outerSource) {
    batch.clear();
    final int slot = batch.claim();
    batch.wrapForWrite(slot, view);
    final int inner = remote.headroom();
    final int length = InnerFrames.echoRequest(view, inner, BLUE_MAC, sourceMac, source, VIP, 1);
    remote.encapsulate(view, inner, length, vni, LOCAL, LOCAL_MAC);
    if (outerSource != REMOTE) {
      new io.vstack.wire.Ipv4Packet().wrapForEmit(view, 14, 20).source(outerSource).fillChecksum();
    }
    batch.length(slot, inner + length);
    wire.b().transmit(batch);
  }

  private int receiveOn(final int slot) {
    received.clear();
    return endpoint.tenantPort(slot).receive(received);
  }

  @Test
  void shouldDeliverInnerFramesToTheTenantOfTheirVniOnly() {
    sendFromRemote(100, REMOTE_VMAC, REMOTE_VIP, REMOTE);
    sendFromRemote(200, REMOTE_VMAC, REMOTE_VIP, REMOTE);
    sendFromRemote(200, REMOTE_VMAC, REMOTE_VIP, REMOTE);

    assertThat(receiveOn(0)).isEqualTo(1);
    assertThat(received.length(0)).isEqualTo(InnerFrames.ECHO_LENGTH);
    received.wrap(0, view);
    assertThat(io.vstack.wire.MacAddress.read(view, 6)).isEqualTo(REMOTE_VMAC);
    assertThat(receiveOn(1)).isEqualTo(2);
    assertThat(endpoint.counters().rxTenant(TenantDrop.PASS)).isEqualTo(3);
  }

  @Test
  void shouldDropAndCountUnknownVniAndSpoofedSourcesWithoutReachingAnyTenant() {
    sendFromRemote(300, REMOTE_VMAC, REMOTE_VIP, REMOTE);
    sendFromRemote(100, REMOTE_VMAC, Ipv4Address.parse("10.0.0.9"), REMOTE);
    sendFromRemote(100, REMOTE_VMAC, REMOTE_VIP, OTHER_HOST);
    sendFromRemote(100, BLUE_MAC, REMOTE_VIP, REMOTE);
    sendFromRemote(100, 0x0100_5E00_0001L, REMOTE_VIP, REMOTE);
    sendFromRemote(100, REMOTE_VMAC, VIP, REMOTE);

    assertThat(receiveOn(0) + receiveOn(1)).isZero();
    final OverlayCounters counters = endpoint.counters();
    assertThat(counters.rxTenant(TenantDrop.UNKNOWN_VNI)).isEqualTo(1);
    assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_IP))
        .as("unknown vIP, vIP of another VTEP, local vIP of the tenant")
        .isEqualTo(3);
    assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_MAC))
        .as("local vMAC, multicast")
        .isEqualTo(2);
    assertThat(counters.rxTenant(TenantDrop.PASS)).isZero();
  }

  @Test
  void shouldEncapsulateTenantFramesToTheVtepOfTheirDestination() {
    endpoint.neighbor(REMOTE, REMOTE_MAC);
    final int length = echoFromTenant(BLUE_MAC, VIP, REMOTE_VIP);

    endpoint.tenantPort(0).transmit(batch);

    received.clear();
    assertThat(wire.b().receive(received)).isEqualTo(1);
    received.wrap(0, view);
    assertThat(remoteDecap.decapsulate(view, 0, received.length(0))).isEqualTo(DecapDrop.PASS);
    assertThat(remoteDecap.vni()).isEqualTo(100);
    assertThat(remoteDecap.outerSource()).isEqualTo(LOCAL);
    assertThat(remoteDecap.innerLength()).isEqualTo(length);
    assertThat(endpoint.tenantPort(0).counters().txFrames()).isEqualTo(1);
  }

  @Test
  void shouldRefuseTenantFramesWithSpoofedSourcesOrNowhereToGo() {
    echoFromTenant(BLUE_MAC, VIP, REMOTE_VIP);
    endpoint.tenantPort(0).transmit(batch); // remote MAC not known yet
    echoFromTenant(BLUE_MAC, VIP + 7, REMOTE_VIP);
    endpoint.tenantPort(0).transmit(batch);
    echoFromTenant(RED_MAC, VIP, REMOTE_VIP);
    endpoint.tenantPort(0).transmit(batch);
    echoFromTenant(BLUE_MAC, VIP, Ipv4Address.parse("10.9.9.9"));
    endpoint.tenantPort(0).transmit(batch);
    echoFromTenant(BLUE_MAC, VIP, VIP);
    endpoint.tenantPort(0).transmit(batch);

    final OverlayCounters counters = endpoint.counters();
    assertThat(counters.encap(EncapDrop.NO_UNDERLAY_NEIGHBOR)).isEqualTo(1);
    assertThat(counters.txTenant(TenantDrop.SPOOFED_SOURCE_IP)).isEqualTo(1);
    assertThat(counters.txTenant(TenantDrop.SPOOFED_SOURCE_MAC)).isEqualTo(1);
    assertThat(counters.encap(EncapDrop.NO_VTEP)).isEqualTo(1);
    assertThat(counters.encap(EncapDrop.LOCAL_DESTINATION)).isEqualTo(1);
    assertThat(endpoint.tenantPort(0).counters().txDropped()).isEqualTo(5);
    assertThat(wire.a().counters().txFrames()).as("nothing reached the underlay").isZero();
  }

  @Test
  void shouldAskTheResolverForTheRemoteVtepWhenItsMacIsUnknown() {
    final java.util.List<Integer> asked = new java.util.ArrayList<>();
    endpoint.underlayResolver(asked::add);
    echoFromTenant(BLUE_MAC, VIP, REMOTE_VIP);

    endpoint.tenantPort(0).transmit(batch);

    assertThat(asked).containsExactly(REMOTE);
    assertThat(endpoint.counters().encap(EncapDrop.NO_UNDERLAY_NEIGHBOR)).isEqualTo(1);
  }

  private int echoFromTenant(final long sourceMac, final int source, final int destination) {
    batch.clear();
    final int slot = batch.claim();
    batch.wrapForWrite(slot, view);
    final int length =
        InnerFrames.echoRequest(view, 0, REMOTE_VMAC, sourceMac, source, destination, 1);
    batch.length(slot, length);
    return length;
  }

  /**
   * Steady state of the whole loop: the remote sends echo requests over VXLAN, the endpoint
   * decapsulates and checks them, a host agent on the tenant port answers, the endpoint checks and
   * encapsulates the replies: no heap allocation per frame.
   */
  @Test
  void shouldAllocateNothingPerFrameInSteadyState() {
    final HostAgent tenant =
        new HostAgent(
            new HostContext().port(endpoint.tenantPort(0)).mac(BLUE_MAC).address(VIP).clock(clock));
    final FrameBatch requests = new FrameBatch();
    for (int i = 0; i < requests.capacity(); i++) {
      final int slot = requests.claim();
      requests.wrapForWrite(slot, view);
      final int length =
          InnerFrames.echoRequest(
              view, remote.headroom(), BLUE_MAC, REMOTE_VMAC, REMOTE_VIP, VIP, i);
      remote.encapsulate(view, remote.headroom(), length, 100, LOCAL, LOCAL_MAC);
      requests.length(slot, remote.headroom() + length);
    }
    final long[] replies = new long[1];
    final Runnable burst =
        () -> {
          wire.b().transmit(requests);
          tenant.doWork();
          received.clear();
          replies[0] += wire.b().receive(received);
        };
    // The tenant must know the remote vMAC to reply without ARP, and the endpoint the remote VTEP.
    endpoint.neighbor(REMOTE, REMOTE_MAC);
    for (int i = 0; i < 2_000; i++) {
      burst.run();
    }
    replies[0] = 0;
    final int bursts = 100_000 / requests.capacity() + 1;

    final long allocated =
        Allocations.during(
            () -> {
              for (int i = 0; i < bursts; i++) {
                burst.run();
              }
            });

    assertThat(replies[0]).as("echo replies").isEqualTo((long) bursts * requests.capacity());
    assertThat(allocated)
        .as("bytes allocated for " + replies[0] + " frames each way")
        .isLessThan(10_000);
    requests.close();
    tenant.onClose();
  }

  @Test
  void shouldAnswerUnderlayArpThroughTheUnderlayHostPort() {
    final HostAgent host =
        new HostAgent(
            new HostContext()
                .port(endpoint.underlayHostPort())
                .mac(LOCAL_MAC)
                .address(LOCAL)
                .clock(clock));
    batch.clear();
    final int slot = batch.claim();
    batch.wrapForWrite(slot, view);
    new io.vstack.wire.EthernetFrame()
        .wrapForEmit(view, 0, 42)
        .destination(io.vstack.wire.MacAddress.BROADCAST)
        .source(REMOTE_MAC)
        .etherType(io.vstack.wire.EthernetFrame.TYPE_ARP);
    new io.vstack.wire.ArpPacket()
        .wrapForEmit(view, 14)
        .operation(io.vstack.wire.ArpPacket.OPERATION_REQUEST)
        .senderHardware(REMOTE_MAC)
        .senderProtocol(REMOTE)
        .targetHardware(0)
        .targetProtocol(LOCAL);
    batch.length(slot, 42);
    wire.b().transmit(batch);

    host.doWork();

    assertThat(host.counters().arpRequestsAnswered()).isEqualTo(1);
    assertThat(endpoint.counters().decap(DecapDrop.NOT_OVERLAY)).isEqualTo(1);
    received.clear();
    assertThat(wire.b().receive(received)).as("the ARP reply").isEqualTo(1);
    // The endpoint learned the remote VTEP's MAC from its ARP: tenant frames now go out.
    echoFromTenant(BLUE_MAC, VIP, REMOTE_VIP);
    endpoint.tenantPort(0).transmit(batch);
    assertThat(endpoint.counters().encap(EncapDrop.PASS)).isEqualTo(1);
    host.onClose();
  }
}
