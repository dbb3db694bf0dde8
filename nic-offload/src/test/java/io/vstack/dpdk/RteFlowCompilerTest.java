package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemField;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import io.vstack.flow.RssFunction;
import io.vstack.flow.RssType;
import io.vstack.flow.syntax.FlowSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Every rule of flow-rules' valid corpus compiles into DPDK structs holding exactly what the rule
 * sets, or into an explicit "not supported by this backend" result; and net_tap's {@code
 * rte_flow_validate} through FFM accepts and refuses exactly the rules that the real {@code
 * dpdk-testpmd} accepts and refuses on its own net_tap port, with the same message.
 */
class RteFlowCompilerTest {
  /** flow-rules' corpus, read in place (surefire runs in the module directory). */
  private static final Path CORPUS =
      Path.of(
          "..",
          "flow-rules",
          "src",
          "test",
          "resources",
          "io",
          "vstack",
          "flow",
          "syntax",
          "valid-commands.txt");

  private final RteFlowCompiler compiler = new RteFlowCompiler(1);

  @Test
  void shouldEncodeEveryCorpusRuleOrSayWhatIsUnsupported() {
    int compiled = 0;
    int unsupported = 0;
    for (final FlowRule rule : corpusRules()) {
      final String printed = FlowSyntax.print(rule);
      switch (compiler.compile(rule)) {
        case RteFlowCompilation.Compiled c -> {
          try (RteFlowBuilder builder = c.rule()) {
            assertEncoded(printed, rule, builder.encode());
          }
          compiled++;
        }
        case RteFlowCompilation.Unsupported u -> {
          assertThat(rule.actions()).as(printed).anyMatch(a -> a instanceof FlowAction.VxlanEncap);
          assertThat(u.message())
              .isEqualTo(
                  "not supported by this backend: vxlan_encap action (the encapsulation headers"
                      + " are not part of the rule; testpmd takes them from 'set vxlan')");
          unsupported++;
        }
      }
    }
    assertThat(compiled).as("rules compiled").isGreaterThan(60);
    assertThat(unsupported).as("rules with vxlan_encap in the corpus").isEqualTo(1);
  }

  @Test
  void shouldMapRssTypesAndFunctionsAsDpdkHeadersDefineThem() {
    final Map<String, String> fromC = ExternalTools.runDpdkProgram("rss_types.c");
    for (final RssType type : RssType.values()) {
      assertThat(fromC).as("the C program prints %s", type.token()).containsKey(type.token());
      assertThat(RssTypeBits.of(type))
          .as("RTE_ETH_RSS bits of %s", type.token())
          .isEqualTo(Long.parseUnsignedLong(fromC.get(type.token())));
    }
    for (final RssFunction function : RssFunction.values()) {
      assertThat(RteFlowCompiler.function(function))
          .as(function.token())
          .isEqualTo(Integer.parseInt(fromC.get("func:" + function.token())));
    }
  }

  @Test
  void shouldEncodeRssWithEveryQueueWhenTheRuleNamesNone() {
    final FlowRule rule =
        FlowSyntax.parseRule(
            "ingress pattern end actions rss func simple_xor types ipv4-udp end key 0011 key_len"
                + " 4 / end");
    try (RteFlowBuilder builder =
        ((RteFlowCompilation.Compiled) new RteFlowCompiler(3).compile(rule)).rule()) {
      final MemorySegment rss =
          builder
              .encode()
              .actions()
              .get(ValueLayout.ADDRESS, RteFlowLayout.ACTION_CONF)
              .reinterpret(RteFlowLayout.RSS_SIZE);
      assertThat(rss.get(ValueLayout.JAVA_INT, RteFlowLayout.RSS_FUNC)).isEqualTo(2);
      assertThat(rss.get(ValueLayout.JAVA_LONG, RteFlowLayout.RSS_TYPES)).isEqualTo(1L << 5);
      assertThat(rss.get(ValueLayout.JAVA_INT, RteFlowLayout.RSS_KEY_LEN)).isEqualTo(4);
      assertThat(
              rss.get(ValueLayout.ADDRESS, RteFlowLayout.RSS_KEY)
                  .reinterpret(4)
                  .toArray(ValueLayout.JAVA_BYTE))
          .containsExactly(0x00, 0x11, 0, 0);
      assertThat(rss.get(ValueLayout.JAVA_INT, RteFlowLayout.RSS_QUEUE_NUM)).isEqualTo(3);
      assertThat(
              rss.get(ValueLayout.ADDRESS, RteFlowLayout.RSS_QUEUE)
                  .reinterpret(6)
                  .toArray(ValueLayout.JAVA_SHORT))
          .containsExactly((short) 0, (short) 1, (short) 2);
    }
  }

