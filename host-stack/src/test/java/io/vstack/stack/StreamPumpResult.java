package io.vstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

/** The report line of {@link LinuxTcpLab#PUMP}: what Linux sent and received. */
record StreamPumpResult(
    long sent, String sentSha, long received, String receivedSha, String ending) {
  static StreamPumpResult parse(final String stdout) {
    final String line = stdout.strip();
    final String[] f = line.split(" ");
    assertThat(f).as("Linux pump output: %s", line).hasSize(7);
    assertThat(f[0]).isEqualTo("sent");
    assertThat(f[3]).isEqualTo("received");
    return new StreamPumpResult(Long.parseLong(f[1]), f[2], Long.parseLong(f[4]), f[5], f[6]);
  }
}
