package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.pcap.CaptureFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortSpecTest {
  @Test
  void shouldParseEachKindWhenGivenKindColonArgument() {
    assertThat(PortSpec.parse("tap:vs0", PortSpec.COMMAND_LINE))
        .isEqualTo(new PortSpec(PortSpec.Kind.TAP, "vs0"));
    assertThat(PortSpec.parse("packet:eth0", PortSpec.COMMAND_LINE))
        .isEqualTo(new PortSpec(PortSpec.Kind.PACKET, "eth0"));
    assertThat(PortSpec.parse("pcap:/tmp/a:b.pcap", PortSpec.COMMAND_LINE))
        .isEqualTo(new PortSpec(PortSpec.Kind.PCAP, "/tmp/a:b.pcap"));
    assertThat(PortSpec.parse("memory:loop", PortSpec.CONFIG))
        .isEqualTo(new PortSpec(PortSpec.Kind.MEMORY, "loop"));
    assertThat(PortSpec.parse("packet:eth0", PortSpec.COMMAND_LINE)).hasToString("packet:eth0");
  }

  @Test
  void shouldPointToTheDaemonConfigWhenAskedForADpdkPortOnTheCommandLine() {
    assertThatThrownBy(() -> PortSpec.parse("dpdk:--vdev=net_null0", PortSpec.COMMAND_LINE))
        .isInstanceOf(PortSpec.PortSpecException.class)
        .hasMessage(
            "dpdk ports are taken by the daemon's config only, not here; use tap:NAME,"
                + " packet:IFACE or pcap:FILE")
        .extracting(e -> ((PortSpec.PortSpecException) e).unknownKind())
        .isEqualTo(false);
  }

  @Test
  void shouldKeepTheWholeDeviceAndDevargsWhenTheConfigNamesADpdkPort() {
    assertThat(PortSpec.parse("dpdk:net_tap0,iface=vsy0123456789ab", PortSpec.CONFIG))
        .isEqualTo(new PortSpec(PortSpec.Kind.DPDK, "net_tap0,iface=vsy0123456789ab"));
    assertThat(PortSpec.parse("dpdk:0000:03:00.0,rxq_pkt_pad_en=1", PortSpec.CONFIG))
        .hasToString("dpdk:0000:03:00.0,rxq_pkt_pad_en=1");
    assertThatThrownBy(() -> PortSpec.parse("dpdk:net_null0", PortSpec.CONFIG).open(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 'dpdk:net_null0' is a DPDK ethdev: the daemon opens it through the EAL");
  }

  @Test
  void shouldNameTheFormsWhenTheKindIsUnknownOrMissing() {
    assertThatThrownBy(() -> PortSpec.parse("af_xdp:eth0", PortSpec.COMMAND_LINE))
        .hasMessage(
            "unknown port kind 'af_xdp' in 'af_xdp:eth0': use tap:NAME, packet:IFACE or pcap:FILE")
        .extracting(e -> ((PortSpec.PortSpecException) e).unknownKind())
        .isEqualTo(true);
    assertThatThrownBy(() -> PortSpec.parse("eth0", PortSpec.COMMAND_LINE))
        .hasMessage("port 'eth0' has no kind: use tap:NAME, packet:IFACE or pcap:FILE");
    assertThatThrownBy(() -> PortSpec.parse("tap:", PortSpec.COMMAND_LINE))
        .hasMessage("port 'tap:' names no device");
    assertThatThrownBy(() -> PortSpec.parse("pcap:", PortSpec.CONFIG))
        .hasMessage("port 'pcap:' names no file");
  }

  @Test
  void shouldRefuseAKindTheCallerDoesNotTakeWhenParsing() {
    assertThatThrownBy(() -> PortSpec.parse("memory:loop", PortSpec.COMMAND_LINE))
        .hasMessage(
            "unknown port kind 'memory' in 'memory:loop': use tap:NAME, packet:IFACE or pcap:FILE");
    assertThat(PortSpec.forms(PortSpec.CONFIG))
        .isEqualTo("memory:NAME, tap:NAME, packet:IFACE, pcap:FILE or dpdk:DEVICE[,ARGS]");
  }

  @Test
  void shouldRefuseDeviceNamesLongerThanLinuxTakesWhenParsing() {
    assertThat(PortSpec.parse("tap:a23456789012345", PortSpec.CONFIG).argument()).hasSize(15);
    assertThatThrownBy(() -> PortSpec.parse("tap:a234567890123456", PortSpec.CONFIG))
        .hasMessage("expected a name of at most 15 characters, got 'a234567890123456'");
    assertThat(PortSpec.parse("pcap:/a/very/long/path/to/a/file.pcap", PortSpec.CONFIG).argument())
        .isEqualTo("/a/very/long/path/to/a/file.pcap");
  }

  @Test
  void shouldRefuseToOpenAMemoryPortAloneWhenAsked() {
    assertThatThrownBy(() -> new PortSpec(PortSpec.Kind.MEMORY, "loop").open(PortSpec.Use.SEND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 'memory:loop' is an in-process wire: it is opened in pairs, not alone");
  }

  @Test
  void shouldPickTheCaptureFormatFromTheFileNameWhenWriting() {
    assertThat(PortSpec.formatOf(Path.of("x.pcapng"))).isEqualTo(CaptureFormat.PCAPNG);
    assertThat(PortSpec.formatOf(Path.of("x.pcap"))).isEqualTo(CaptureFormat.PCAP_NANOS);
    assertThatThrownBy(() -> PortSpec.formatOf(Path.of("x.cap")))
        .hasMessage("cannot tell the capture format of x.cap: name it *.pcap or *.pcapng");
  }
}
