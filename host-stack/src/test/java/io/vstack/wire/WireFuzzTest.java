package io.vstack.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Random;

/**
 * Jazzer fuzz target for every parser of this package (except the overlay formats, fuzzed in their
 * own class). The first input byte picks the parser, the rest is the packet. A finding is any
 * exception (an IndexOutOfBoundsException from Agrona's bounds checks on the exact-size buffer is a
 * read outside the packet) or a different answer when the same bytes sit inside a larger
 * canary-filled buffer (see {@link Robustness}).
 *
 * <p>A normal build replays the seeds in {@code src/test/resources/.../WireFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class WireFuzzTest {
  private final WireParsers parsers = new WireParsers();
  private final Robustness.Parser[] targets = {
    parsers::frame,
    parsers::arp,
    parsers::ipv4,
    parsers::icmpv4,
    parsers::udp,
    parsers::tcp,
    parsers::tcpOptions,
  };

  @FuzzTest(maxDuration = "30s")
  void shouldNeverThrowOrReadOutsideWhenParsingArbitraryBytes(final byte[] input) {
    if (input.length == 0) {
      return;
    }
    final Robustness.Parser parser = targets[(input[0] & 0xFF) % targets.length];
    final byte[] packet = Arrays.copyOfRange(input, 1, input.length);
    Robustness.check(new Random(Arrays.hashCode(input)), packet, parser);
  }
}
