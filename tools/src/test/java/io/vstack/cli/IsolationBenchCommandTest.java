package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.control.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code vstack bench isolation} end to end, short: the three modes ran, through real TCP in the
 * fused path, and their JSON fields are sane. No timing assertions (the machine may be loaded).
 */
class IsolationBenchCommandTest {
  @Test
  @SuppressWarnings("unchecked")
  void shouldReportEveryModeWithTrafficWhenRunShort() {
    final Cli.Result result =
        Cli.run("bench", "isolation", "--seconds", "1", "--repetitions", "1", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    final Map<String, Object> root = (Map<String, Object>) Json.parse(result.out().strip());
    final List<Map<String, Object>> modes = (List<Map<String, Object>>) root.get("modes");
    assertThat(modes).extracting(m -> m.get("mode")).containsExactly("solo", "fifo", "drr");
    for (final Map<String, Object> mode : modes) {
      final String name = (String) mode.get("mode");
      assertThat(number(mode, "requests")).as(name + " requests").isPositive();
      assertThat(number(mode, "victim_frames")).as(name + " victim frames").isPositive();
      assertThat(number(mode, "p50_us")).as(name + " p50").isPositive();
      assertThat(number(mode, "p99_us"))
          .as(name + " p99 >= p50")
          .isGreaterThanOrEqualTo(number(mode, "p50_us"));
      assertThat(number(mode, "p999_us"))
          .as(name + " p99.9 >= p99")
          .isGreaterThanOrEqualTo(number(mode, "p99_us"));
      assertThat(number(mode, "measured_seconds"))
          .as(name + " seconds")
          .isGreaterThanOrEqualTo(1.0);
      if (!name.equals("solo")) {
        assertThat(number(mode, "aggressor_frames")).as(name + " aggressor frames").isPositive();
        assertThat(number(mode, "aggressor_cycle_share"))
            .as(name + " aggressor share")
            .isBetween(0.0, 1.0);
      }
    }
    assertThat(number(root, "slice_ns")).as("the default time slice").isEqualTo(500.0);
    assertThat(number(root, "aggressor_entitlement")).as("weights 1 and 1").isEqualTo(0.5);
    assertThat(number(root, "group")).as("the default group").isEqualTo(1.0);
    assertThat(number(root, "network_rtt_ns")).as("the default network").isEqualTo(5000.0);
    assertThat(number(root, "gate_depth")).as("the default gate").isEqualTo(16.0);
    assertThat(root.get("yield_on_arrival")).isEqualTo(Boolean.TRUE);
    assertThat(number(root, "reordered_segments"))
        .as("out-of-order aggressor segments")
        .isPositive();
    final Map<String, Object> noise = (Map<String, Object>) root.get("machine_noise");
    assertThat(number(noise, "seconds")).as("the probe spun about 1 s").isBetween(0.99, 10.0);
    assertThat(number(noise, "pauses_over_1us_per_second"))
        .isGreaterThanOrEqualTo(number(noise, "pauses_over_2us_per_second"));
    assertThat(number(noise, "stolen_fraction")).isBetween(0.0, 1.0);
  }

  @Test
  void shouldRefuseQueueSizesThatAreNoPowerOfTwoWhenGiven() {
    final Cli.Result result = Cli.run("bench", "isolation", "--queue", "1000");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorLine()).contains("--queue must be a power of two");
  }

  @Test
  void shouldRefuseANegativeSliceTimeWhenGiven() {
    final Cli.Result result = Cli.run("bench", "isolation", "--slice-ns", "-1");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorLine()).contains("--slice-ns must be between 0 and 1000000");
  }

  @Test
  void shouldRefuseANegativeNetworkRttWhenGiven() {
    final Cli.Result result = Cli.run("bench", "isolation", "--network-rtt-ns", "-5");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorLine()).contains("--network-rtt-ns must be between 0 and 1000000");
  }

  private static double number(final Map<String, Object> object, final String field) {
    final Object value = object.get(field);
    assertThat(value).as(field).isInstanceOf(Number.class);
    return value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
  }
}
