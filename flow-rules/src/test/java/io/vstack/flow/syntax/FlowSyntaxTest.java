package io.vstack.flow.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.flow.FieldMatch;
import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemField;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlowSyntaxTest {
  static Stream<String> valid() {
    return Corpus.valid().stream();
  }

  static Stream<String> invalid() {
    return Corpus.invalid().stream();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void shouldRoundTripWhenParsingPrintedCommand(final String line) {
    final FlowCommand parsed = FlowSyntax.parseCommand(line);
    final String printed = FlowSyntax.print(parsed);
    final FlowCommand reparsed = FlowSyntax.parseCommand(printed);
    assertThat(reparsed).as(printed).isEqualTo(parsed);
    assertThat(FlowSyntax.print(reparsed)).isEqualTo(printed);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void shouldNameColumnAndExpectationWhenCommandIsInvalid(final String entry) {
    final String[] parts = entry.split(" \\| ", 3);
    final int column = Integer.parseInt(parts[0].trim());
    final String fragment = parts[1];
    final String command = parts.length > 2 ? parts[2] : "";
    assertThatThrownBy(() -> FlowSyntax.parseCommand(command))
        .isInstanceOfSatisfying(
            FlowSyntaxException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("column " + column + ": ")
                  .contains(fragment)
                  .doesNotContain("\n");
              assertThat(e.column()).isEqualTo(column);
            });
  }

  @Test
  void shouldCoverEveryItemFieldFormAndActionWhenReadingTheCorpus() {
    final Set<ItemField> fields = EnumSet.noneOf(ItemField.class);
    final Set<String> forms = new java.util.HashSet<>();
    final Set<String> actions = new java.util.HashSet<>();
    final Set<Class<?>> commands = new java.util.HashSet<>();
    for (final String line : Corpus.valid()) {
      final FlowCommand command = FlowSyntax.parseCommand(line);
      commands.add(command.getClass());
      final List<String> tokens = List.of(line.split(" "));
      Stream.of("is", "spec", "last", "mask", "prefix")
          .filter(tokens::contains)
          .forEach(forms::add);
      final FlowRule rule =
          switch (command) {
            case FlowCommand.Validate v -> v.rule();
            case FlowCommand.Create c -> c.rule();
            default -> null;
          };
      if (rule != null) {
        rule.pattern().forEach(item -> fields.addAll(item.fields().keySet()));
        rule.actions().forEach(action -> actions.add(action.token()));
      }
    }
    assertThat(fields).containsExactlyInAnyOrder(ItemField.values());
    assertThat(forms).containsExactlyInAnyOrder("is", "spec", "last", "mask", "prefix");
    assertThat(actions).containsExactlyInAnyOrderElementsOf(FlowAction.TOKENS);
    assertThat(commands).hasSize(FlowCommand.class.getPermittedSubclasses().length);
  }

  @Test
  void shouldAgreeWithDocumentationWhenParsingItsExamples() {
    final List<String> lines = Corpus.documentation();
    assertThat(Corpus.documentedValid()).hasSizeGreaterThan(8);
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i);
      if (!line.startsWith("flow ")) {
        continue;
      }
      if (i + 1 < lines.size() && lines.get(i + 1).startsWith("column ")) {
        final String documented = lines.get(i + 1);
        assertThatThrownBy(() -> FlowSyntax.parseCommand(line)).as(line).hasMessage(documented);
      } else {
        assertThat(FlowSyntax.parseCommand(FlowSyntax.print(FlowSyntax.parseCommand(line))))
            .isEqualTo(FlowSyntax.parseCommand(line));
      }
    }
  }

  @Test
  void shouldApplyFormsInOrderWhenSameFieldRepeats() {
    final FlowRule rule =
        FlowSyntax.parseRule(
            "ingress pattern ipv4 src last 10.0.0.9 src is 10.0.0.1 src prefix 24 / end actions drop / end");
    final FieldMatch src = rule.pattern().get(0).field(ItemField.IPV4_SRC);
    assertThat(src)
        .isEqualTo(
            new FieldMatch(
                BigInteger.valueOf(0x0A000001L),
                BigInteger.valueOf(0x0A000009L),
                BigInteger.valueOf(0xFFFFFF00L)));
  }

  @Test
  void shouldLetCoveringFieldOverwriteCoveredOnesWhenWrittenLater() {
    // testpmd writes tci over the vid/pcp bits set before it; the printed form must mean the same.
    assertThat(
            FlowSyntax.parseRule(
                "pattern vlan vid is 5 pcp spec 3 tci is 0x2006 / end actions end"))
        .isEqualTo(FlowSyntax.parseRule("pattern vlan tci is 0x2006 / end actions end"));
    assertThat(
            FlowSyntax.parseRule(
                "pattern vlan vid spec 5 vid mask 0xf00 tci spec 0x2006 / end actions end"))
        .isEqualTo(
            FlowSyntax.parseRule("pattern vlan tci spec 0x2006 vid mask 0xf00 / end actions end"));
    assertThat(
            FlowSyntax.parseRule("pattern vlan tci is 0x2006 vid is 7 / end actions end")
                .pattern()
                .get(0)
                .fields())
        .hasSize(2);
  }

  @Test
  void shouldEqualSpecWithFullMaskWhenWrittenAsIs() {
    assertThat(FlowSyntax.parseRule("pattern udp dst is 4789 / end actions end"))
        .isEqualTo(
            FlowSyntax.parseRule("pattern udp dst spec 4789 dst mask 0xffff / end actions end"))
        .isEqualTo(
            FlowSyntax.parseRule("pattern udp dst spec 0x12b5 dst prefix 16 / end actions end"))
        .isEqualTo(
            new FlowRule(
                new io.vstack.flow.FlowAttributes(0, 0, false, false, false),
                List.of(PatternItem.of(ItemType.UDP).is(ItemField.UDP_DST, 4789)),
                List.of()));
  }

  @Test
  void shouldPrintCanonicalTextWhenFormsAreMixed() {
    final String text =
        "flow create 0 priority 2 group 1 ingress pattern eth type spec 0x800 / vlan vid spec 5 "
            + "vid mask 0xf0f / ipv6 src spec ::1 src prefix 64 / end actions count identifier 0 / jump group 2 / end";
    assertThat(FlowSyntax.print(FlowSyntax.parseCommand(text)))
        .isEqualTo(
            "flow create 0 group 1 priority 2 ingress pattern eth type spec 0x800 / vlan vid spec 5 vid mask 0xf0f / "
                + "ipv6 src spec ::1 src prefix 64 / end actions count / jump group 2 / end");
  }

  @Test
  void shouldFormatAddressesCanonicallyWhenPrinting() {
    assertThat(AddressText.formatIpv6(AddressText.parseIpv6("2001:0db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(AddressText.formatIpv6(AddressText.parseIpv6("::"))).isEqualTo("::");
    assertThat(AddressText.formatIpv6(AddressText.parseIpv6("1:0:0:0:0:0:0:0"))).isEqualTo("1::");
    assertThat(AddressText.formatIpv6(AddressText.parseIpv6("1:2:3:4:5:6:7:8")))
        .isEqualTo("1:2:3:4:5:6:7:8");
    assertThat(AddressText.formatIpv6(AddressText.parseIpv6("1:0:3:4:5:6:7:8")))
        .isEqualTo("1:0:3:4:5:6:7:8");
    assertThat(AddressText.parseIpv6("::ffff:1.2.3.4"))
        .isEqualTo(new BigInteger("ffff01020304", 16));
    assertThat(AddressText.parseIpv6("1::2::3")).isNull();
    assertThat(AddressText.parseIpv6("1.2.3.4::")).isNull();
    assertThat(AddressText.formatMac(AddressText.parseMac("AA:bb:0C:dd:EE:0f")))
        .isEqualTo("aa:bb:0c:dd:ee:0f");
    assertThat(AddressText.formatIpv4(AddressText.parseIpv4("255.0.10.1"))).isEqualTo("255.0.10.1");
  }
}
