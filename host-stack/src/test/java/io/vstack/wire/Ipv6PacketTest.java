package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededRandomExtension.class)
class Ipv6PacketTest {
  private static final Ipv6Address A = Ipv6Address.parse("2001:db8::a");
  private static final Ipv6Address B = Ipv6Address.parse("2001:db8::b");

  private final Ipv6Packet packet = new Ipv6Packet();

  static Ipv6Repr randomRepr(final Random random) {
    return new Ipv6Repr(random.nextInt(256), random.nextInt(Ipv6Packet.MAX_FLOW_LABEL + 1), random.nextInt(200),
        random.nextInt(256), random.nextInt(256), new Ipv6Address(random.nextLong(), random.nextLong()),
        new Ipv6Address(random.nextLong(), random.nextLong()));
  }

  static byte[] emit(final Ipv6Repr repr, final int padding) {
    final byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + repr.payloadLength() + padding];
    repr.emit(new Ipv6Packet(), new UnsafeBuffer(bytes), 0);
    return bytes;
  }

  /** A packet of fixed header plus the given payload bytes (extension headers, upper layer). */
  private static UnsafeBuffer packet(final int nextHeader, final int... payload) {
    final byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + payload.length];
    new Ipv6Repr(0, 0, payload.length, nextHeader, 64, A, B).emit(new Ipv6Packet(), new UnsafeBuffer(bytes), 0);
    for (int i = 0; i < payload.length; i++) {
      bytes[Ipv6Packet.HEADER_LENGTH + i] = (byte) payload[i];
    }
    return new UnsafeBuffer(bytes);
  }

  private WireError wrapAndSkip(final UnsafeBuffer buffer) {
    assertThat(packet.wrap(buffer, 0, buffer.capacity())).isEqualTo(WireError.OK);
    return packet.skipExtensionHeaders();
  }

  @Test
  void shouldParseWhatItEmitsForRandomHeaders(final Random random) {
    for (int i = 0; i < 2000; i++) {
      final Ipv6Repr repr = randomRepr(random);
      final byte[] bytes = emit(repr, random.nextInt(3) == 0 ? random.nextInt(20) : 0);
      assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
      assertThat(Ipv6Repr.parse(packet)).isEqualTo(repr);
      assertThat(packet.length()).as("Ethernet padding is not part of the packet")
          .isEqualTo(Ipv6Packet.HEADER_LENGTH + repr.payloadLength());
      assertThat(packet.dscp() << 2 | packet.ecn()).isEqualTo(repr.trafficClass());
    }
  }

  @Test
  void shouldNeverThrowOnRandomOrMutatedPackets(final Random random) {
    final List<byte[]> valid = List.of(
        packet(Ipv6Packet.NEXT_HEADER_HOP_BY_HOP, 60, 0, 1, 4, 0, 0, 0, 0, 43, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 44, 0, 4, 0, 0, 0, 0, 0, 6, 0, 0, 0x09, 0, 0, 0, 1, 0xAA).byteArray(),
        packet(Ipv6Packet.NEXT_HEADER_ROUTING, 17, 0, 4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8).byteArray(),
        emit(randomRepr(random), 4));
    final Set<WireError> seen = EnumSet.noneOf(WireError.class);
    Mutations.assertParserNeverThrows(random, valid, 30_000, buffer -> {
      final WireError error = packet.wrap(buffer, 0, buffer.capacity());
      seen.add(error);
      if (error == WireError.OK) {
        final Ipv6Repr repr = Ipv6Repr.parse(packet);
        seen.add(packet.skipExtensionHeaders());
        assertThat(packet.wrap(new UnsafeBuffer(emit(repr, 0)), 0, 40 + repr.payloadLength())).isEqualTo(WireError.OK);
        assertThat(Ipv6Repr.parse(packet)).isEqualTo(repr);
      }
    });
    assertThat(seen).as("reasons returned by wrap and skipExtensionHeaders for malformed input, all documented")
        .isSubsetOf(WireError.OK, WireError.TRUNCATED, WireError.BAD_VERSION, WireError.BAD_TOTAL_LENGTH,
            WireError.FRAGMENT, WireError.BAD_HEADER_LENGTH, WireError.BAD_FIELD, WireError.UNSUPPORTED)
        .contains(WireError.OK, WireError.FRAGMENT, WireError.TRUNCATED);
  }

  @Test
  void shouldRejectBufferShorterThanHeaderAsTruncated() {
    final byte[] bytes = emit(new Ipv6Repr(0, 0, 0, 59, 64, A, B), 0);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, 39)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 1, 40)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, 40)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldRejectVersionOtherThanSixAsBadVersion() {
    final byte[] bytes = emit(new Ipv6Repr(0, 0, 0, 59, 64, A, B), 0);
    bytes[0] = 0x40;
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.BAD_VERSION);
  }

  @Test
  void shouldRejectPayloadLengthPastBufferAsBadTotalLength() {
    final byte[] bytes = emit(new Ipv6Repr(0, 0, 10, 59, 64, A, B), 0);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length - 1)).isEqualTo(WireError.BAD_TOTAL_LENGTH);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldSkipOptionsAndRoutingHeadersToUpperLayer() {
    final UnsafeBuffer buffer = packet(Ipv6Packet.NEXT_HEADER_HOP_BY_HOP,
        60, 0, 1, 4, 0, 0, 0, 0, // hop-by-hop, 8 octets, next: destination options
        43, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // destination options, 16 octets, next: routing
        6, 0, 4, 0, 0, 0, 0, 0, // routing type 4, segments left 0, next: TCP
        0xAA, 0xBB, 0xCC);
    assertThat(wrapAndSkip(buffer)).isEqualTo(WireError.OK);
    assertThat(packet.upperLayerProtocol()).isEqualTo(Ipv6Packet.NEXT_HEADER_TCP);
    assertThat(packet.upperLayerOffset()).isEqualTo(40 + 32);
    assertThat(packet.upperLayerLength()).isEqualTo(3);
  }

  @Test
  void shouldReturnUpperLayerDirectlyWithoutExtensionHeaders() {
    final UnsafeBuffer buffer = packet(Ipv6Packet.NEXT_HEADER_UDP, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(wrapAndSkip(buffer)).isEqualTo(WireError.OK);
    assertThat(packet.upperLayerProtocol()).isEqualTo(Ipv6Packet.NEXT_HEADER_UDP);
    assertThat(packet.upperLayerOffset()).isEqualTo(40);
    assertThat(packet.upperLayerLength()).isEqualTo(8);
  }

  @Test
  void shouldReportFragmentHeaderAsFragment() {
    final UnsafeBuffer buffer = packet(Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS,
        44, 0, 1, 4, 0, 0, 0, 0, // destination options, next: fragment
        17, 0, 0x05, 0x39, 0x12, 0x34, 0x56, 0x78, // fragment offset 167 * 8, M set, id 0x12345678
        0, 0, 0, 0);
    assertThat(wrapAndSkip(buffer)).isEqualTo(WireError.FRAGMENT);
    assertThat(packet.fragmentOffset()).isEqualTo(0x538);
    assertThat(packet.moreFragments()).isTrue();
    assertThat(packet.fragmentIdentification()).isEqualTo(0x12345678);
  }

  @Test
  void shouldRejectExtensionHeaderCutShortAsTruncated() {
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS, 6, 0, 1, 2, 0, 0, 0)))
        .isEqualTo(WireError.TRUNCATED);
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_FRAGMENT, 6, 0, 0, 0))).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldRejectExtensionHeaderLengthPastPayloadAsBadHeaderLength() {
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_HOP_BY_HOP, 6, 1, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0)))
        .isEqualTo(WireError.BAD_HEADER_LENGTH);
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_ROUTING, 6, 255, 4, 0, 0, 0, 0, 0)))
        .isEqualTo(WireError.BAD_HEADER_LENGTH);
  }

  @Test
  void shouldRejectHopByHopHeaderNotFirstAsBadField() {
    final UnsafeBuffer buffer = packet(Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS,
        0, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0);
    assertThat(wrapAndSkip(buffer)).isEqualTo(WireError.BAD_FIELD);
  }

  @Test
  void shouldRejectRoutingHeaderWithSegmentsLeftAsUnsupported() {
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_ROUTING, 6, 0, 4, 1, 0, 0, 0, 0)))
        .isEqualTo(WireError.UNSUPPORTED);
  }

  @Test
  void shouldRejectMoreExtensionHeadersThanTheBoundAsUnsupported() {
    final int[] chain = new int[(Ipv6Packet.MAX_EXTENSION_HEADERS + 1) * 8];
    for (int i = 0; i < Ipv6Packet.MAX_EXTENSION_HEADERS + 1; i++) {
      chain[i * 8] = i == Ipv6Packet.MAX_EXTENSION_HEADERS ? Ipv6Packet.NEXT_HEADER_NONE
          : Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS;
      chain[i * 8 + 2] = 1;
      chain[i * 8 + 3] = 4;
    }
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS, chain)))
        .isEqualTo(WireError.UNSUPPORTED);
    // Exactly the bound is accepted.
    final int[] bounded = java.util.Arrays.copyOf(chain, Ipv6Packet.MAX_EXTENSION_HEADERS * 8);
    bounded[(Ipv6Packet.MAX_EXTENSION_HEADERS - 1) * 8] = Ipv6Packet.NEXT_HEADER_NONE;
    assertThat(wrapAndSkip(packet(Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS, bounded))).isEqualTo(WireError.OK);
    assertThat(packet.upperLayerProtocol()).isEqualTo(Ipv6Packet.NEXT_HEADER_NONE);
  }
}
