package io.vstack.flow.syntax;

import io.vstack.flow.FieldKind;
import io.vstack.flow.FieldMatch;
import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowAttributes;
import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemField;
import io.vstack.flow.PatternItem;
import io.vstack.flow.RssFunction;
import io.vstack.flow.RssType;
import java.math.BigInteger;

/**
 * Prints the canonical testpmd text of rules and commands: attributes in the order group, priority,
 * ingress, egress, transfer (zero group/priority omitted); fields in declaration order, {@code is}
 * for an exact match, otherwise {@code spec}, {@code last}, then {@code prefix} for a contiguous
 * mask or {@code mask}; masks of numbers in hex.
 */
final class FlowPrinter {
  private final StringBuilder out = new StringBuilder(128);

  static String command(final FlowCommand command) {
    final FlowPrinter printer = new FlowPrinter();
    printer.out.append("flow ");
    switch (command) {
      case FlowCommand.Validate v -> printer.word("validate").number(v.port()).body(v.rule());
      case FlowCommand.Create c -> printer.word("create").number(c.port()).body(c.rule());
      case FlowCommand.Destroy d -> {
        printer.word("destroy").number(d.port());
        d.ruleIds().forEach(id -> printer.word(" rule").number(id));
      }
      case FlowCommand.ListRules l -> {
        printer.word("list").number(l.port());
        l.groups().forEach(group -> printer.word(" group").number(group));
      }
      case FlowCommand.Flush f -> printer.word("flush").number(f.port());
      case FlowCommand.Query q ->
          printer.word("query").number(q.port()).number(q.ruleId()).word(" count");
      case FlowCommand.Isolate i ->
          printer.word("isolate").number(i.port()).word(i.enabled() ? " 1" : " 0");
    }
    return printer.out.toString();
  }

  static String rule(final FlowRule rule) {
    final FlowPrinter printer = new FlowPrinter();
    printer.ruleBody(rule);
    return printer.out.toString().substring(1);
  }

  private FlowPrinter word(final String word) {
    out.append(word);
    return this;
  }

  private FlowPrinter number(final long value) {
    out.append(' ').append(value);
    return this;
  }

  private FlowPrinter body(final FlowRule rule) {
    ruleBody(rule);
    return this;
  }

  private void ruleBody(final FlowRule rule) {
    final FlowAttributes attributes = rule.attributes();
    if (attributes.group() != 0) {
      out.append(" group ").append(attributes.group());
    }
    if (attributes.priority() != 0) {
      out.append(" priority ").append(attributes.priority());
    }
    if (attributes.ingress()) {
      out.append(" ingress");
    }
    if (attributes.egress()) {
      out.append(" egress");
    }
    if (attributes.transfer()) {
      out.append(" transfer");
    }
    out.append(" pattern");
    for (final PatternItem item : rule.pattern()) {
      out.append(' ').append(item.type().token());
      item.fields().forEach(this::field);
      out.append(" /");
    }
    out.append(" end actions");
    for (final FlowAction action : rule.actions()) {
      out.append(' ').append(action.token());
      action(action);
      out.append(" /");
    }
    out.append(" end");
  }

  private void field(final ItemField field, final FieldMatch match) {
    if (match.isExact(field)) {
      form(field, "is").append(value(field, match.spec(), false));
      return;
    }
    if (match.spec() != null) {
      form(field, "spec").append(value(field, match.spec(), false));
    }
    if (match.last() != null) {
      form(field, "last").append(value(field, match.last(), false));
    }
    if (match.mask() != null) {
      final int prefix = prefixLength(field, match.mask());
      if (prefix >= 0) {
        form(field, "prefix").append(prefix);
      } else {
        form(field, "mask").append(value(field, match.mask(), true));
      }
    }
  }

  private StringBuilder form(final ItemField field, final String form) {
    return out.append(' ').append(field.token()).append(' ').append(form).append(' ');
  }

  /** N when {@code mask} is N leading ones within the field, else -1. */
  private static int prefixLength(final ItemField field, final BigInteger mask) {
    for (int length = 0; length <= field.bitWidth(); length++) {
      if (field.prefixMask(length).equals(mask)) {
        return length;
      }
    }
    return -1;
  }

  static String value(final ItemField field, final BigInteger value, final boolean isMask) {
    final FieldKind kind = field.kind();
    return switch (kind) {
      case MAC -> AddressText.formatMac(value);
      case IPV4 -> AddressText.formatIpv4(value);
      case IPV6 -> AddressText.formatIpv6(value);
      case NUMBER, HEX ->
          kind == FieldKind.HEX || isMask ? "0x" + value.toString(16) : value.toString();
    };
  }

  private void action(final FlowAction action) {
    switch (action) {
      case FlowAction.Queue q -> out.append(" index ").append(q.index());
      case FlowAction.Rss rss -> rss(rss);
      case FlowAction.Mark m -> out.append(" id ").append(m.id());
      case FlowAction.Count c -> {
        if (c.id() != 0) {
          out.append(" identifier ").append(c.id());
        }
      }
      case FlowAction.Jump j -> out.append(" group ").append(j.group());
      case FlowAction.PortId p -> {
        if (p.original()) {
          out.append(" original 1");
        }
        out.append(" id ").append(p.id());
      }
      case FlowAction.RepresentedPort r -> out.append(" ethdev_port_id ").append(r.ethdevPortId());
      case FlowAction.Meter m -> out.append(" mtr_id ").append(m.mtrId());
      case FlowAction.Flag f -> {}
      case FlowAction.Drop d -> {}
      case FlowAction.Passthru p -> {}
      case FlowAction.VxlanEncap e -> {}
      case FlowAction.VxlanDecap d -> {}
    }
  }

  private void rss(final FlowAction.Rss rss) {
    if (rss.function() != RssFunction.DEFAULT) {
      out.append(" func ").append(rss.function().token());
    }
    if (rss.level() != 0) {
      out.append(" level ").append(rss.level());
    }
    if (!rss.types().isEmpty()) {
      out.append(" types");
      for (final RssType type : rss.types()) {
        out.append(' ').append(type.token());
      }
      out.append(" end");
    }
    if (!rss.key().isEmpty()) {
      out.append(" key ").append(rss.key());
    }
    if (rss.keyLength() >= 0) {
      out.append(" key_len ").append(rss.keyLength());
    }
    if (!rss.queues().isEmpty()) {
      out.append(" queues");
      rss.queues().forEach(q -> out.append(' ').append(q));
      out.append(" end");
    }
  }
}
