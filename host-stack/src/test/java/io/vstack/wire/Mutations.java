package io.vstack.wire;

import static org.assertj.core.api.Assertions.fail;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Malformed input for robustness properties: random bytes and corruptions of valid packets. Every
 * input is handed to the parser in an {@link UnsafeBuffer} over a byte array of exactly its size,
 * so a read outside the packet throws (Agrona bounds checks are on in tests) and fails the test.
 */
public final class Mutations {
  private Mutations() {}

  /**
   * Feeds {@code iterations} random and mutated inputs derived from {@code valid} to {@code
   * parser}, failing with the input in hex if the parser throws anything.
   */
  static void assertParserNeverThrows(
      final Random random,
      final List<byte[]> valid,
      final int iterations,
      final Consumer<UnsafeBuffer> parser) {
    for (int i = 0; i < iterations; i++) {
      final byte[] input =
          i % 4 == 0
              ? randomBytes(random, 96)
              : mutate(random, valid.get(random.nextInt(valid.size())));
      try {
        parser.accept(new UnsafeBuffer(input));
      } catch (final RuntimeException | AssertionError e) {
        fail("parser failed on input " + HexFormat.of().formatHex(input) + ": " + e, e);
      }
    }
  }

  public static byte[] randomBytes(final Random random, final int maxLength) {
    final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * Bit flips, a truncation, or random values written over the first bytes (lying length fields).
   */
  public static byte[] mutate(final Random random, final byte[] valid) {
    byte[] bytes = valid.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int flips = 1 + random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      default -> {
        for (int writes = 1 + random.nextInt(3); writes > 0 && bytes.length > 0; writes--) {
          bytes[random.nextInt(Math.min(bytes.length, 48))] = (byte) random.nextInt(256);
        }
      }
    }
    return bytes;
  }
}