  @Test
  void shouldAcceptAndRefuseAsTestpmdDoesWhenValidatingOnNetTap() {
    final RteFlow tap = RteFlow.on(TestEal.get().port("net_tap0"));
    final List<String> lines = new ArrayList<>();
    final List<RteFlowResult<Void>> ours = new ArrayList<>();
    for (final FlowRule rule : corpusRules()) {
      // net_tap + RSS kills the process in DPDK 22.11 (RteFlow refuses it without calling the PMD)
      if (rule.actions().stream().anyMatch(a -> a instanceof FlowAction.Rss)) {
        continue;
      }
      if (!(compiler.compile(rule) instanceof RteFlowCompilation.Compiled compiled)) {
        continue;
      }
      try (RteFlowBuilder builder = compiled.rule()) {
        ours.add(tap.validate(builder));
      }
      lines.add(FlowSyntax.print(new FlowCommand.Validate(0, rule)));
    }
    final String iface = String.format("vso%08x", ThreadLocalRandom.current().nextInt());

    final List<String> answers = TestpmdSession.answers(List.of("net_tap0,iface=" + iface), lines);

    int accepted = 0;
    for (int i = 0; i < lines.size(); i++) {
      final String answer = answers.get(i);
      assertThat(answer).as(lines.get(i)).doesNotContain(TestpmdSession.BAD_ARGUMENTS);
      final boolean testpmdAccepts = answer.contains(TestpmdSession.VALIDATED);
      if (!testpmdAccepts && !answer.contains(TestpmdSession.PMD_ERROR)) {
        fail("testpmd neither validated nor refused " + lines.get(i) + ": " + answer);
      }
      final RteFlowResult<Void> result = ours.get(i);
      assertThat(result.isOk())
          .as(
              "FFM validate vs testpmd for %s (ours: %s; testpmd: %s)",
              lines.get(i), result, answer)
          .isEqualTo(testpmdAccepts);
      if (!testpmdAccepts) {
        assertThat(answer)
            .as("testpmd's text carries DPDK's message we surfaced for %s", lines.get(i))
            .contains(result.error().message());
      } else {
        accepted++;
      }
    }
    assertThat(accepted).as("rules net_tap accepts").isBetween(5, lines.size() - 5);
  }

  /** Each item's spec, last and mask struct holds the rule's values; NULL where it sets none. */
  private static void assertEncoded(
      final String printed, final FlowRule rule, final RteFlowBuilder.Encoded encoded) {
    final MemorySegment items =
        encoded.pattern().reinterpret(RteFlowLayout.ITEM_SIZE * (rule.pattern().size() + 1));
    for (int i = 0; i < rule.pattern().size(); i++) {
      final PatternItem item = rule.pattern().get(i);
      final long base = RteFlowLayout.ITEM_SIZE * i;
      assertThat(items.get(ValueLayout.JAVA_INT, base + RteFlowLayout.ITEM_TYPE))
          .as("%s item %d type", printed, i)
          .isEqualTo(itemType(item.type()));
      final long[] offsets = {
        RteFlowLayout.ITEM_SPEC, RteFlowLayout.ITEM_LAST, RteFlowLayout.ITEM_MASK
      };
      for (int part = 0; part < 3; part++) {
        final MemorySegment struct = items.get(ValueLayout.ADDRESS, base + offsets[part]);
        boolean partSet = false;
        for (final ItemField field : item.type().fields()) {
          final BigInteger expected =
              switch (part) {
                case 0 -> item.field(field).spec();
                case 1 -> item.field(field).last();
                default -> item.field(field).mask();
              };
          if (expected == null) {
            continue;
          }
          partSet = true;
          if (overlapsLaterField(item, field, part)) {
            continue; // a narrower field printed later (vlan pcp inside tci) owns those bits
          }
          assertThat(read(struct, field))
              .as("%s: %s part %d", printed, field, part)
              .isEqualTo(expected);
        }
        assertThat(struct.address() != 0)
            .as("%s item %d part %d pointer", printed, i, part)
            .isEqualTo(partSet);
      }
    }
    assertThat(items.get(ValueLayout.JAVA_INT, RteFlowLayout.ITEM_SIZE * rule.pattern().size()))
        .isEqualTo(RteFlowLayout.ITEM_END);
    final MemorySegment actions =
        encoded.actions().reinterpret(RteFlowLayout.ACTION_SIZE * (rule.actions().size() + 1));
    for (int i = 0; i < rule.actions().size(); i++) {
      assertThat(actions.get(ValueLayout.JAVA_INT, RteFlowLayout.ACTION_SIZE * i))
          .as("%s action %d", printed, i)
          .isEqualTo(actionType(rule.actions().get(i)));
    }
    assertThat(actions.get(ValueLayout.JAVA_INT, RteFlowLayout.ACTION_SIZE * rule.actions().size()))
        .isEqualTo(RteFlowLayout.ACTION_END);
  }

