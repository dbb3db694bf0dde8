package io.vstack.flow;

import java.math.BigInteger;

/**
 * What a rule asks of one field: the values it writes into the item's {@code spec}, {@code last}
 * and {@code mask} structures. A null component means the rule does not set that part for this
 * field.
 *
 * <p>testpmd's forms map onto it as: {@code is V} = spec V with a full mask, {@code spec V}, {@code
 * last V}, {@code mask M}, {@code prefix N} = mask of N leading ones. Two rules that set the same
 * structures are equal however they were spelled.
 */
public record FieldMatch(BigInteger spec, BigInteger last, BigInteger mask) {
  /** Nothing set. */
  public static final FieldMatch NONE = new FieldMatch(null, null, null);

  /** testpmd {@code is}: exact match of {@code value} on every bit of {@code field}. */
  public static FieldMatch is(final ItemField field, final BigInteger value) {
    return new FieldMatch(value, null, field.fullMask());
  }

  /** A copy with spec {@code value} (null clears it). */
  public FieldMatch withSpec(final BigInteger value) {
    return new FieldMatch(value, last, mask);
  }

  /** A copy with last {@code value} (null clears it). */
  public FieldMatch withLast(final BigInteger value) {
    return new FieldMatch(spec, value, mask);
  }

  /** A copy with mask {@code value} (null clears it). */
  public FieldMatch withMask(final BigInteger value) {
    return new FieldMatch(spec, last, value);
  }

  /** True when this is exactly testpmd's {@code is} for {@code field}. */
  public boolean isExact(final ItemField field) {
    return spec != null && last == null && field.fullMask().equals(mask);
  }
}
