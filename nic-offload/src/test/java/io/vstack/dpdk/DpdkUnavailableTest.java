package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.ThisJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without DPDK (here: without the shim) the first DPDK call says what to install. */
class DpdkUnavailableTest {
  @Test
  void shouldSayWhatToInstallWhenTheShimIsMissing() {
    final String out =
        ExternalTools.run(
            60,
            ThisJvm.command(
                List.of("-Dvstack.dpdk.shim=/nonexistent/libvstackdpdk.so"),
                UnavailableProbe.class.getName()));
    assertThat(out.trim())
        .isEqualTo(
            "DPDK not available: install dpdk libdpdk-dev (cannot load the"
                + " shim /nonexistent/libvstackdpdk.so: Cannot open library:"
                + " /nonexistent/libvstackdpdk.so)");
  }

  @Test
  void shouldSkipTheShimWithAReasonWhenGccIsMissing() throws Exception {
    final Path out = Files.createTempDirectory("vsd-shim");
    try {
      final String printed =
          ExternalTools.run(
              30,
              List.of(
                  "env",
                  "PATH=/nonexistent",
                  "/bin/sh",
                  Path.of("src/main/c/build-shim.sh").toAbsolutePath().toString(),
                  out.toString()));
      assertThat(printed).contains("skipping libvstackdpdk.so: gcc not found");
      assertThat(out.resolve("libvstackdpdk.so")).doesNotExist();
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
