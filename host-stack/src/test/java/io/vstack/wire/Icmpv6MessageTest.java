package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SeededRandomExtension.class)
class Icmpv6MessageTest {
  private static final Ipv6Address A = Ipv6Address.parse("2001:db8::a");
  private static final Ipv6Address B = Ipv6Address.parse("2001:db8::b");
  private static final int ICMP = EthernetFrame.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH;
  private static final int[] NONE = {};

  private final Ipv6Packet ip = new Ipv6Packet();
  private final Icmpv6Message icmp = new Icmpv6Message();

  private static Ipv6Repr ip(
      final Ipv6Address source, final Ipv6Address destination, final int hopLimit) {
    return new Ipv6Repr(0, 0, 0, Ipv6Packet.NEXT_HEADER_ICMPV6, hopLimit, source, destination);
  }

  private static byte[] frame(final Icmpv6Repr repr) {
    return Ipv6Frames.icmpv6(ip(A, B, Icmpv6Message.ND_HOP_LIMIT), NONE, repr);
  }

  static Icmpv6Repr randomRepr(final Random random) {
    final Ipv6Address target =
        new Ipv6Address(random.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL, random.nextLong());
    final long mac = random.nextBoolean() ? -1 : random.nextLong() & MacAddress.BROADCAST;
    final byte[] data = Mutations.randomBytes(random, 64);
    return switch (random.nextInt(4)) {
      case 0 ->
          new Icmpv6Repr.Echo(
              random.nextBoolean(), random.nextInt(0x10000), random.nextInt(0x10000), data);
      case 1 -> new Icmpv6Repr.NeighborSolicitation(target, mac);
      case 2 ->
          new Icmpv6Repr.NeighborAdvertisement(
              random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), target, mac);
      default -> {
        int type = random.nextInt(256);
        while (Icmpv6Message.isEcho(type) || Icmpv6Message.isNeighborDiscovery(type)) {
          type = random.nextInt(256);
        }
        final byte[] body =
            new byte[Icmpv6Message.minimumLength(type) - Icmpv6Message.HEADER_LENGTH + data.length];
        random.nextBytes(body);
        yield new Icmpv6Repr.Other(type, random.nextInt(256), body);
      }
    };
  }

  /** Parses Ethernet + IPv6 (+ extension headers) + ICMPv6 the way the receive path will. */
  private WireError parse(final UnsafeBuffer buffer) {
    final WireError ipError =
        ip.wrap(
            buffer, EthernetFrame.HEADER_LENGTH, buffer.capacity() - EthernetFrame.HEADER_LENGTH);
    if (ipError != WireError.OK) {
      return ipError;
    }
    final WireError walk = ip.skipExtensionHeaders();
    if (walk != WireError.OK) {
      return walk;
    }
    return ip.upperLayerProtocol() == Ipv6Packet.NEXT_HEADER_ICMPV6
        ? icmp.wrap(ip)
        : WireError.UNSUPPORTED;
  }

  /**
   * Rewrites the checksum of the ICMPv6 message in a walked IPv6 packet, if it has room for one.
   */
  static void repairChecksum(final Ipv6Packet ip, final Icmpv6Message icmp) {
    if (ip.upperLayerLength() >= Icmpv6Message.HEADER_LENGTH) {
      icmp.wrapForEmit(ip.buffer(), ip.upperLayerOffset(), ip.upperLayerLength())
          .computeChecksum(
              ip.pseudoHeaderSum(Ipv6Packet.NEXT_HEADER_ICMPV6, ip.upperLayerLength()));
    }
  }

  /**
   * Applies a change to the ICMPv6 message of a frame and fixes its checksum, so only the change is
   * wrong.
   */
  private byte[] change(final byte[] frame, final Consumer<UnsafeBuffer> edit) {
    final UnsafeBuffer buffer = new UnsafeBuffer(frame);
    edit.accept(buffer);
    assertThat(
            ip.wrap(
                buffer, EthernetFrame.HEADER_LENGTH, frame.length - EthernetFrame.HEADER_LENGTH))
        .isEqualTo(WireError.OK);
    assertThat(ip.skipExtensionHeaders()).isEqualTo(WireError.OK);
    repairChecksum(ip, icmp);
    return frame;
  }

  @Test
  void shouldParseWhatItEmitsForRandomMessages(final Random random) {
    for (int i = 0; i < 3000; i++) {
      final Icmpv6Repr repr = randomRepr(random);
      final int[] extensions =
          random.nextInt(4) == 0
              ? new int[] {
                Ipv6Packet.NEXT_HEADER_HOP_BY_HOP, Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS
              }
              : NONE;
      final byte[] frame =
          Ipv6Frames.icmpv6(ip(A, B, Icmpv6Message.ND_HOP_LIMIT), extensions, repr);
      assertThat(parse(new UnsafeBuffer(frame))).as("%s", repr).isEqualTo(WireError.OK);
      assertThat(Icmpv6Repr.parse(icmp)).isEqualTo(repr);
    }
  }

  @Test
  void shouldExposeNeighborDiscoveryFieldsWithoutRepr() {
    final Icmpv6Repr na =
        new Icmpv6Repr.NeighborAdvertisement(true, false, true, B, 0x0200_0000_0BBBL);
    assertThat(parse(new UnsafeBuffer(frame(na)))).isEqualTo(WireError.OK);
    assertThat(icmp.isRouter()).isTrue();
    assertThat(icmp.isSolicited()).isFalse();
    assertThat(icmp.isOverride()).isTrue();
    assertThat(icmp.targetHi()).isEqualTo(B.hi());
    assertThat(icmp.targetLo()).isEqualTo(B.lo());
    assertThat(icmp.linkLayerAddress()).isEqualTo(0x0200_0000_0BBBL);
    assertThat(parse(new UnsafeBuffer(frame(new Icmpv6Repr.NeighborSolicitation(B, -1)))))
        .isEqualTo(WireError.OK);
    assertThat(icmp.linkLayerAddress()).isEqualTo(-1);
  }

  @Test
  void shouldRejectMessageShorterThanItsTypeNeedsAsTruncated() {
    final byte[] echo = frame(new Icmpv6Repr.Echo(false, 1, 1, new byte[0]));
    final byte[] ns = frame(new Icmpv6Repr.NeighborSolicitation(B, -1));
    final byte[] error = frame(new Icmpv6Repr.Other(1, 4, new byte[4])); // destination unreachable
    final byte[] other = frame(new Icmpv6Repr.Other(200, 0, new byte[0]));
    assertThat(icmp.wrap(new UnsafeBuffer(echo), ICMP, 7, 0)).isEqualTo(WireError.TRUNCATED);
    assertThat(icmp.wrap(new UnsafeBuffer(ns), ICMP, 23, 0)).isEqualTo(WireError.TRUNCATED);
    assertThat(icmp.wrap(new UnsafeBuffer(error), ICMP, 7, 0)).isEqualTo(WireError.TRUNCATED);
    assertThat(icmp.wrap(new UnsafeBuffer(other), ICMP, 3, 0)).isEqualTo(WireError.TRUNCATED);
    assertThat(icmp.wrap(new UnsafeBuffer(other), ICMP + 1, 4, 0)).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldRejectWrongChecksumAsBadChecksum() {
    final byte[] frame = frame(new Icmpv6Repr.Echo(false, 7, 9, new byte[] {1, 2, 3}));
    assertThat(parse(new UnsafeBuffer(frame))).isEqualTo(WireError.OK);
    frame[frame.length - 1] ^= 0x10;
    assertThat(parse(new UnsafeBuffer(frame))).isEqualTo(WireError.BAD_CHECKSUM);
    frame[frame.length - 1] ^= 0x10;
    frame[EthernetFrame.HEADER_LENGTH + Ipv6Packet.SOURCE_OFFSET + 15] ^=
        1; // pseudo header covers addresses
    assertThat(parse(new UnsafeBuffer(frame))).isEqualTo(WireError.BAD_CHECKSUM);
  }

  @Test
  void shouldRejectNeighborDiscoveryWithBadCodeOrTargetAsBadField() {
    final Icmpv6Repr ns = new Icmpv6Repr.NeighborSolicitation(B, 0x0200_0000_0AAAL);
    assertThat(parse(new UnsafeBuffer(change(frame(ns), b -> b.putByte(ICMP + 1, (byte) 1)))))
        .isEqualTo(WireError.BAD_FIELD);
    assertThat(parse(new UnsafeBuffer(change(frame(ns), b -> b.putByte(ICMP + 8, (byte) 0xFF)))))
        .as("multicast target")
        .isEqualTo(WireError.BAD_FIELD);
  }

  @Test
  void shouldRejectNeighborDiscoveryNotFromOnLinkAsBadField() {
    final Icmpv6Repr ns = new Icmpv6Repr.NeighborSolicitation(B, 0x0200_0000_0AAAL);
    assertThat(parse(new UnsafeBuffer(Ipv6Frames.icmpv6(ip(A, B.solicitedNode(), 64), NONE, ns))))
        .as("hop limit below 255: routed from off-link")
        .isEqualTo(WireError.BAD_FIELD);
    final Icmpv6Repr na = new Icmpv6Repr.NeighborAdvertisement(false, true, false, B, -1);
    assertThat(
            parse(
                new UnsafeBuffer(
                    Ipv6Frames.icmpv6(ip(B, Ipv6Address.parse("ff02::1"), 255), NONE, na))))
        .as("solicited advertisement to multicast")
        .isEqualTo(WireError.BAD_FIELD);
    // An echo is not neighbor discovery: any hop limit is fine.
    assertThat(
            parse(
                new UnsafeBuffer(
                    Ipv6Frames.icmpv6(
                        ip(A, B, 1), NONE, new Icmpv6Repr.Echo(false, 1, 1, new byte[0])))))
        .isEqualTo(WireError.OK);
  }

  @Test
  void shouldRejectMalformedNeighborDiscoveryOptionsAsBadOption() {
    final Icmpv6Repr ns = new Icmpv6Repr.NeighborSolicitation(B, 0x0200_0000_0AAAL);
    final int option = ICMP + Icmpv6Message.ND_HEADER_LENGTH;
    assertThat(parse(new UnsafeBuffer(change(frame(ns), b -> b.putByte(option + 1, (byte) 0)))))
        .as("length 0")
        .isEqualTo(WireError.BAD_OPTION);
    assertThat(parse(new UnsafeBuffer(change(frame(ns), b -> b.putByte(option + 1, (byte) 2)))))
        .as("past the message")
        .isEqualTo(WireError.BAD_OPTION);
    // A 16-byte source link-layer address option fits the message but is not Ethernet-sized.
    final byte[] longLinkLayer =
        change(
            frame(new Icmpv6Repr.Echo(false, 0, 0, new byte[32])),
            b -> {
              b.putByte(ICMP, (byte) Icmpv6Message.TYPE_NEIGHBOR_SOLICITATION);
              b.putInt(ICMP + 4, 0);
              B.write(b, ICMP + Icmpv6Message.ND_TARGET_OFFSET);
              b.putByte(option, (byte) Icmpv6Message.OPTION_SOURCE_LINK_LAYER_ADDRESS);
              b.putByte(option + 1, (byte) 2);
            });
    assertThat(parse(new UnsafeBuffer(longLinkLayer)))
        .as("link-layer option of 16 bytes")
        .isEqualTo(WireError.BAD_OPTION);
    new UnsafeBuffer(longLinkLayer).putByte(option, (byte) 9);
    assertThat(parse(new UnsafeBuffer(change(longLinkLayer, b -> {}))))
        .as("unknown options of any size are skipped")
        .isEqualTo(WireError.OK);
    assertThat(
            parse(
                new UnsafeBuffer(
                    Ipv6Frames.icmpv6(
                        ip(Ipv6Address.UNSPECIFIED, B.solicitedNode(), 255), NONE, ns))))
        .as("duplicate address detection must not carry a source link-layer address")
        .isEqualTo(WireError.BAD_OPTION);
    assertThat(
            parse(
                new UnsafeBuffer(
                    Ipv6Frames.icmpv6(
                        ip(Ipv6Address.UNSPECIFIED, B.solicitedNode(), 255),
                        NONE,
                        new Icmpv6Repr.NeighborSolicitation(B, -1)))))
        .isEqualTo(WireError.OK);
  }

  @Test
  void shouldNeverThrowOnRandomOrMutatedFrames(final Random random) {
    final List<byte[]> valid = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      final int[] extensions =
          i % 3 == 0 ? new int[] {Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS} : NONE;
      valid.add(Ipv6Frames.icmpv6(ip(A, B, 255), extensions, randomRepr(random)));
    }
    final Set<WireError> seen = EnumSet.noneOf(WireError.class);
    Mutations.assertParserNeverThrows(
        random,
        valid,
        30_000,
        buffer -> {
          // Half the time the checksum is repaired, so mutations reach the bodies and options
          // behind it.
          if (random.nextBoolean()
              && buffer.capacity() >= EthernetFrame.HEADER_LENGTH
              && ip.wrap(
                      buffer,
                      EthernetFrame.HEADER_LENGTH,
                      buffer.capacity() - EthernetFrame.HEADER_LENGTH)
                  == WireError.OK
              && ip.skipExtensionHeaders() == WireError.OK
              && ip.upperLayerProtocol() == Ipv6Packet.NEXT_HEADER_ICMPV6) {
            repairChecksum(ip, icmp);
          }
          final WireError error = parse(buffer);
          seen.add(error);
          if (error == WireError.OK) {
            final Icmpv6Repr repr = Icmpv6Repr.parse(icmp);
            final Ipv6Repr header = Ipv6Repr.parse(ip);
            final byte[] again =
                Ipv6Frames.icmpv6(
                    ip(
                        new Ipv6Address(ip.sourceHi(), ip.sourceLo()),
                        new Ipv6Address(ip.destinationHi(), ip.destinationLo()),
                        header.hopLimit()),
                    NONE,
                    repr);
            assertThat(parse(new UnsafeBuffer(again))).isEqualTo(WireError.OK);
            assertThat(Icmpv6Repr.parse(icmp)).isEqualTo(repr);
          }
        });
    // The mutations reach past the IPv6 checks: some still verify, some fail only their checksum.
    assertThat(seen).contains(WireError.OK, WireError.BAD_CHECKSUM);
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    final Ipv6Repr request =
        new Ipv6Repr(0xB8, 0x12345, 0, Ipv6Packet.NEXT_HEADER_ICMPV6, 64, A, B);
    final Ipv6Repr reply = new Ipv6Repr(0, 0xABCDE, 0, Ipv6Packet.NEXT_HEADER_ICMPV6, 63, B, A);
    final int[] hopByHopAndDestination = {
      Ipv6Packet.NEXT_HEADER_HOP_BY_HOP, Ipv6Packet.NEXT_HEADER_DESTINATION_OPTIONS
    };
    final List<byte[]> frames =
        List.of(
            Ipv6Frames.icmpv6(
                request, NONE, new Icmpv6Repr.Echo(false, 0x1234, 1, new byte[] {1, 2, 3, 4, 5})),
            Ipv6Frames.icmpv6(
                reply, NONE, new Icmpv6Repr.Echo(true, 0x1234, 1, new byte[] {1, 2, 3, 4, 5})),
            Ipv6Frames.icmpv6(
                ip(A, B.solicitedNode(), 255),
                NONE,
                new Icmpv6Repr.NeighborSolicitation(B, Ipv6Frames.SRC_MAC)),
            Ipv6Frames.icmpv6(
                ip(B, A, 255),
                NONE,
                new Icmpv6Repr.NeighborAdvertisement(false, true, true, B, Ipv6Frames.DST_MAC)),
            Ipv6Frames.icmpv6(
                request,
                hopByHopAndDestination,
                new Icmpv6Repr.Echo(false, 0x1234, 2, new byte[8])),
            Ipv6Frames.icmpv6(reply, NONE, new Icmpv6Repr.Echo(true, 0x1234, 2, new byte[8])));
    final Path pcap = dir.resolve("icmpv6.pcap");
    Tshark.writePcap(pcap, frames);

    final List<List<String>> rows =
        Tshark.fields(
            pcap,
            "ipv6.src",
            "ipv6.dst",
            "ipv6.plen",
            "ipv6.nxt",
            "ipv6.hlim",
            "ipv6.flow",
            "ipv6.tclass.dscp",
            "icmpv6.type",
            "icmpv6.code",
            "icmpv6.checksum.status",
            "icmpv6.echo.identifier",
            "icmpv6.echo.sequence_number",
            "icmpv6.nd.ns.target_address",
            "icmpv6.nd.na.target_address",
            "icmpv6.nd.na.flag.s",
            "icmpv6.opt.src_linkaddr",
            "icmpv6.opt.target_linkaddr",
            "ipv6.hopopts.nxt",
            "ipv6.dstopts.nxt");
    assertThat(rows)
        .as("%s", Tshark.summaries(pcap))
        .containsExactly(
            List.of(
                "2001:db8::a",
                "2001:db8::b",
                "13",
                "58",
                "64",
                "0x012345",
                "46",
                "128",
                "0",
                "1",
                "0x1234",
                "1",
                "",
                "",
                "",
                "",
                "",
                "",
                ""),
            List.of(
                "2001:db8::b",
                "2001:db8::a",
                "13",
                "58",
                "63",
                "0x0abcde",
                "0",
                "129",
                "0",
                "1",
                "0x1234",
                "1",
                "",
                "",
                "",
                "",
                "",
                "",
                ""),
            List.of(
                "2001:db8::a",
                "ff02::1:ff00:b",
                "32",
                "58",
                "255",
                "0x000000",
                "0",
                "135",
                "0",
                "1",
                "",
                "",
                "2001:db8::b",
                "",
                "",
                "02:00:00:00:06:01",
                "",
                "",
                ""),
            List.of(
                "2001:db8::b",
                "2001:db8::a",
                "32",
                "58",
                "255",
                "0x000000",
                "0",
                "136",
                "0",
                "1",
                "",
                "",
                "",
                "2001:db8::b",
                "1",
                "",
                "02:00:00:00:06:02",
                "",
                ""),
            List.of(
                "2001:db8::a",
                "2001:db8::b",
                "32",
                "0",
                "64",
                "0x012345",
                "46",
                "128",
                "0",
                "1",
                "0x1234",
                "2",
                "",
                "",
                "",
                "",
                "",
                "60",
                "58"),
            List.of(
                "2001:db8::b",
                "2001:db8::a",
                "16",
                "58",
                "63",
                "0x0abcde",
                "0",
                "129",
                "0",
                "1",
                "0x1234",
                "2",
                "",
                "",
                "",
                "",
                "",
                "",
                ""));
    Tshark.assertNoExpertWarnings(pcap);
  }
}
