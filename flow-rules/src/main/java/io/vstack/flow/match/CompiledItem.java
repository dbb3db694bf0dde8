package io.vstack.flow.match;

import io.vstack.flow.FieldMatch;
import io.vstack.flow.ItemField;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pattern item reduced to byte comparisons over its image: masked equality on every byte the
 * effective mask covers, plus one unsigned range check per field whose {@code last} makes a range
 * ({@code spec & mask <= value & mask <= last & mask}).
 */
final class CompiledItem {
  final ItemType type;
  final int typeOrdinal;
  private final int[] equalIndex;
  private final byte[] equalMask;
  private final byte[] equalValue;
  private final int[][] rangeIndex;
  private final byte[][] rangeMask;
  private final byte[][] rangeLow;
  private final byte[][] rangeHigh;

  /**
   * A range whose low end is above its high end: rte_flow leaves it unsupported; it never matches.
   */
  final boolean emptyRange;

  CompiledItem(final PatternItem item) {
    type = item.type();
    typeOrdinal = type.ordinal();
    final byte[] spec = item.specImage();
    // rte_flow: an item without spec matches any header of its type, whatever the mask says.
    final byte[] mask = item.hasSpec() ? item.maskImage() : new byte[spec.length];
    final List<int[]> indexes = new ArrayList<>();
    final List<byte[][]> ranges = new ArrayList<>();
    boolean empty = false;
    for (final Map.Entry<ItemField, FieldMatch> entry : item.fields().entrySet()) {
      final ItemField field = entry.getKey();
      final FieldMatch match = entry.getValue();
      final BigInteger specValue = match.spec() == null ? BigInteger.ZERO : match.spec();
      if (match.last() == null || match.last().signum() == 0 || match.last().equals(specValue)) {
        continue;
      }
      final byte[] bits = new byte[spec.length];
      field.write(bits, field.fullMask());
      final byte[] last = spec.clone();
      field.write(last, match.last());
      final int from = field.bitOffset() / 8;
      final int to = (field.bitOffset() + field.bitWidth() + 7) / 8;
      final int[] index = new int[to - from];
      final byte[][] range = new byte[3][to - from];
      for (int i = from; i < to; i++) {
        index[i - from] = i;
        range[0][i - from] = (byte) (mask[i] & bits[i]);
        range[1][i - from] = (byte) (spec[i] & mask[i] & bits[i]);
        range[2][i - from] = (byte) (last[i] & mask[i] & bits[i]);
        mask[i] &= (byte) ~bits[i];
      }
      empty |= compareUnsigned(range[1], range[2]) > 0;
      indexes.add(index);
      ranges.add(range);
    }
    emptyRange = empty;
    int covered = 0;
    for (final byte b : mask) {
      covered += b != 0 ? 1 : 0;
    }
    equalIndex = new int[covered];
    equalMask = new byte[covered];
    equalValue = new byte[covered];
    for (int i = 0, k = 0; i < mask.length; i++) {
      if (mask[i] != 0) {
        equalIndex[k] = i;
        equalMask[k] = mask[i];
        equalValue[k] = (byte) (spec[i] & mask[i]);
        k++;
      }
    }
    rangeIndex = indexes.toArray(new int[0][]);
    rangeMask = ranges.stream().map(r -> r[0]).toArray(byte[][]::new);
    rangeLow = ranges.stream().map(r -> r[1]).toArray(byte[][]::new);
    rangeHigh = ranges.stream().map(r -> r[2]).toArray(byte[][]::new);
  }

  private static int compareUnsigned(final byte[] a, final byte[] b) {
    for (int i = 0; i < a.length; i++) {
      final int c = Integer.compare(a[i] & 0xFF, b[i] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** True when the image at {@code buffer[base...]} (at least the item's image length) matches. */
  boolean matches(final byte[] buffer, final int base) {
    for (int k = 0; k < equalIndex.length; k++) {
      if ((buffer[base + equalIndex[k]] & equalMask[k]) != equalValue[k]) {
        return false;
      }
    }
    for (int r = 0; r < rangeIndex.length; r++) {
      if (!inRange(buffer, base, rangeIndex[r], rangeMask[r], rangeLow[r], rangeHigh[r])) {
        return false;
      }
    }
    return true;
  }

  private static boolean inRange(
      final byte[] buffer,
      final int base,
      final int[] index,
      final byte[] mask,
      final byte[] low,
      final byte[] high) {
    boolean aboveLow = false;
    boolean belowHigh = false;
    for (int i = 0; i < index.length; i++) {
      final int value = buffer[base + index[i]] & mask[i] & 0xFF;
      if (!aboveLow) {
        final int lo = low[i] & 0xFF;
        if (value < lo) {
          return false;
        }
        aboveLow = value > lo;
      }
      if (!belowHigh) {
        final int hi = high[i] & 0xFF;
        if (value > hi) {
          return false;
        }
        belowHigh = value < hi;
      }
    }
    return true;
  }
}
