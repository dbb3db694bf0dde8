package io.vstack.flow;

import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One pattern item of a rule: its type and, per field, what the rule sets in spec/last/mask.
 * Immutable; the field map iterates in declaration order.
 *
 * <p>rte_flow semantics, which the software matcher follows: no field set matches any header of
 * that type; spec without any mask uses the item's default mask ({@link ItemType#defaultMask()})
 * for the whole item, including fields whose spec stays zero; once any field sets a mask, the mask
 * of every other field is zero; last with spec makes a range for fields whose last is neither zero
 * nor equal to spec.
 */
public record PatternItem(ItemType type, Map<ItemField, FieldMatch> fields) {
  public PatternItem {
    Objects.requireNonNull(type, "type");
    final EnumMap<ItemField, FieldMatch> copy = new EnumMap<>(ItemField.class);
    for (final Map.Entry<ItemField, FieldMatch> entry : fields.entrySet()) {
      final ItemField field = entry.getKey();
      final FieldMatch match = Objects.requireNonNull(entry.getValue(), "match");
      if (field.item() != type) {
        throw new IllegalArgumentException(
            "field " + field + " does not belong to item " + type.token());
      }
      check(field, match.spec());
      check(field, match.last());
      check(field, match.mask());
      if (!match.equals(FieldMatch.NONE)) {
        copy.put(field, match);
      }
    }
    fields = Collections.unmodifiableMap(copy);
  }

  private static void check(final ItemField field, final BigInteger value) {
    if (value != null && !field.fits(value)) {
      throw new IllegalArgumentException(
          "value " + value + " does not fit the " + field.bitWidth() + "-bit field " + field);
    }
  }

  /** An item of {@code type} with no field set (matches any such header). */
  public static PatternItem of(final ItemType type) {
    return new PatternItem(type, Map.of());
  }

  /** A copy with {@code field} set to {@code match}. */
  public PatternItem with(final ItemField field, final FieldMatch match) {
    final EnumMap<ItemField, FieldMatch> copy = new EnumMap<>(ItemField.class);
    copy.putAll(fields);
    copy.put(field, match);
    return new PatternItem(type, copy);
  }

  /** A copy with testpmd's {@code <field> is <value>}. */
  public PatternItem is(final ItemField field, final long value) {
    return with(field, FieldMatch.is(field, BigInteger.valueOf(value)));
  }

  /** What the rule sets for {@code field}; {@link FieldMatch#NONE} when nothing. */
  public FieldMatch field(final ItemField field) {
    return fields.getOrDefault(field, FieldMatch.NONE);
  }

  /** True when some field sets a spec (rte_flow's {@code item.spec != NULL}). */
  public boolean hasSpec() {
    return fields.values().stream().anyMatch(m -> m.spec() != null);
  }

  /** True when some field sets last. */
  public boolean hasLast() {
    return fields.values().stream().anyMatch(m -> m.last() != null);
  }

  /** True when some field sets a mask (then the default mask no longer applies). */
  public boolean hasMask() {
    return fields.values().stream().anyMatch(m -> m.mask() != null);
  }

  /** The spec image (fields without spec are zero). */
  public byte[] specImage() {
    final byte[] image = new byte[type.imageLength()];
    fields.forEach(
        (f, m) -> {
          if (m.spec() != null) {
            f.write(image, m.spec());
          }
        });
    return image;
  }

  /** The effective mask image: the default mask unless some field sets a mask. */
  public byte[] maskImage() {
    if (!hasMask()) {
      return type.defaultMask();
    }
    final byte[] image = new byte[type.imageLength()];
    fields.forEach(
        (f, m) -> {
          if (m.mask() != null) {
            f.write(image, m.mask());
          }
        });
    return image;
  }
}