  private static boolean overlapsLaterField(
      final PatternItem item, final ItemField field, final int part) {
    for (final ItemField other : item.type().fields()) {
      if (other.ordinal() > field.ordinal()
          && other.bitOffset() < field.bitOffset() + field.bitWidth()
          && field.bitOffset() < other.bitOffset() + other.bitWidth()) {
        final var match = item.field(other);
        if ((part == 0 ? match.spec() : part == 1 ? match.last() : match.mask()) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** A field read back from DPDK's struct: header bits for protocols, host order for metadata. */
  private static BigInteger read(final MemorySegment struct, final ItemField field) {
    final ItemType type = field.item();
    if (type.isProtocol()) {
      return field.read(struct.reinterpret(type.imageLength()).toArray(ValueLayout.JAVA_BYTE));
    }
    final long value =
        type == ItemType.REPRESENTED_PORT
            ? Short.toUnsignedLong(struct.reinterpret(2).get(ValueLayout.JAVA_SHORT, 0))
            : Integer.toUnsignedLong(struct.reinterpret(4).get(ValueLayout.JAVA_INT, 0));
    return BigInteger.valueOf(value);
  }

  private static int itemType(final ItemType type) {
    return switch (type) {
      case ETH -> RteFlowLayout.ITEM_ETH;
      case VLAN -> RteFlowLayout.ITEM_VLAN;
      case IPV4 -> RteFlowLayout.ITEM_IPV4;
      case IPV6 -> RteFlowLayout.ITEM_IPV6;
      case UDP -> RteFlowLayout.ITEM_UDP;
      case TCP -> RteFlowLayout.ITEM_TCP;
      case ICMP -> RteFlowLayout.ITEM_ICMP;
      case VXLAN -> RteFlowLayout.ITEM_VXLAN;
      case GENEVE -> RteFlowLayout.ITEM_GENEVE;
      case MARK -> RteFlowLayout.ITEM_MARK;
      case META -> RteFlowLayout.ITEM_META;
      case PORT_ID -> RteFlowLayout.ITEM_PORT_ID;
      case REPRESENTED_PORT -> RteFlowLayout.ITEM_REPRESENTED_PORT;
    };
  }

  private static int actionType(final FlowAction action) {
    return switch (action) {
      case FlowAction.Queue q -> RteFlowLayout.ACTION_QUEUE;
      case FlowAction.Rss r -> RteFlowLayout.ACTION_RSS;
      case FlowAction.Mark m -> RteFlowLayout.ACTION_MARK;
      case FlowAction.Flag f -> RteFlowLayout.ACTION_FLAG;
      case FlowAction.Count c -> RteFlowLayout.ACTION_COUNT;
      case FlowAction.Drop d -> RteFlowLayout.ACTION_DROP;
      case FlowAction.Passthru p -> RteFlowLayout.ACTION_PASSTHRU;
      case FlowAction.Jump j -> RteFlowLayout.ACTION_JUMP;
      case FlowAction.PortId p -> RteFlowLayout.ACTION_PORT_ID;
      case FlowAction.RepresentedPort r -> RteFlowLayout.ACTION_REPRESENTED_PORT;
      case FlowAction.VxlanDecap d -> RteFlowLayout.ACTION_VXLAN_DECAP;
      case FlowAction.Meter m -> RteFlowLayout.ACTION_METER;
      case FlowAction.VxlanEncap e -> -1;
    };
  }

  /** The rules of the corpus' {@code flow validate} and {@code flow create} commands. */
  static List<FlowRule> corpusRules() {
    if (!Files.isRegularFile(CORPUS)) {
      fail(
          "flow-rules' corpus not found at "
              + CORPUS.toAbsolutePath().normalize()
              + ": run the test from the nic-offload module directory of a full checkout");
    }
    try {
      final List<FlowRule> rules = new ArrayList<>();
      for (final String line : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        switch (FlowSyntax.parseCommand(line)) {
          case FlowCommand.Validate v -> rules.add(v.rule());
          case FlowCommand.Create c -> rules.add(c.rule());
          default -> {}
        }
      }
      return rules;
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
