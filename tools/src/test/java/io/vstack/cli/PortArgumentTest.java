package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.port.PortSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Port specs on the command line: the parser's messages become usage errors (exit 2). */
class PortArgumentTest {
  @Test
  void shouldPointToTheDaemonConfigWhenAskedForADpdkPort() {
    assertThatThrownBy(() -> PortArgument.parse("dpdk:--vdev=net_null0"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "dpdk ports are taken by the daemon's config only, not here; use tap:NAME,"
                + " packet:IFACE or pcap:FILE")
        .extracting(e -> ((UserException) e).exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void shouldTakeOnlyCommandLineKindsWhenParsing() {
    assertThat(PortArgument.parse("tap:vs0")).isEqualTo(new PortSpec(PortSpec.Kind.TAP, "vs0"));
    assertThatThrownBy(() -> PortArgument.parse("memory:x"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "unknown port kind 'memory' in 'memory:x': use tap:NAME, packet:IFACE or pcap:FILE");
  }

  @Test
  void shouldBeAUsageErrorWhenTheCaptureFormatIsUnknown() {
    assertThatThrownBy(() -> PortArgument.formatOf(Path.of("x.cap")))
        .isInstanceOf(UserException.class)
        .hasMessage("cannot tell the capture format of x.cap: name it *.pcap or *.pcapng")
        .extracting(e -> ((UserException) e).exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }
}
