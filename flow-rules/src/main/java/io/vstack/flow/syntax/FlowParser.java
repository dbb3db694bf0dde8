package io.vstack.flow.syntax;

import io.vstack.flow.FieldMatch;
import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowAttributes;
import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemField;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import io.vstack.flow.RssFunction;
import io.vstack.flow.RssType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Recursive-descent parser for testpmd's {@code flow} grammar (DPDK 22.11 cmdline_flow.c):
 * whitespace-separated tokens, {@code /} between items and actions, {@code end} closing each list.
 * One instance per input.
 */
final class FlowParser {
  private static final long U16 = 0xFFFF;
  private static final long U32 = 0xFFFF_FFFFL;
  private static final int MAX_SHOWN_TOKEN = 40;

  private static final String ITEM_NAMES =
      Arrays.stream(ItemType.values()).map(ItemType::token).collect(Collectors.joining(", "));
  private static final String ACTION_NAMES = String.join(", ", FlowAction.TOKENS);

  private final String input;
  private final List<int[]> tokens = new ArrayList<>();
  private int next;

  FlowParser(final String input) {
    this.input = input;
    int i = 0;
    while (i < input.length()) {
      if (Character.isWhitespace(input.charAt(i))) {
        i++;
        continue;
      }
      final int start = i;
      while (i < input.length() && !Character.isWhitespace(input.charAt(i))) {
        i++;
      }
      tokens.add(new int[] {start, i});
    }
  }

  FlowCommand command() {
    expectKeyword("flow", "'flow'");
    final String verb =
        nextToken("a flow command (validate, create, destroy, list, flush, query, isolate)");
    final FlowCommand command =
        switch (verb) {
          case "validate" -> new FlowCommand.Validate(port(), rule());
          case "create" -> new FlowCommand.Create(port(), rule());
          case "destroy" -> destroy(port());
          case "list" -> list(port());
          case "flush" -> new FlowCommand.Flush(port());
          case "query" -> query(port());
          case "isolate" -> new FlowCommand.Isolate(port(), bool());
          default ->
              throw unexpected(
                  next - 1,
                  "a flow command (validate, create, destroy, list, flush, query, isolate)");
        };
    expectEnd();
    return command;
  }

  FlowRule ruleOnly() {
    final FlowRule rule = rule();
    expectEnd();
    return rule;
  }

  private FlowCommand destroy(final int port) {
    final List<Long> ids = new ArrayList<>();
    expectKeyword("rule", "'rule'");
    ids.add(number("a rule id", U32));
    while (peekIs("rule")) {
      next++;
      ids.add(number("a rule id", U32));
    }
    return new FlowCommand.Destroy(port, ids);
  }

  private FlowCommand list(final int port) {
    final List<Long> groups = new ArrayList<>();
    while (peekIs("group")) {
      next++;
      groups.add(number("a group number", U32));
    }
    return new FlowCommand.ListRules(port, groups);
  }

  private FlowCommand query(final int port) {
    final long rule = number("a rule id", U32);
    expectKeyword("count", "'count' (the only query vstack supports)");
    return new FlowCommand.Query(port, rule);
  }

  private boolean bool() {
    final String what = "0 or 1";
    return switch (nextToken(what)) {
      case "0", "false" -> false;
      case "1", "true" -> true;
      default -> throw unexpected(next - 1, what);
    };
  }

  private int port() {
    return (int) number("a port id", U16);
  }

  private FlowRule rule() {
    long group = 0;
    long priority = 0;
    boolean ingress = false;
    boolean egress = false;
    boolean transfer = false;
    final String expected =
        "an attribute (group, priority, ingress, egress, transfer) or 'pattern'";
    attributes:
    while (true) {
      switch (nextToken(expected)) {
        case "group" -> group = number("a group number", U32);
        case "priority" -> priority = number("a priority", U32);
        case "ingress" -> ingress = true;
        case "egress" -> egress = true;
        case "transfer" -> transfer = true;
        case "pattern" -> {
          break attributes;
        }
        default -> throw unexpected(next - 1, expected);
      }
    }
    final List<PatternItem> pattern = new ArrayList<>();
    while (true) {
      final String what = "'end' or a pattern item (" + ITEM_NAMES + ")";
      final String token = nextToken(what);
      if (token.equals("end")) {
        break;
      }
      final ItemType type = ItemType.fromToken(token);
      if (type == null) {
        throw unexpected(next - 1, what);
      }
      pattern.add(item(type));
    }
    expectKeyword("actions", "'actions'");
    final List<FlowAction> actions = new ArrayList<>();
    while (true) {
      final String what = "'end' or an action (" + ACTION_NAMES + ")";
      final String token = nextToken(what);
      if (token.equals("end")) {
        break;
      }
      actions.add(action(token, what));
    }
    return new FlowRule(
        new FlowAttributes(group, priority, ingress, egress, transfer), pattern, actions);
  }

