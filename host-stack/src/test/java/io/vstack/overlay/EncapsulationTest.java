package io.vstack.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.GeneveHeader;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv4FrameWriter;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Octets;
import io.vstack.wire.OverlayProtocol;
import io.vstack.wire.SeededRandomExtension;
import io.vstack.wire.UdpDatagram;
import io.vstack.wire.WireError;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededRandomExtension.class)
class EncapsulationTest {
  private static final int LOCAL = Ipv4Address.parse("192.0.2.1");
  private static final int REMOTE = Ipv4Address.parse("192.0.2.2");
  private static final long LOCAL_MAC = 0x0200_0000_0001L;
  private static final long REMOTE_MAC = 0x0200_0000_0002L;

  /** Experimental option class (RFC 8926 IANA 0xFFF0..), type 0x01 (not critical), 4 data bytes. */
  private static final Octets OPTION = Octets.of(0xFF, 0xF0, 0x01, 0x01, 0xCA, 0xFE, 0xBA, 0xBE);

  private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

  private static OverlaySettings settings(
      final OverlayProtocol protocol,
      final int source,
      final long sourceMac,
      final boolean checksum,
      final Octets options) {
    return new OverlaySettings(
        protocol, protocol.udpPort(), checksum, source, sourceMac, options, 99);
  }

  /** A remote VTEP encapsulates to us; we decapsulate the very same bytes and VNI. */
  @Test
  void shouldRoundTripAnyInnerFrameWhenEncapsulatedThenDecapsulated(final Random random) {
    for (int run = 0; run < 2_000; run++) {
      final OverlayProtocol protocol =
          random.nextBoolean() ? OverlayProtocol.VXLAN : OverlayProtocol.GENEVE;
      final boolean checksum = random.nextBoolean();
      final Octets options =
          protocol == OverlayProtocol.GENEVE && random.nextBoolean() ? OPTION : Octets.EMPTY;
      final Encapsulator remote =
          new Encapsulator(settings(protocol, REMOTE, REMOTE_MAC, checksum, options));
      final Decapsulator local =
          new Decapsulator(settings(protocol, LOCAL, LOCAL_MAC, false, options));
      final int innerOffset = remote.headroom() + random.nextInt(64);
      final int innerLength = EthernetFrame.HEADER_LENGTH + random.nextInt(1500);
      final byte[] inner = new byte[innerLength];
      random.nextBytes(inner);
      buffer.putBytes(innerOffset, inner);
      final int vni = random.nextInt(1 << 24);

      final int start = remote.encapsulate(buffer, innerOffset, innerLength, vni, LOCAL, LOCAL_MAC);
      final int outerLength = remote.headroom() + innerLength;

      assertThat(start).isEqualTo(innerOffset - remote.headroom());
      assertThat(local.decapsulate(buffer, start, outerLength)).isEqualTo(DecapDrop.PASS);
      assertThat(local.vni()).isEqualTo(vni);
      assertThat(local.innerOffset()).isEqualTo(innerOffset);
      assertThat(local.innerLength()).isEqualTo(innerLength);
      assertThat(local.outerSource()).isEqualTo(REMOTE);
      assertThat(local.outerSourceMac()).isEqualTo(REMOTE_MAC);
      final byte[] decapsulated = new byte[innerLength];
      buffer.getBytes(local.innerOffset(), decapsulated);
      assertThat(decapsulated).isEqualTo(inner);
      final Ipv4Packet outer = new Ipv4Packet();
      assertThat(outer.wrap(buffer, start + 14, outerLength - 14)).isEqualTo(WireError.OK);
      assertThat(outer.dontFragment()).isTrue();
      final int udp = start + 34;
      assertThat(new UdpDatagram().wrapForEmit(buffer, udp).sourcePort()).isBetween(49152, 65535);
      assertThat(new UdpDatagram().wrapForEmit(buffer, udp).checksum() != 0).isEqualTo(checksum);
    }
  }

