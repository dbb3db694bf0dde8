package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.pcap.CaptureFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortSpecTest {
  @Test
  void shouldParseEachKindWhenGivenKindColonArgument() {
    assertThat(PortSpec.parse("tap:vs0")).isEqualTo(new PortSpec(PortSpec.Kind.TAP, "vs0"));
    assertThat(PortSpec.parse("packet:eth0")).isEqualTo(new PortSpec(PortSpec.Kind.PACKET, "eth0"));
    assertThat(PortSpec.parse("pcap:/tmp/a:b.pcap"))
        .isEqualTo(new PortSpec(PortSpec.Kind.PCAP, "/tmp/a:b.pcap"));
    assertThat(PortSpec.parse("packet:eth0")).hasToString("packet:eth0");
  }

  @Test
  void shouldSayDpdkIsNotInThisBuildWhenAskedForADpdkPort() {
    assertThatThrownBy(() -> PortSpec.parse("dpdk:--vdev=net_null0"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "dpdk ports are not available in this build yet; use tap:NAME, packet:IFACE or"
                + " pcap:FILE")
        .extracting(e -> ((UserException) e).exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void shouldNameTheFormsWhenTheKindIsUnknownOrMissing() {
    assertThatThrownBy(() -> PortSpec.parse("af_xdp:eth0"))
        .hasMessage(
            "unknown port kind 'af_xdp' in 'af_xdp:eth0': use tap:NAME, packet:IFACE or pcap:FILE");
    assertThatThrownBy(() -> PortSpec.parse("eth0"))
        .hasMessage("port 'eth0' has no kind: use tap:NAME, packet:IFACE or pcap:FILE");
    assertThatThrownBy(() -> PortSpec.parse("tap:")).hasMessage("port 'tap:' names no device");
  }

  @Test
  void shouldPickTheCaptureFormatFromTheFileNameWhenWriting() {
    assertThat(PortSpec.formatOf(Path.of("x.pcapng"))).isEqualTo(CaptureFormat.PCAPNG);
    assertThat(PortSpec.formatOf(Path.of("x.pcap"))).isEqualTo(CaptureFormat.PCAP_NANOS);
    assertThatThrownBy(() -> PortSpec.formatOf(Path.of("x.cap")))
        .hasMessage("cannot tell the capture format of x.cap: name it *.pcap or *.pcapng");
  }
}
