package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

  /** The textbook definition: big-endian 16-bit words, odd byte padded, end-around carry. */
  static int naiveFold(final byte[] bytes, final int offset, final int length) {
    long sum = 0;
    for (int i = 0; i < length; i += 2) {
      final int high = bytes[offset + i] & 0xFF;
      final int low = i + 1 < length ? bytes[offset + i + 1] & 0xFF : 0;
      sum += high << 8 | low;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** The same bytes on heap, in a window of a larger array, and off heap. */
  private static DirectBuffer[] placements(final Random random, final byte[] bytes) {
    final int before = random.nextInt(9);
    final byte[] larger = new byte[before + bytes.length + random.nextInt(9)];
    random.nextBytes(larger);
    System.arraycopy(bytes, 0, larger, before, bytes.length);
    final UnsafeBuffer direct =
        new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 1), 1, bytes.length);
    direct.putBytes(0, bytes);
    return new DirectBuffer[] {
      new UnsafeBuffer(bytes), new UnsafeBuffer(larger, before, bytes.length), direct
    };
  }

  @Test
  void shouldMatchRfc1071Example() {
    // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
    final UnsafeBuffer buffer =
        new UnsafeBuffer(
            new byte[] {0, 1, (byte) 0xf2, 3, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7});
    assertThat(InternetChecksum.fold(InternetChecksum.sum(buffer, 0, 8, 0))).isEqualTo(0xddf2);
    assertThat(InternetChecksum.compute(buffer, 0, 8)).isEqualTo(0x220d);
  }

  @Test
  void shouldEqualTheTextbookSumWhenLengthAlignmentAndPlacementAreRandom() {
    Seeded.forAll(
        "checksum == naive",
        3_000,
        (random, i) -> {
          final int length = i % 100 == 0 ? random.nextInt(70_000) : random.nextInt(300);
          final byte[] bytes = Frames.randomBytes(random, length);
          final int from = length == 0 ? 0 : random.nextInt(length);
          final int regionLength = random.nextInt(length - from + 1);
          final int expected = naiveFold(bytes, from, regionLength);
          for (final DirectBuffer buffer : placements(random, bytes)) {
            final int folded =
                InternetChecksum.fold(InternetChecksum.sum(buffer, from, regionLength, 0));
            // 0x0000 and 0xFFFF are both zero in one's complement; only the all-zero input gives
            // 0x0000.
            assertThat(folded % 0xFFFF)
                .as("length %d at %d", regionLength, from)
                .isEqualTo(expected % 0xFFFF);
          }
        });
  }

  @Test
  void shouldComposeRegionsSplitAtEvenBoundaries() {
    Seeded.forAll(
        "sum(a) + sum(b) == sum(ab)",
        2_000,
        (random, i) -> {
          final byte[] bytes = Frames.randomBytes(random, random.nextInt(400));
          final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
          final int split = random.nextInt(bytes.length / 2 + 1) * 2;
          final long start = random.nextInt(0x10000);
          final long parts =
              InternetChecksum.sum(
                  buffer,
                  split,
                  bytes.length - split,
                  InternetChecksum.sum(buffer, 0, split, start));
          assertThat(InternetChecksum.fold(parts) % 0xFFFF)
              .isEqualTo(
                  InternetChecksum.fold(InternetChecksum.sum(buffer, 0, bytes.length, start))
                      % 0xFFFF);
        });
  }

  @Test
  void shouldThrowInsteadOfReadingOutsideTheBuffer() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
    assertThatThrownBy(() -> InternetChecksum.sum(buffer, 20, 16, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> InternetChecksum.sum(buffer, -1, 8, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void shouldEqualTheTextbookPseudoHeaderSum() {
    Seeded.forAll(
        "IPv4 pseudo header",
        1_000,
        (random, i) -> {
          final int source = random.nextInt();
          final int destination = random.nextInt();
          final int protocol = random.nextInt(256);
          final int length = random.nextInt(0x10000);
          final UnsafeBuffer header = new UnsafeBuffer(new byte[12]);
          header.putInt(0, source, java.nio.ByteOrder.BIG_ENDIAN);
          header.putInt(4, destination, java.nio.ByteOrder.BIG_ENDIAN);
          header.putByte(9, (byte) protocol);
          header.putShort(10, (short) length, java.nio.ByteOrder.BIG_ENDIAN);
          assertThat(
                  InternetChecksum.fold(
                          InternetChecksum.ipv4PseudoHeaderSum(
                              source, destination, protocol, length))
                      % 0xFFFF)
              .isEqualTo(naiveFold(header.byteArray(), 0, 12) % 0xFFFF);
        });
  }

  @Test
  void shouldMatchRecomputeWhenUpdatedIncrementally() {
    Seeded.forAll(
        "RFC 1624 update == recompute",
        3_000,
        (random, i) -> {
          final byte[] bytes = Frames.randomBytes(random, 4 + 2 * random.nextInt(40));
          final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
          final int before = InternetChecksum.compute(buffer, 0, bytes.length);
          final int updated;
          if (random.nextBoolean()) {
            final int old = buffer.getShort(0, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int value = random.nextInt(0x10000);
            buffer.putShort(0, (short) value, java.nio.ByteOrder.BIG_ENDIAN);
            updated = InternetChecksum.update16(before, old, value);
          } else {
            final int old = buffer.getInt(0, java.nio.ByteOrder.BIG_ENDIAN);
            final int value = random.nextInt();
            buffer.putInt(0, value, java.nio.ByteOrder.BIG_ENDIAN);
            updated = InternetChecksum.update32(before, old, value);
          }
          assertThat(updated % 0xFFFF)
              .isEqualTo(InternetChecksum.compute(buffer, 0, bytes.length) % 0xFFFF);
        });
  }
}
