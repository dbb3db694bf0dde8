package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SeededRandomExtension.class)
class VxlanHeaderTest {
  private final VxlanHeader header = new VxlanHeader();

  static byte[] emit(final VxlanRepr repr, final byte[] inner) {
    final byte[] bytes = new byte[VxlanHeader.HEADER_LENGTH + inner.length];
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    final VxlanHeader view = repr.emit(new VxlanHeader(), buffer, 0, inner.length);
    buffer.putBytes(view.payloadOffset(), inner);
    return bytes;
  }

  @Test
  void shouldParseWhatItEmitsForRandomVnis(final Random random) {
    for (int i = 0; i < 1000; i++) {
      final VxlanRepr repr = new VxlanRepr(random.nextInt(VxlanHeader.MAX_VNI + 1));
      final byte[] bytes = emit(repr, Mutations.randomBytes(random, 64));
      assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
      assertThat(VxlanRepr.parse(header)).isEqualTo(repr);
      assertThat(header.payloadLength()).isEqualTo(bytes.length - VxlanHeader.HEADER_LENGTH);
    }
  }

  @Test
  void shouldRejectBufferShorterThanHeaderAsTruncated() {
    final byte[] bytes = emit(new VxlanRepr(7), new byte[0]);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, 7)).isEqualTo(WireError.TRUNCATED);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 1, 8)).isEqualTo(WireError.TRUNCATED);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, 8)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldRejectHeaderWithoutIFlagAsBadField() {
    final byte[] bytes = emit(new VxlanRepr(7), new byte[0]);
    bytes[0] = (byte) 0xF7; // every flag bit but I
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length))
        .isEqualTo(WireError.BAD_FIELD);
  }

  @Test
  void shouldIgnoreReservedFieldsOnParseAndZeroThemOnEmit() {
    final byte[] bytes = emit(new VxlanRepr(0xABCDEF), new byte[0]);
    assertThat(bytes).containsExactly(0x08, 0, 0, 0, 0xAB, 0xCD, 0xEF, 0);
    final byte[] dirty = {
      (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x12, 0x34, 0x56, (byte) 0xFF
    };
    assertThat(header.wrap(new UnsafeBuffer(dirty), 0, 8)).isEqualTo(WireError.OK);
    assertThat(header.vni()).isEqualTo(0x123456);
  }

  @Test
  void shouldNeverThrowOnRandomOrMutatedBytes(final Random random) {
    final List<byte[]> valid =
        List.of(emit(new VxlanRepr(42), new byte[20]), emit(new VxlanRepr(1), new byte[0]));
    final Set<WireError> seen = EnumSet.noneOf(WireError.class);
    Mutations.assertParserNeverThrows(
        random, valid, 20_000, buffer -> seen.add(assertReemitsIfAccepted(header, buffer)));
    assertThat(seen)
        .as("reasons returned for malformed input, all documented on wrap")
        .isSubsetOf(WireError.OK, WireError.TRUNCATED, WireError.BAD_FIELD)
        .contains(WireError.OK, WireError.TRUNCATED);
  }

  /**
   * If {@code header} accepts the whole buffer, its Repr must emit a header that parses to the same
   * Repr.
   */
  static WireError assertReemitsIfAccepted(final VxlanHeader header, final UnsafeBuffer buffer) {
    final WireError error = header.wrap(buffer, 0, buffer.capacity());
    if (error == WireError.OK) {
      final VxlanRepr repr = VxlanRepr.parse(header);
      final byte[] again = emit(repr, new byte[header.payloadLength()]);
      assertThat(header.wrap(new UnsafeBuffer(again), 0, again.length)).isEqualTo(WireError.OK);
      assertThat(VxlanRepr.parse(header)).isEqualTo(repr);
    }
    return error;
  }

  @Test
  void shouldBeDecodedByTsharkWithInnerTcp(@TempDir final Path dir, final Random random)
      throws Exception {
    final List<byte[]> frames = new ArrayList<>();
    final List<Integer> vnis = new ArrayList<>();
    final List<Integer> sequences = new ArrayList<>();
    int sequence = 1000;
    for (int i = 0; i < 8; i++) {
      final int vni = i == 0 ? VxlanHeader.MAX_VNI : random.nextInt(VxlanHeader.MAX_VNI + 1);
      vnis.add(vni);
      sequences.add(sequence);
      final byte[] payload = Mutations.randomBytes(random, 100);
      final byte[] inner = TestFrames.ethernetIpv4Tcp(sequence, payload);
      sequence += payload.length;
      frames.add(
          TestFrames.ethernetIpv4Udp(
              OverlayProtocol.VXLAN.udpPort(), emit(new VxlanRepr(vni), inner)));
    }
    final Path pcap = dir.resolve("vxlan.pcap");
    Tshark.writePcap(pcap, frames);

    final List<List<String>> rows =
        Tshark.fields(
            pcap,
            "udp.dstport",
            "vxlan.flag_i",
            "vxlan.vni",
            "ip.dst",
            "tcp.seq_raw",
            "tcp.checksum.status");
    for (int i = 0; i < frames.size(); i++) {
      assertThat(rows.get(i))
          .as("frame %d: %s", i, Tshark.summaries(pcap))
          .containsExactly(
              "4789",
              "1",
              Integer.toString(vnis.get(i)),
              "192.0.2.2,10.0.0.2",
              Integer.toString(sequences.get(i)),
              "1");
    }
    Tshark.assertNoExpertWarnings(pcap);
  }
}
