package io.vstack.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vstack.config.PortDefinition;
import io.vstack.daemon.DesiredState;
import io.vstack.daemon.FlowService;
import io.vstack.offload.ProbingFlowOffload;
import io.vstack.offload.SoftwareFlowOffload;
import io.vstack.offload.UnavailableFlowOffload;
import io.vstack.port.PortSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Jazzer fuzz tests of what a control-socket client controls (one class: each fuzzing JVM costs
 * seconds). Without JAZZER_FUZZ=1 they replay the seeds in {@code ControlFuzzTestInputs/}.
 */
class ControlFuzzTest {
  private static final FlowService SERVICE = service();

  private static FlowService service() {
    try {
      final var dir = Files.createTempDirectory("vstack-fuzz");
      dir.toFile().deleteOnExit();
      return new FlowService(
          List.of(new PortDefinition(0, "p", new PortSpec(PortSpec.Kind.MEMORY, "p"))),
          new ProbingFlowOffload(
              new UnavailableFlowOffload("hw", port -> "no NIC"), new SoftwareFlowOffload()),
          new DesiredState(dir));
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void fuzzRequests(final FuzzedDataProvider data) {
    final String line = data.consumeRemainingAsString();
    try {
      final Object value = Json.parse(line);
      assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    } catch (final JsonException e) {
      assertThat(e.getMessage()).startsWith("bad JSON at offset ").doesNotContain("\n");
    }
    final Map<String, Object> reply = SERVICE.handle(line);
    assertThat(reply.get("ok")).isIn(true, false);
    if (Boolean.FALSE.equals(reply.get("ok"))) {
      assertThat((String) reply.get("error")).isNotBlank().doesNotContain("\n");
      assertThat(reply.get("kind")).isIn(ControlProtocol.KIND_INPUT, ControlProtocol.KIND_FAILED);
    }
  }
}
