package io.vstack.fastpath;

import static io.vstack.fastpath.FusedPair.BLUE;
import static io.vstack.fastpath.FusedPair.GRAY;
import static io.vstack.fastpath.FusedPair.RED;
import static io.vstack.fastpath.FusedPair.UNDERLAY_A;
import static io.vstack.fastpath.FusedPair.UNDERLAY_MAC_A;
import static io.vstack.fastpath.FusedPair.VIP_A;
import static io.vstack.fastpath.FusedPair.VIP_B;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.overlay.DecapDrop;
import io.vstack.port.FrameBatch;
import io.vstack.tenant.TenantDrop;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Mutations;
import io.vstack.wire.SeededRandomExtension;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What host a does with overlay frames that claim what they must not: a real SYN from host b's blue
 * tenant, captured off the wire, then altered (inner source MAC or IP, VNI) and fed to host a. Each
 * is dropped and counted by reason, and no tenant's engine sees a segment. A NIC MARK replaces the
 * VNI lookup.
 */
class OverlayReceiveChecksTest {
  // Offsets in a VXLAN frame: outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8, then the inner frame.
  private static final int VNI = 14 + 20 + 8 + 4;
  private static final int OUTER_IPV4 = 14;
  private static final int INNER = 50;
  private static final int INNER_SOURCE_MAC = INNER + 6;
  private static final int INNER_IPV4 = INNER + 14;
  private static final int INNER_SOURCE_IP = INNER_IPV4 + 12;

  private FusedPair pair;
  private FrameBatch frames;
  private byte[] syn;

  @BeforeEach
  void captureASynFromHostB() {
    pair = new FusedPair();
    frames = new FrameBatch();
    pair.b.underlayNeighbor(UNDERLAY_A, UNDERLAY_MAC_A);
    pair.b.innerNeighbor(BLUE, VIP_A, 0x0200_0000_0A01L);
    pair.b.engine(BLUE).connect(VIP_B, 40_000, VIP_A, 80, pair.clock.nanoTime());
    pair.b.flush();
    assertThat(pair.wire.a().receive(frames)).isEqualTo(1);
    syn = new byte[frames.length(0)];
    frames.wrap(0, new UnsafeBuffer(0, 0)).getBytes(0, syn);
    frames.clear();
  }

  @AfterEach
  void close() {
    frames.close();
    pair.close();
  }

  @Test
  void shouldDeliverTheCapturedSynWhenItIsUnaltered() {
    assertThat(feed(syn, FusedFastPath.NO_TENANT)).isEqualTo(BLUE);
    assertThat(pair.a.counters().rxTenant(TenantDrop.PASS)).isEqualTo(1);
    assertThat(pair.a.counters().rxPackets(BLUE)).isEqualTo(1);
    assertThat(pair.a.engine(BLUE).counters().segmentsReceived).isEqualTo(1);
  }