  @Test
  void shouldPickTheSameSourcePortForOneFlowAndSpreadDifferentFlows() {
    final Encapsulator encapsulator =
        new Encapsulator(OverlaySettings.of(OverlayProtocol.VXLAN, LOCAL, LOCAL_MAC));
    final java.util.Set<Integer> ports = new java.util.HashSet<>();
    for (int flow = 0; flow < 256; flow++) {
      final int first = portFor(encapsulator, flow, 1);
      assertThat(portFor(encapsulator, flow, 2)).as("same flow, other packet").isEqualTo(first);
      ports.add(first);
    }
    assertThat(ports.size()).as("distinct ports over 256 flows").isGreaterThan(200);
  }

  @Test
  void shouldGiveTheSameSourcePortFromTheFieldsAsFromTheFrame(final Random random) {
    final Ipv4FrameWriter writer = new Ipv4FrameWriter();
    for (int run = 0; run < 2_000; run++) {
      final int seed = random.nextInt();
      final int source = random.nextInt();
      final int destination = random.nextInt();
      final int protocol = random.nextBoolean() ? Ipv4Packet.PROTOCOL_TCP : Ipv4Packet.PROTOCOL_UDP;
      final int sourcePort = random.nextInt(0x10000);
      final int destinationPort = random.nextInt(0x10000);
      final int offset = random.nextInt(64);
      final int length =
          writer.write(
              buffer, offset, 1, 2, source, destination, protocol, Ipv4Packet.ECN_NOT_ECT, 20);
      buffer.putShort(offset + 34, (short) sourcePort, BIG_ENDIAN);
      buffer.putShort(offset + 36, (short) destinationPort, BIG_ENDIAN);
      assertThat(
              FlowHash.ipv4SourcePort(
                  seed, source, destination, protocol, sourcePort, destinationPort))
          .as("run %d", run)
          .isEqualTo(FlowHash.sourcePort(buffer, offset, length, seed));
    }
  }

  /**
   * The decapsulator's shortcut for plain VXLAN frames gives every frame the verdict and inner
   * location the general checks give: valid frames (UDP checksum on or off) and frames with bytes
   * of their headers or anywhere changed.
   */
  @Test
  void shouldDecideLikeTheGeneralChecksWhenTheShortcutTakesPlainVxlanFrames(final Random random) {
    final Encapsulator remote =
        new Encapsulator(settings(OverlayProtocol.VXLAN, REMOTE, REMOTE_MAC, false, Octets.EMPTY));
    final Encapsulator remoteWithChecksum =
        new Encapsulator(settings(OverlayProtocol.VXLAN, REMOTE, REMOTE_MAC, true, Octets.EMPTY));
    final OverlaySettings local =
        settings(OverlayProtocol.VXLAN, LOCAL, LOCAL_MAC, false, Octets.EMPTY);
    final Decapsulator shortcut = new Decapsulator(local, true);
    final Decapsulator general = new Decapsulator(local, false);
    int passed = 0;
    for (int run = 0; run < 20_000; run++) {
      final Encapsulator encapsulator = random.nextBoolean() ? remote : remoteWithChecksum;
      final int inner = encapsulator.headroom();
      final int innerLength = EthernetFrame.HEADER_LENGTH + random.nextInt(200);
      final byte[] innerBytes = new byte[innerLength];
      random.nextBytes(innerBytes);
      buffer.putBytes(inner, innerBytes);
      encapsulator.encapsulate(
          buffer, inner, innerLength, random.nextInt(1 << 24), LOCAL, LOCAL_MAC);
      byte[] frame = new byte[inner + innerLength];
      buffer.getBytes(0, frame);
      switch (run % 4) {
        case 0 -> {} // unchanged
        case 1 -> frame[random.nextInt(inner + 4)] ^= (byte) (1 << random.nextInt(8));
        case 2 -> frame[random.nextInt(inner + 4)] = (byte) random.nextInt(256);
        default -> frame = io.vstack.wire.Mutations.mutate(random, frame);
      }
      final UnsafeBuffer view = new UnsafeBuffer(frame);
      final DecapDrop expected = general.decapsulate(view, 0, frame.length);
      assertThat(shortcut.decapsulate(view, 0, frame.length)).as("run %d", run).isEqualTo(expected);
      if (expected == DecapDrop.PASS) {
        passed++;
        assertThat(shortcut.vni()).isEqualTo(general.vni());
        assertThat(shortcut.innerOffset()).isEqualTo(general.innerOffset());
        assertThat(shortcut.innerLength()).isEqualTo(general.innerLength());
        assertThat(shortcut.outerSource()).isEqualTo(general.outerSource());
        assertThat(shortcut.outerSourceMac()).isEqualTo(general.outerSourceMac());
      }
    }
    assertThat(passed).as("frames that passed").isGreaterThan(5_000);
  }

