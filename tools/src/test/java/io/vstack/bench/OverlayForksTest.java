package io.vstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.mode.StackMode;
import io.vstack.mode.StreamWorkload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The forks of {@code vstack bench overlay --forks N}: a failing child is one line naming the fork,
 * an interrupted parent kills its child, a child whose parent is gone exits, and a fork's result
 * line round-trips. (The successful path is run by {@code OverlayBenchCommandTest}.)
 */
class OverlayForksTest {
  private static final StreamWorkload.Shape SHAPE = StreamWorkload.Shape.small(1, 1);

  @Test
  void shouldReportOneLineNamingTheForkWhenAChildJvmFails() {
    final List<String> command = new ArrayList<>(OverlayForks.javaCommand());
    command.set(command.size() - 1, "/nonexistent-vstack-classes");
    assertThatThrownBy(
            () ->
                OverlayForks.run(
                    command, List.of(StackMode.LAYERED, StackMode.FUSED), SHAPE, 1_000, 1, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("overlay fork 1 of 2 (layered) failed (exit code 1): ")
        .hasMessageContaining("OverlayBenchFork")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void shouldPrintOneErrorLineAndExitOneWhenForkArgumentsAreInvalid() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int exit =
        OverlayBenchFork.run(
            new String[] {"NOT_A_MODE", "1", "1", "64", "2048", "1000", "1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("overlay fork: ")
        .contains("NOT_A_MODE")
        .doesNotContain("\n");
  }

  @Test
  void shouldPrintAResultLineThatParsesBackWhenTheForkRuns() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final int exit =
        OverlayBenchFork.run(
            new String[] {"UNVIRTUALIZED", "1", "2", "64", "2048", "2000", "2"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(exit).isZero();
    final String line = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(line).doesNotContain("\n");
    final OverlayBench.ModeResult r = OverlayBenchFork.fromJson(line, StackMode.UNVIRTUALIZED);
    assertThat(r.packets()).isGreaterThanOrEqualTo(2000);
    assertThat(r.cpuNanos()).isPositive();
    assertThat(r.bytes()).isPositive();
    assertThatThrownBy(() -> OverlayBenchFork.fromJson(line, StackMode.FUSED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("printed an invalid result line");
    assertThatThrownBy(() -> OverlayBenchFork.fromJson("Exception in thread", StackMode.FUSED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("printed no result line: Exception in thread");
  }

  @Test
  void shouldKillTheChildWhenTheParentThreadIsInterrupted() throws Exception {
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread parent =
        new Thread(
            () -> {
              try {
                OverlayForks.run(List.of(StackMode.FUSED), SHAPE, 10_000_000_000L, 1, 1);
              } catch (final Throwable t) {
                failure.set(t);
              }
            });
    parent.start();
    final ProcessHandle child = awaitChild(parent);
    parent.interrupt();
    parent.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(parent.isAlive()).as("parent returned after interrupt").isFalse();
    assertThat(failure.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("overlay fork 1 of 1 (fused) interrupted; the fork was killed");
    child.onExit().get(20, TimeUnit.SECONDS);
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void shouldExitWhenItsStdinClosesBecauseTheParentIsGone() throws Exception {
    final List<String> command = new ArrayList<>(OverlayForks.javaCommand());
    command.addAll(
        List.of(
            OverlayBenchFork.class.getName(), "FUSED", "1", "1", "64", "2048", "10000000000", "1"));
    final Path stderr = Files.createTempFile("overlay-fork", ".err");
    final Process child =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile())
            .start();
    try {
      child.getOutputStream().close();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("fork exited").isTrue();
      assertThat(child.exitValue()).isEqualTo(1);
      assertThat(Files.readString(stderr))
          .as("halted by its parent watch, not failed (a failure prints a line)")
          .isEmpty();
    } finally {
      child.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }

  private static ProcessHandle awaitChild(final Thread parent) throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      final Optional<ProcessHandle> child =
          ProcessHandle.current()
              .children()
              .filter(p -> p.info().commandLine().orElse("").contains("OverlayBenchFork"))
              .findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      assertThat(parent.isAlive()).as("parent still running").isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("no fork started within 30 s");
  }
}
