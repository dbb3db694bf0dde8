package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EthernetFrameTest {
  private final EthernetFrame frame = new EthernetFrame();

  @Test
  void shouldRoundTripUntaggedAndTaggedHeaders() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    for (final EthernetRepr repr :
        List.of(
            EthernetRepr.of(MacAddress.BROADCAST, 0x0200_0000_0001L, EthernetFrame.TYPE_ARP),
            new EthernetRepr(
                0x0200_0000_0002L, 0x0200_0000_0001L, 100, 5, EthernetFrame.TYPE_IPV4))) {
      repr.emit(frame, buffer, 0, 46);
      assertThat(frame.wrap(buffer, 0, repr.headerLength() + 46)).isEqualTo(WireError.OK);
      assertThat(EthernetRepr.parse(frame)).isEqualTo(repr);
    }
  }

  @Test
  void shouldRejectTruncatedAndLengthFrames() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    assertThat(frame.wrap(buffer, 0, 13)).isEqualTo(WireError.TRUNCATED);
    assertThat(frame.wrap(buffer, 60, 14)).isEqualTo(WireError.TRUNCATED);
    buffer.putShort(12, (short) 0x0100, java.nio.ByteOrder.BIG_ENDIAN);
    assertThat(frame.wrap(buffer, 0, 64)).isEqualTo(WireError.UNSUPPORTED);
    buffer.putShort(12, (short) EthernetFrame.TPID_VLAN, java.nio.ByteOrder.BIG_ENDIAN);
    assertThat(frame.wrap(buffer, 0, 16)).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    final byte[] bytes = new byte[64];
    final EthernetRepr repr = new EthernetRepr(0x0200_0000_0002L, 0x0200_0000_0001L, 42, 3, 0x88B5);
    repr.emit(frame, new UnsafeBuffer(bytes), 0, 64 - repr.headerLength());
    final Path pcap = dir.resolve("eth.pcap");
    Tshark.writePcap(pcap, List.of(bytes));

    final List<List<String>> rows =
        Tshark.fields(pcap, "eth.dst", "eth.src", "vlan.id", "vlan.priority", "vlan.etype");
    assertThat(rows)
        .containsExactly(List.of("02:00:00:00:00:02", "02:00:00:00:00:01", "42", "3", "0x88b5"));
    Tshark.assertNoExpertWarnings(pcap);
  }
}
