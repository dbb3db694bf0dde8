package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Feeds hostile bytes to a parser three ways and demands the same answer each time: over an
 * exact-size array (any read past the end throws IndexOutOfBoundsException from Agrona's bounds
 * checks), over an exact-size window of a larger canary-filled array, and at an offset inside that
 * larger array (a read outside the window would see canary bytes and change the answer). The canary
 * must also be left untouched: parsers never write.
 */
final class Robustness {
  /** A parser under test: wraps, and on success reads every field; returns a description. */
  @FunctionalInterface
  interface Parser {
    String parse(MutableDirectBuffer buffer, int offset, int length);
  }

  private Robustness() {}

  /** Checks one input; returns the parser's description for further assertions. */
  static String check(final Random random, final byte[] input, final Parser parser) {
    final String exact = parser.parse(new UnsafeBuffer(input.clone()), 0, input.length);

    final int before = random.nextInt(64);
    final byte[] big = new byte[before + input.length + random.nextInt(64)];
    random.nextBytes(big);
    System.arraycopy(input, 0, big, before, input.length);
    final byte[] snapshot = big.clone();

    final String window =
        parser.parse(new UnsafeBuffer(big, before, input.length), 0, input.length);
    final String embedded = parser.parse(new UnsafeBuffer(big), before, input.length);
    assertThat(window).as("window over canary array").isEqualTo(exact);
    assertThat(embedded)
        .as("at offset inside canary array (a read outside the packet)")
        .isEqualTo(exact);
    assertThat(Arrays.equals(big, snapshot)).as("parser wrote into the buffer").isTrue();
    return exact;
  }

  /**
   * Random mutations of a valid packet: bit flips, truncation, random 16-bit lies, random bytes.
   */
  static byte[] mutate(final Random random, final byte[] valid, final int... lengthFieldOffsets) {
    byte[] bytes = valid.clone();
    final int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(5)) {
        case 0 -> {
          if (bytes.length > 0) {
            final int bit = random.nextInt(bytes.length * 8);
            bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
          }
        }
        case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        case 2 -> {
          if (lengthFieldOffsets.length > 0) {
            final int at = lengthFieldOffsets[random.nextInt(lengthFieldOffsets.length)];
            if (at + 1 < bytes.length) {
              final int lie =
                  random.nextBoolean()
                      ? random.nextInt(0x10000)
                      : bytes.length - at + random.nextInt(9) - 4;
              bytes[at] = (byte) (lie >>> 8);
              bytes[at + 1] = (byte) lie;
            }
          }
        }
        case 3 -> {
          if (bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
          }
        }
        default -> {
          final byte[] noise = new byte[random.nextInt(80)];
          random.nextBytes(noise);
          bytes = random.nextBoolean() ? noise : concat(bytes, noise);
        }
      }
    }
    return bytes;
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