  @Test
  void shouldDropAndCountByReasonWhenTheInnerSourceOrTheVniIsWrong() {
    final UnsafeBuffer frame = new UnsafeBuffer(new byte[syn.length]);
    // A local vMAC of the tenant as inner source: a remote host impersonating a local interface.
    frame.putBytes(0, syn);
    frame.putShort(INNER_SOURCE_MAC, (short) 0x0200, BIG_ENDIAN);
    frame.putInt(INNER_SOURCE_MAC + 2, 0x0000_0A01, BIG_ENDIAN);
    assertThat(feed(frame.byteArray(), FusedFastPath.NO_TENANT)).isEqualTo(BLUE);
    // A multicast inner source MAC.
    frame.putBytes(0, syn);
    frame.putByte(INNER_SOURCE_MAC, (byte) 0x01);
    feed(frame.byteArray(), FusedFastPath.NO_TENANT);
    // An inner source vIP that the VTEP table does not place at host b.
    frame.putBytes(0, syn);
    spoofSourceIp(frame, VIP_B + 7);
    feed(frame.byteArray(), FusedFastPath.NO_TENANT);
    // A VNI no tenant has.
    frame.putBytes(0, syn);
    frame.putByte(VNI + 2, (byte) 0x77);
    assertThat(feed(frame.byteArray(), FusedFastPath.NO_TENANT)).isEqualTo(FusedFastPath.NO_TENANT);
    // Another tenant's VNI: gray (400) has no vIP at host b, so the source is spoofed for gray.
    frame.putBytes(0, syn);
    putVni(frame, 400);
    assertThat(feed(frame.byteArray(), FusedFastPath.NO_TENANT)).isEqualTo(GRAY);

    final FastPathCounters counters = pair.a.counters();
    assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_MAC)).isEqualTo(2);
    assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_IP)).isEqualTo(2);
    assertThat(counters.rxTenant(TenantDrop.UNKNOWN_VNI)).isEqualTo(1);
    assertThat(counters.rxTenant(TenantDrop.PASS)).isZero();
    for (int slot = 0; slot < pair.a.tenants(); slot++) {
      assertThat(counters.rxPackets(slot)).as("slot %d", slot).isZero();
      assertThat(pair.a.engine(slot).counters().segmentsReceived).as("slot %d", slot).isZero();
    }
  }

  @Test
  void shouldStillDropEachSpoofedClaimWhenTheUnalteredFramePassedJustBefore() {
    // The guard remembers the last claims that passed per tenant: each spoofed variant differs
    // from them in one claim only and must still be checked, not waved through.
    final UnsafeBuffer frame = new UnsafeBuffer(new byte[syn.length]);
    for (int variant = 0; variant < 3; variant++) {
      assertThat(feed(syn, FusedFastPath.NO_TENANT)).isEqualTo(BLUE);
      frame.putBytes(0, syn);
      switch (variant) {
        case 0 -> { // a local vMAC of the tenant as inner source
          frame.putShort(INNER_SOURCE_MAC, (short) 0x0200, BIG_ENDIAN);
          frame.putInt(INNER_SOURCE_MAC + 2, 0x0000_0A01, BIG_ENDIAN);
        }
        case 1 -> spoofSourceIp(frame, VIP_B + 7); // a vIP the VTEP table does not place at b
        default -> spoofOuterSource(frame, UNDERLAY_A + 9); // the right vIP from another VTEP
      }
      assertThat(feed(frame.byteArray(), FusedFastPath.NO_TENANT)).isEqualTo(BLUE);
    }
    assertThat(feed(syn, FusedFastPath.NO_TENANT)).isEqualTo(BLUE);

    final FastPathCounters counters = pair.a.counters();
    assertThat(counters.rxTenant(TenantDrop.PASS)).isEqualTo(4);
    assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_MAC)).isEqualTo(1);
    assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_IP)).isEqualTo(2);
    assertThat(counters.rxPackets(BLUE)).isEqualTo(4);
  }

  @Test
  void shouldAnswerTheNewUnderlayMacAtOnceWhenTheVtepsMacChanges() {
    // Host a re-learns an unchanged neighbour only now and then, but a changed MAC at once: the
    // reset for each SYN (no listener on port 80) goes to the MAC the SYN came from.
    final long newMac = 0x0200_0000_00B2L;
    final UnsafeBuffer moved = new UnsafeBuffer(syn.clone());
    moved.putShort(6, (short) (newMac >>> 32), BIG_ENDIAN);
    moved.putInt(8, (int) newMac, BIG_ENDIAN);
    assertThat(outerDestinationOfTheAnswerTo(syn)).isEqualTo(FusedPair.UNDERLAY_MAC_B);
    assertThat(outerDestinationOfTheAnswerTo(moved.byteArray())).isEqualTo(newMac);
    assertThat(outerDestinationOfTheAnswerTo(syn)).isEqualTo(FusedPair.UNDERLAY_MAC_B);
  }

  @Test
  void shouldSendToTheNewInnerMacAtOnceWhenTheNeighbourChangesOnARememberedRoute() {
    // Host b sent the SYN of the setup on this route (10.0.0.2 -> 10.0.0.1), so it remembers the
    // route's neighbours; the clock does not move, yet a changed neighbour must be used at once.
    final long movedMac = 0x0200_0000_0A77L;
    pair.b.innerNeighbor(BLUE, VIP_A, movedMac);
    pair.b.engine(BLUE).connect(VIP_B, 40_002, VIP_A, 80, pair.clock.nanoTime());
    pair.b.flush();
    frames.clear();
    assertThat(pair.wire.a().receive(frames)).isEqualTo(1);
    final UnsafeBuffer sent = frames.wrap(0, new UnsafeBuffer(0, 0));
    assertThat(
            (sent.getShort(INNER, BIG_ENDIAN) & 0xFFFFL) << 32
                | (sent.getInt(INNER + 2, BIG_ENDIAN) & 0xFFFF_FFFFL))
        .isEqualTo(movedMac);
  }

  private long outerDestinationOfTheAnswerTo(final byte[] frame) {
    assertThat(feed(frame, FusedFastPath.NO_TENANT)).isEqualTo(BLUE);
    pair.a.flush();
    frames.clear();
    assertThat(pair.wire.b().receive(frames)).as("one answer").isEqualTo(1);
    final UnsafeBuffer answer = frames.wrap(0, new UnsafeBuffer(0, 0));
    return (answer.getShort(0, BIG_ENDIAN) & 0xFFFFL) << 32
        | (answer.getInt(2, BIG_ENDIAN) & 0xFFFF_FFFFL);
  }

  @Test
  void shouldChargeTheMarkedSlotWithoutLookingUpTheVniWhenTheFrameIsMarked() {
    final UnsafeBuffer frame = new UnsafeBuffer(syn.clone());
    frame.putByte(VNI + 2, (byte) 0x77); // a VNI no tenant has: only the MARK can place it
    assertThat(tenantOf(syn)).isEqualTo(BLUE);
    assertThat(tenantOf(frame.byteArray())).isEqualTo(FusedFastPath.NO_TENANT);

    assertThat(feed(frame.byteArray(), BLUE)).isEqualTo(BLUE);
    assertThat(feed(syn, RED)).as("marked red, VNI blue's").isEqualTo(RED);
    assertThat(feed(syn, 99)).as("a mark no tenant has").isEqualTo(FusedFastPath.NO_TENANT);

    final FastPathCounters counters = pair.a.counters();
    assertThat(counters.marked()).isEqualTo(2);
    assertThat(counters.drops(FastPathDrop.BAD_MARK)).isEqualTo(1);
    assertThat(counters.rxTenant(TenantDrop.UNKNOWN_VNI)).isZero();
    assertThat(counters.rxPackets(BLUE)).isEqualTo(1);
    assertThat(counters.rxPackets(RED)).isEqualTo(1);
    assertThat(pair.a.engine(RED).counters().segmentsReceived).isEqualTo(1);
  }

  private int feed(final byte[] frame, final int markedSlot) {
    frames.clear();
    final int index = frames.add(new UnsafeBuffer(frame), 0, frame.length);
    return pair.a.onFrame(frames.address(index), frames.length(index), markedSlot);
  }

  private int tenantOf(final byte[] frame) {
    frames.clear();
    final int index = frames.add(new UnsafeBuffer(frame), 0, frame.length);
    return pair.a.tenantOf(frames.address(index), frames.length(index));
  }

  private static void putVni(final UnsafeBuffer frame, final int vni) {
    frame.putByte(VNI, (byte) (vni >>> 16));
    frame.putByte(VNI + 1, (byte) (vni >>> 8));
    frame.putByte(VNI + 2, (byte) vni);
  }

  // New source address with a valid inner IPv4 header checksum, so only the claim is wrong.
  private static void spoofSourceIp(final UnsafeBuffer frame, final int source) {
    frame.putInt(INNER_SOURCE_IP, source, BIG_ENDIAN);
    frame.putShort(INNER_IPV4 + 10, (short) 0);
    frame.putShort(
        INNER_IPV4 + 10, (short) InternetChecksum.compute(frame, INNER_IPV4, 20), BIG_ENDIAN);
  }

  // New outer source address with a valid outer IPv4 header checksum (the UDP checksum is 0).
  private static void spoofOuterSource(final UnsafeBuffer frame, final int source) {
    frame.putInt(OUTER_IPV4 + 12, source, BIG_ENDIAN);
    frame.putShort(OUTER_IPV4 + 10, (short) 0);
    frame.putShort(
        OUTER_IPV4 + 10, (short) InternetChecksum.compute(frame, OUTER_IPV4, 20), BIG_ENDIAN);
  }

  @Test
  @ExtendWith(SeededRandomExtension.class)
  void shouldCountEveryMutatedFrameOnceAndNeverReadOutsideItWhenFramesAreCorrupted(
      final Random random) {
    final List<byte[]> valid = recordFramesToHostA();
    assertThat(valid).hasSizeGreaterThan(20);
    final long before = decapTotal(pair.a.counters());
    final int iterations = 20_000;
    for (int i = 0; i < iterations; i++) {
      final byte[] input =
          i % 8 == 0
              ? Mutations.randomBytes(random, 128)
              : Mutations.mutate(random, valid.get(random.nextInt(valid.size())));
      final int mark = i % 5 == 0 ? random.nextInt(6) - 1 : FusedFastPath.NO_TENANT;
      try {
        final int tenant = tenantOf(input);
        assertThat(tenant).isBetween(FusedFastPath.NO_TENANT, pair.a.tenants() - 1);
        final int charged = feed(input, mark);
        assertThat(charged).isBetween(FusedFastPath.NO_TENANT, pair.a.tenants() - 1);
        pair.a.pollTimers(pair.clock.nanoTime());
        pair.a.flush();
      } catch (final RuntimeException e) {
        throw new AssertionError("input " + HexFormat.of().formatHex(input) + ": " + e, e);
      }
    }
    assertThat(decapTotal(pair.a.counters()) - before)
        .as("every frame counted by exactly one decapsulation outcome")
        .isEqualTo(iterations);
  }

  /**
   * Frames host b sends to host a while they resolve each other and transfer a little: underlay
   * ARP, inner ARP, TCP handshake, data and ACKs. Each is recorded, then processed by host a.
   */
  private List<byte[]> recordFramesToHostA() {
    final List<byte[]> recorded = new ArrayList<>();
    final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    final int listener = pair.a.engine(BLUE).listen(VIP_A, 81, 4);
    final int client = pair.b.engine(BLUE).connect(VIP_B, 40_001, VIP_A, 81, pair.clock.nanoTime());
    final UnsafeBuffer data = new UnsafeBuffer(new byte[4096]);
    for (int tick = 0; tick < 400_000 && recorded.size() < 200; tick++) {
      pair.clock.advance(FusedPair.TICK_NANOS);
      pair.b.doWork();
      frames.clear();
      final int received = pair.wire.a().receive(frames);
      for (int i = 0; i < received; i++) {
        final byte[] copy = new byte[frames.length(i)];
        frames.wrap(i, view).getBytes(0, copy);
        recorded.add(copy);
        pair.a.onFrame(frames.address(i), frames.length(i), FusedFastPath.NO_TENANT);
      }
      pair.a.pollTimers(pair.clock.nanoTime());
      pair.a.engine(BLUE).accept(listener);
      pair.b.engine(BLUE).write(client, data, 0, data.capacity(), pair.clock.nanoTime());
      pair.a.flush();
      pair.b.flush();
    }
    return recorded;
  }

  private static long decapTotal(final FastPathCounters counters) {
    long total = 0;
    for (int i = 0; i < DecapDrop.count(); i++) {
      total += counters.decap(DecapDrop.of(i));
    }
    return total;
  }
}