  private PatternItem item(final ItemType type) {
    final Map<ItemField, FieldMatch> fields = new EnumMap<>(ItemField.class);
    final String fieldNames =
        type.fields().stream().map(ItemField::token).collect(Collectors.joining(", "));
    final String expected =
        type.fields().isEmpty()
            ? "'/'"
            : "a field of " + type.token() + " (" + fieldNames + ") or '/'";
    while (true) {
      final String token = nextToken(expected);
      if (token.equals("/")) {
        return new PatternItem(type, fields);
      }
      final ItemField field = type.field(token);
      if (field == null) {
        throw unexpected(next - 1, expected);
      }
      final String formWhat =
          "'is', 'spec', 'last', 'mask' or 'prefix' after '" + field.token() + "'";
      final String form = nextToken(formWhat);
      final FieldMatch match = fields.getOrDefault(field, FieldMatch.NONE);
      final FieldMatch updated =
          switch (form) {
            case "is" -> match.withSpec(value(field)).withMask(field.fullMask());
            case "spec" -> match.withSpec(value(field));
            case "last" -> match.withLast(value(field));
            case "mask" -> match.withMask(value(field));
            case "prefix" ->
                match.withMask(
                    field.prefixMask(
                        (int) number(field.token() + " prefix length", field.bitWidth())));
            default -> throw unexpected(next - 1, formWhat);
          };
      fields.put(field, updated);
      final boolean wroteSpec = form.equals("is") || form.equals("spec");
      final boolean wroteMask = form.equals("is") || form.equals("mask") || form.equals("prefix");
      clearOverwritten(fields, field, wroteSpec, form.equals("last"), wroteMask);
    }
  }

  private BigInteger value(final ItemField field) {
    return switch (field.kind()) {
      case NUMBER, HEX -> bigNumber(field.token() + " value", field.fullMask());
      case MAC -> address(AddressText.parseMac(peekText()), "a MAC address (aa:bb:cc:dd:ee:ff)");
      case IPV4 -> address(AddressText.parseIpv4(peekText()), "an IPv4 address (a.b.c.d)");
      case IPV6 -> address(AddressText.parseIpv6(peekText()), "an IPv6 address");
    };
  }

  private BigInteger address(final BigInteger parsed, final String what) {
    nextToken(what);
    if (parsed == null) {
      throw unexpected(next - 1, what);
    }
    return parsed;
  }

  private FlowAction action(final String token, final String what) {
    final int at = next - 1;
    final FlowAction action =
        switch (token) {
          case "queue" -> queue();
          case "rss" -> rss();
          case "mark" -> new FlowAction.Mark(singleArgument("mark", "id", U32, 0));
          case "flag" -> noArguments(new FlowAction.Flag());
          case "count" -> new FlowAction.Count(singleArgument("count", "identifier", U32, 0));
          case "drop" -> noArguments(new FlowAction.Drop());
          case "passthru" -> noArguments(new FlowAction.Passthru());
          case "jump" -> new FlowAction.Jump(singleArgument("jump", "group", U32, 0));
          case "port_id" -> portId();
          case "represented_port" ->
              new FlowAction.RepresentedPort(
                  (int) singleArgument("represented_port", "ethdev_port_id", U16, 0));
          case "vxlan_encap" -> noArguments(new FlowAction.VxlanEncap());
          case "vxlan_decap" -> noArguments(new FlowAction.VxlanDecap());
          case "meter" -> new FlowAction.Meter(singleArgument("meter", "mtr_id", U32, 0));
          default -> throw unexpected(at, what);
        };
    return action;
  }