  private int portFor(final Encapsulator encapsulator, final int flow, final int sequence) {
    final int inner = encapsulator.headroom();
    final int length =
        InnerFrames.echoRequest(buffer, inner, 1, 2, 0x0A00_0001, 0x0A00_0100 + flow, sequence);
    final int start = encapsulator.encapsulate(buffer, inner, length, 5, REMOTE, REMOTE_MAC);
    return new UdpDatagram().wrapForEmit(buffer, start + 34).sourcePort();
  }

  @Test
  void shouldGiveOverheadAndMssForVxlanAndGeneveWithOptions() {
    final Encapsulator vxlan =
        new Encapsulator(OverlaySettings.of(OverlayProtocol.VXLAN, LOCAL, LOCAL_MAC));
    final Encapsulator geneve =
        new Encapsulator(settings(OverlayProtocol.GENEVE, LOCAL, LOCAL_MAC, false, OPTION));

    assertThat(vxlan.headroom()).isEqualTo(50);
    assertThat(vxlan.mtuOverhead()).isEqualTo(50);
    assertThat(vxlan.innerTcpMss(1500, false)).isEqualTo(1410);
    assertThat(vxlan.innerTcpMss(1500, true)).isEqualTo(1390);
    assertThat(vxlan.innerTcpMss(9000, false)).isEqualTo(8910);
    assertThat(geneve.headroom()).isEqualTo(58);
    assertThat(geneve.innerTcpMss(1500, false)).isEqualTo(1402);
    assertThat(vxlan.innerTcpMss(60, false)).isZero();
  }

  @Test
  void shouldRefuseToEncapsulateWhenHeadroomIsShort() {
    final Encapsulator vxlan =
        new Encapsulator(OverlaySettings.of(OverlayProtocol.VXLAN, LOCAL, LOCAL_MAC));
    assertThat(vxlan.encapsulate(buffer, 49, 60, 1, REMOTE, REMOTE_MAC)).isEqualTo(-1);
    assertThat(vxlan.encapsulate(buffer, 50, 4096, 1, REMOTE, REMOTE_MAC)).isEqualTo(-1);
    assertThat(vxlan.encapsulate(buffer, 50, 60, 1, REMOTE, REMOTE_MAC)).isZero();
  }

  private record Case(
      String name, OverlayProtocol protocol, Mutation mutation, DecapDrop expected) {}

  private static final OverlayProtocol VX = OverlayProtocol.VXLAN;
  private static final OverlayProtocol GE = OverlayProtocol.GENEVE;

  /** Frames a remote VTEP sent, broken one field at a time, each dropped for its own reason. */
  @Test
  void shouldNameTheReasonWhenDecapsulationFails() {
    final List<Case> cases =
        List.of(
            new Case("intact VXLAN", VX, (b, s) -> {}, DecapDrop.PASS),
            new Case(
                "VXLAN I flag clear", VX, (b, s) -> put8(b, s + 42, 0), DecapDrop.MALFORMED_TUNNEL),
            new Case(
                "other destination MAC",
                VX,
                (b, s) -> put8(b, s + 5, 9),
                DecapDrop.NOT_FOR_THIS_HOST),
            new Case(
                "other destination IP",
                VX,
                (b, s) -> fixIp(b, s, 30, 0x0A000001),
                DecapDrop.NOT_OVERLAY),
            new Case("other UDP port", VX, (b, s) -> put16(b, s + 36, 4790), DecapDrop.NOT_OVERLAY),
            new Case(
                "wrong UDP checksum", VX, (b, s) -> put16(b, s + 40, 0x1234), DecapDrop.BAD_UDP),
            new Case("UDP length below 8", VX, (b, s) -> put16(b, s + 38, 4), DecapDrop.BAD_UDP),
            new Case(
                "IPv4 checksum",
                VX,
                (b, s) -> put8(b, s + 24, ~b.getByte(s + 24)),
                DecapDrop.MALFORMED_OUTER),
            new Case(
                "more fragments", VX, (b, s) -> fixIp(b, s, 20, 0x2000), DecapDrop.OUTER_FRAGMENT),
            new Case(
                "inner frame of 10 bytes",
                VX,
                (b, s) -> shrinkUdp(b, s, 8 + 8 + 10),
                DecapDrop.INNER_TRUNCATED),
            new Case("intact Geneve", GE, (b, s) -> {}, DecapDrop.PASS),
            new Case("OAM", GE, (b, s) -> put8(b, s + 43, 0x80), DecapDrop.GENEVE_OAM),
            new Case(
                "critical option",
                GE,
                (b, s) -> put8(b, s + 52, 0x81),
                DecapDrop.GENEVE_CRITICAL_OPTION),
            new Case(
                "IPv4 payload type",
                GE,
                (b, s) -> put16(b, s + 44, 0x0800),
                DecapDrop.UNSUPPORTED_PAYLOAD),
            new Case("version 1", GE, (b, s) -> put8(b, s + 42, 0x42), DecapDrop.MALFORMED_TUNNEL));
    for (final Case c : cases) {
      final Octets options = c.protocol() == GE ? OPTION : Octets.EMPTY;
      assertThat(mutated(c.protocol(), options, c.mutation())).as(c.name()).isEqualTo(c.expected());
    }
  }

