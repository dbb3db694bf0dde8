package io.vstack.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds frames with scapy, an independent packet library, so our parsers are checked against bytes
 * we did not write. Runs {@code /usr/bin/python3} (Debian package python3-scapy).
 */
public final class Scapy {
  private static final String PYTHON = "/usr/bin/python3";

  private Scapy() {}

  /** Evaluates each scapy expression (e.g. {@code Ether()/IP()/TCP()}) and returns its bytes. */
  public static List<byte[]> frames(final String... expressions) {
    final StringBuilder script =
        new StringBuilder(
            "import logging\nlogging.getLogger('scapy.runtime').setLevel(logging.ERROR)\nfrom scapy.all import *\n");
    for (final String expression : expressions) {
      script.append("print(bytes(").append(expression).append(").hex())\n");
    }
    final List<byte[]> frames = new ArrayList<>();
    for (final String line : run(script.toString())) {
      frames.add(HexFormat.of().parseHex(line.strip()));
    }
    if (frames.size() != expressions.length) {
      fail("scapy printed " + frames.size() + " frames for " + expressions.length + " expressions");
    }
    return frames;
  }

  private static List<String> run(final String script) {
    try {
      final Process process = new ProcessBuilder(PYTHON, "-c", script).start();
      final byte[] stdout = process.getInputStream().readAllBytes();
      final byte[] stderr = process.getErrorStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("scapy timed out");
      }
      if (process.exitValue() != 0) {
        fail(
            "scapy failed (exit "
                + process.exitValue()
                + "; install Debian package python3-scapy): "
                + new String(stderr, StandardCharsets.UTF_8));
      }
      final String text = new String(stdout, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    } catch (final IOException e) {
      throw new AssertionError(
          "cannot run "
              + PYTHON
              + " (install Debian packages python3 and python3-scapy): "
              + e.getMessage(),
          e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