  private FlowAction noArguments(final FlowAction action) {
    expectKeyword("/", "'/' after '" + action.token() + "' (it takes no arguments)");
    return action;
  }

  /**
   * testpmd writes each form straight into the item's spec/last/mask buffers, so setting a field
   * (say {@code tci}) overwrites what an earlier form put into the fields it covers ({@code pcp},
   * {@code dei}, {@code vid}). The model applies fields in declaration order, so forget the parts
   * of covered fields declared later that this form just overwrote.
   */
  private static void clearOverwritten(
      final Map<ItemField, FieldMatch> fields,
      final ItemField field,
      final boolean spec,
      final boolean last,
      final boolean mask) {
    for (final ItemField covered : field.item().fields()) {
      if (covered.ordinal() > field.ordinal()
          && covered.bitOffset() >= field.bitOffset()
          && covered.bitOffset() + covered.bitWidth() <= field.bitOffset() + field.bitWidth()) {
        final FieldMatch old = fields.get(covered);
        if (old != null) {
          fields.put(
              covered,
              new FieldMatch(
                  spec ? null : old.spec(), last ? null : old.last(), mask ? null : old.mask()));
        }
      }
    }
  }

  /** An action with one optional keyword argument (repeatable, last wins), then '/'. */
  private long singleArgument(
      final String action, final String keyword, final long max, final long initial) {
    long value = initial;
    final String expected = "'" + keyword + "' or '/' after '" + action + "'";
    while (true) {
      final String token = nextToken(expected);
      if (token.equals("/")) {
        return value;
      }
      if (!token.equals(keyword)) {
        throw unexpected(next - 1, expected);
      }
      value = number(action + " " + keyword, max);
    }
  }

  private FlowAction queue() {
    return new FlowAction.Queue((int) singleArgument("queue", "index", U16, 0));
  }

  private FlowAction portId() {
    boolean original = false;
    long id = 0;
    final String expected = "'original', 'id' or '/' after 'port_id'";
    while (true) {
      switch (nextToken(expected)) {
        case "/" -> {
          return new FlowAction.PortId(original, id);
        }
        case "original" -> original = bool();
        case "id" -> id = number("port_id id", U32);
        default -> throw unexpected(next - 1, expected);
      }
    }
  }

  private FlowAction rss() {
    RssFunction function = RssFunction.DEFAULT;
    long level = 0;
    List<RssType> types = List.of();
    String key = "";
    int keyLength = -1;
    List<Integer> queues = List.of();
    final String expected = "an rss argument (func, level, types, key, key_len, queues) or '/'";
    while (true) {
      switch (nextToken(expected)) {
        case "/" -> {
          return new FlowAction.Rss(function, level, types, key, keyLength, queues);
        }
        case "func" -> {
          final String what = "an rss function (default, toeplitz, simple_xor, symmetric_toeplitz)";
          function = RssFunction.fromToken(nextToken(what));
          if (function == null) {
            throw unexpected(next - 1, what);
          }
        }
        case "level" -> level = number("an rss level", U32);
        case "types" -> types = rssTypes(types);
        case "key" -> {
          key = rssKey();
          keyLength = -1;
        }
        case "key_len" ->
            keyLength = (int) number("an rss key length", FlowAction.MAX_RSS_KEY_LENGTH);
        case "queues" -> queues = rssQueues(queues);
        default -> throw unexpected(next - 1, expected);
      }
    }
  }

  /** testpmd resets the types on the first listed one; an empty list keeps the previous value. */
  private List<RssType> rssTypes(final List<RssType> previous) {
    final List<RssType> types = new ArrayList<>();
    final String what = "an rss type (ipv4, ipv4-udp, l3-src-only, ...) or 'end'";
    while (true) {
      final String token = nextToken(what);
      if (token.equals("end")) {
        return types.isEmpty() ? previous : types;
      }
      final RssType type = RssType.fromToken(token);
      if (type == null) {
        throw unexpected(next - 1, what);
      }
      types.add(type);
    }
  }