  private static void put8(final UnsafeBuffer buffer, final int offset, final int value) {
    buffer.putByte(offset, (byte) value);
  }

  private static void put16(final UnsafeBuffer buffer, final int offset, final int value) {
    buffer.putShort(offset, (short) value, BIG_ENDIAN);
  }

  private interface Mutation {
    void apply(UnsafeBuffer buffer, int start);
  }

  private DecapDrop mutated(
      final OverlayProtocol protocol, final Octets options, final Mutation mutation) {
    // No UDP checksum, so a mutated header reaches the check it targets (a test sets a wrong one).
    final Encapsulator remote =
        new Encapsulator(settings(protocol, REMOTE, REMOTE_MAC, false, options));
    final int inner = remote.headroom();
    final int length = InnerFrames.echoRequest(buffer, inner, 1, 2, 0x0A000002, 0x0A000001, 1);
    final int start = remote.encapsulate(buffer, inner, length, 100, LOCAL, LOCAL_MAC);
    mutation.apply(buffer, start);
    final int outerLength = 14 + (buffer.getShort(start + 16, BIG_ENDIAN) & 0xFFFF);
    return new Decapsulator(settings(protocol, LOCAL, LOCAL_MAC, false, options))
        .decapsulate(buffer, start, outerLength);
  }

  /**
   * Writes a 16/32-bit IPv4 header field and fixes the header checksum, so only the field is wrong.
   */
  private static void fixIp(
      final UnsafeBuffer buffer, final int start, final int offset, final int value) {
    if (offset == 30) {
      buffer.putInt(start + offset, value, BIG_ENDIAN);
    } else {
      buffer.putShort(start + offset, (short) value, BIG_ENDIAN);
    }
    buffer.putShort(start + 24, (short) 0);
    buffer.putShort(
        start + 24, (short) InternetChecksum.compute(buffer, start + 14, 20), BIG_ENDIAN);
  }

  private static void shrinkUdp(final UnsafeBuffer buffer, final int start, final int udpLength) {
    buffer.putShort(start + 38, (short) udpLength, BIG_ENDIAN);
    buffer.putShort(start + 40, (short) 0);
    fixIp(buffer, start, 16, 20 + udpLength);
  }

  @Test
  void shouldSetGeneveCriticalFlagWhenAnOptionIsCritical() {
    final Octets critical = Octets.of(0xFF, 0xF0, 0x81, 0x00);
    final Encapsulator encapsulator =
        new Encapsulator(settings(OverlayProtocol.GENEVE, LOCAL, LOCAL_MAC, false, critical));
    final int start =
        encapsulator.encapsulate(buffer, encapsulator.headroom(), 60, 1, REMOTE, REMOTE_MAC);
    final GeneveHeader geneve = new GeneveHeader();
    assertThat(geneve.wrap(buffer, start + 42, 8 + 4 + 60)).isEqualTo(WireError.OK);
    assertThat(geneve.hasCriticalOptions()).isTrue();
    assertThat(geneve.optionsLength()).isEqualTo(4);
  }
}
