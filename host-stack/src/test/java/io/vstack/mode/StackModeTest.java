package io.vstack.mode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.EncapDrop;
import io.vstack.port.PortCounters;
import io.vstack.tenant.TenantDrop;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link StackMode} on the two ends of a memory wire: the stream workload delivers every byte
 * intact on every connection (SHA-256 of what was written against what was read), with small
 * messages and with bulk segments; the layered mode really carries every frame through its switch
 * and overlay stages.
 */
class StackModeTest {
  // VXLAN's outer Ethernet + IPv4 + UDP + VXLAN headers.
  private static final int VXLAN_HEADROOM = 14 + 20 + 8 + 8;

  @ParameterizedTest
  @EnumSource(StackMode.class)
  void shouldDeliverEveryByteIntactWhenStreamingSmallMessages(final StackMode mode) {
    try (StreamWorkload workload =
        streaming(mode, StreamWorkload.Shape.small(2, 6), 20_000, true)) {
      workload.drain();
      assertIntact(workload, 20_000L / 4 * 64 / 6);
      assertThat(workload.framesDropped()).isZero();
      // Nagle off and a bounded window: every 64-byte message left as a segment of its own.
      assertThat(workload.wireCounters(0).txFrames())
          .isGreaterThanOrEqualTo(workload.bytesDelivered() / 64);
    }
  }

  @ParameterizedTest
  @EnumSource(StackMode.class)
  void shouldDeliverEveryByteIntactWhenStreamingBulk(final StackMode mode) {
    try (StreamWorkload workload = streaming(mode, StreamWorkload.Shape.bulk(2, 4), 6_000, true)) {
      workload.drain();
      assertIntact(workload, 512L << 10);
      // Bulk data leaves in MSS-sized segments: most frames from the sender are near the MTU.
      final PortCounters sender = workload.wireCounters(0);
      assertThat(sender.txBytes() / sender.txFrames()).isGreaterThan(1_300);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StackMode.class,
      names = {"UNVIRTUALIZED"})
  void shouldSendPlainTcpFramesWhenUnvirtualized(final StackMode mode) {
    try (StreamWorkload workload =
        streaming(mode, StreamWorkload.Shape.small(1, 2), 2_000, false)) {
      final PortCounters sender = workload.wireCounters(0);
      // No encapsulation: a 64-byte message is Ethernet 14 + IPv4 20 + TCP 20 + timestamps 12 +
      // 64 = 130 bytes on the wire, the receiver's ACKs 66 (its SYN-ACK 74), ARP 60.
      assertThat(sender.txBytes()).isLessThanOrEqualTo(130 * sender.txFrames());
      assertThat(sender.txBytes()).isGreaterThan(120 * sender.txFrames());
      final PortCounters receiver = workload.wireCounters(1);
      assertThat(receiver.txBytes()).isLessThanOrEqualTo(74 * receiver.txFrames());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StackMode.class,
      names = {"LAYERED"})
  void shouldCopyEveryFrameThroughTheSwitchAndOverlayStagesWhenLayered(final StackMode mode) {
    try (StreamWorkload workload =
        streaming(mode, StreamWorkload.Shape.small(2, 4), 10_000, false)) {
      final LayeredHost sender = (LayeredHost) workload.host(0);
      final LayeredHost receiver = (LayeredHost) workload.host(1);
      final PortCounters out = workload.wireCounters(0);
      final PortCounters in = workload.wireCounters(1);
      // Every frame on the wire left the tenants' vNIC rings through the switch, was checked and
      // encapsulated by the overlay (VXLAN headroom added), and arrived the same way.
      assertThat(sender.vswitch().framesFromTenants()).isEqualTo(out.txFrames());
      assertThat(sender.overlay().counters().txTenant(TenantDrop.PASS)).isEqualTo(out.txFrames());
      assertThat(sender.overlay().counters().encap(EncapDrop.PASS)).isEqualTo(out.txFrames());
      assertThat(out.txBytes() - sender.vswitch().bytesFromTenants())
          .isEqualTo(VXLAN_HEADROOM * out.txFrames());
      assertThat(receiver.overlay().counters().decap(DecapDrop.PASS)).isEqualTo(in.rxFrames());
      assertThat(receiver.overlay().counters().rxTenant(TenantDrop.PASS)).isEqualTo(in.rxFrames());
      assertThat(receiver.vswitch().framesToTenants()).isEqualTo(in.rxFrames());
      assertThat(in.rxBytes() - receiver.vswitch().bytesToTenants())
          .isEqualTo(VXLAN_HEADROOM * in.rxFrames());
      assertThat(receiver.vswitch().unknownDestination()).isZero();
      assertThat(sender.vswitch().uplinkRefused()).isZero();
      long tenantRx = 0;
      for (int slot = 0; slot < 2; slot++) {
        tenantRx += receiver.vswitch().vmPort(slot).counters().rxFrames();
      }
      assertThat(tenantRx)
          .as("frames the tenants' stacks took from their rings")
          .isEqualTo(in.rxFrames());
    }
  }

  /** A workload of {@code mode} whose connections are established and moved {@code frames}. */
  private static StreamWorkload streaming(
      final StackMode mode,
      final StreamWorkload.Shape shape,
      final long frames,
      final boolean verify) {
    final StreamWorkload workload =
        new StreamWorkload(mode, shape, SystemNanoClock.INSTANCE, verify);
    try {
      workload.establish().run(frames);
      return workload;
    } catch (final RuntimeException e) {
      workload.close();
      throw e;
    }
  }

  private static void assertIntact(final StreamWorkload workload, final long atLeast) {
    for (int c = 0; c < workload.shape().connections(); c++) {
      assertThat(workload.received(c)).as("connection %d", c).isGreaterThanOrEqualTo(atLeast);
      assertThat(workload.received(c)).as("connection %d", c).isEqualTo(workload.sent(c));
      assertThat(workload.receivedSha256(c))
          .as("connection %d", c)
          .isEqualTo(workload.sentSha256(c));
    }
  }
}