  private List<Integer> rssQueues(final List<Integer> previous) {
    final List<Integer> queues = new ArrayList<>();
    while (true) {
      if (peekIs("end")) {
        next++;
        return queues.isEmpty() ? previous : queues;
      }
      if (queues.size() == FlowAction.MAX_RSS_QUEUES) {
        throw unexpected(
            next, "'end' (rss takes at most " + FlowAction.MAX_RSS_QUEUES + " queues)");
      }
      if (next < tokens.size() && !Character.isDigit(text(next).charAt(0))) {
        throw unexpected(next, "a queue index or 'end'");
      }
      queues.add((int) number("an rss queue", U16));
    }
  }

  private String rssKey() {
    final String what = "an rss key in hex (at most " + FlowAction.MAX_RSS_KEY_LENGTH + " bytes)";
    String text = nextToken(what);
    if (text.startsWith("0x") || text.startsWith("0X")) {
      text = text.substring(2);
    }
    if (text.isEmpty()
        || text.length() % 2 != 0
        || text.length() / 2 > FlowAction.MAX_RSS_KEY_LENGTH
        || !text.chars().allMatch(c -> AddressText.isAsciiHex((char) c))) {
      throw unexpected(next - 1, what);
    }
    return HexFormat.of().formatHex(HexFormat.of().parseHex(text)).toLowerCase(Locale.ROOT);
  }

  private long number(final String what, final long max) {
    return bigNumber(what, BigInteger.valueOf(max)).longValueExact();
  }

  /**
   * Decimal or 0x hex; leading zeros are refused because testpmd (strtoumax base 0) reads octal.
   */
  private BigInteger bigNumber(final String what, final BigInteger max) {
    final String full = what + " (decimal or 0x hex)";
    final String text = nextToken(full);
    final BigInteger value;
    if (text.length() > 2
        && (text.startsWith("0x") || text.startsWith("0X"))
        && text.substring(2).chars().allMatch(c -> AddressText.isAsciiHex((char) c))) {
      value = new BigInteger(text.substring(2), 16);
    } else if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (text.length() > 1 && text.charAt(0) == '0') {
        throw unexpected(
            next - 1, what + " without leading zeros (testpmd would read it as octal)");
      }
      value = new BigInteger(text);
    } else {
      throw unexpected(next - 1, full);
    }
    if (value.compareTo(max) > 0) {
      final String noun = what.replaceFirst("^an? ", "");
      throw new FlowSyntaxException(
          column(next - 1), noun + " " + text + " is out of range 0.." + max);
    }
    return value;
  }

  private void expectKeyword(final String keyword, final String what) {
    if (!nextToken(what).equals(keyword)) {
      throw unexpected(next - 1, what);
    }
  }

  private void expectEnd() {
    if (next < tokens.size()) {
      throw unexpected(next, "end of input");
    }
  }

  private boolean peekIs(final String keyword) {
    return next < tokens.size() && text(next).equals(keyword);
  }

  private String peekText() {
    return next < tokens.size() ? text(next) : "";
  }

  private String nextToken(final String what) {
    if (next >= tokens.size()) {
      throw unexpected(next, what);
    }
    return text(next++);
  }

  private String text(final int index) {
    final int[] span = tokens.get(index);
    return input.substring(span[0], span[1]);
  }

  private int column(final int index) {
    return index < tokens.size() ? tokens.get(index)[0] + 1 : input.length() + 1;
  }

  private FlowSyntaxException unexpected(final int index, final String what) {
    final String got = index < tokens.size() ? "'" + printable(text(index)) + "'" : "end of input";
    return new FlowSyntaxException(column(index), "expected " + what + ", got " + got);
  }

  /** Keeps the message one readable line whatever the input holds. */
  private static String printable(final String token) {
    final StringBuilder shown = new StringBuilder();
    token
        .codePoints()
        .limit(MAX_SHOWN_TOKEN)
        .forEach(
            c ->
                shown.appendCodePoint(
                    Character.isISOControl(c)
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                        ? '?'
                        : c));
    if (token.codePointCount(0, token.length()) > MAX_SHOWN_TOKEN) {
      shown.append("...");
    }
    return shown.toString();
  }
}
