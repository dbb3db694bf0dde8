package io.vstack.cli;

import static io.vstack.replay.OverlayTraces.Kind.BLUE;
import static io.vstack.replay.OverlayTraces.Kind.BLUE_SPOOFED_IP;
import static io.vstack.replay.OverlayTraces.Kind.BLUE_SPOOFED_MAC;
import static io.vstack.replay.OverlayTraces.Kind.GREEN;
import static io.vstack.replay.OverlayTraces.Kind.NOT_FOR_THIS_HOST;
import static io.vstack.replay.OverlayTraces.Kind.NOT_OVERLAY;
import static io.vstack.replay.OverlayTraces.Kind.RED;
import static io.vstack.replay.OverlayTraces.Kind.RED_WRONG_VTEP;
import static io.vstack.replay.OverlayTraces.Kind.RULE_DROPPED;
import static io.vstack.replay.OverlayTraces.Kind.UNKNOWN_VNI;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.control.Json;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.Tshark;
import io.vstack.replay.OverlayTraces;
import io.vstack.replay.OverlayTraces.Kind;
import io.vstack.replay.Traces;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code vstack replay --through-stack}: a generated VXLAN trace of three tenants with injected bad
 * frames, fed through the config's rules and the stack. Per tenant packets and bytes must equal
 * what the generator wrote, drops by reason the injected frames, rule hits what tshark's display
 * filter counts on the same file.
 */
class ThroughStackCommandTest {
  private static final int FRAMES = 3000;

  @TempDir Path dir;

  private Path config() throws IOException {
    return Files.writeString(dir.resolve("vstack.yaml"), OverlayTraces.CONFIG);
  }

  /** {@code vstack replay FILE --through-stack --config (the test config) --report REPORT ...}. */
  private Cli.Result throughStack(final Path file, final Path report, final String... more)
      throws IOException {
    final List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "replay",
                file.toString(),
                "--through-stack",
                "--config",
                config().toString(),
                "--report",
                report.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void shouldCountPacketsBytesDropsAndRuleHitsPerTenantAsTheGeneratorAndTsharkDo()
      throws Exception {
    final long seed = new Random().nextLong();
    final OverlayTraces.Generated trace = OverlayTraces.generate(new Random(seed), FRAMES);
    final Path file =
        Traces.write(dir.resolve("overlay.pcap"), CaptureFormat.PCAP_NANOS, trace.frames());
    final Path report = dir.resolve("report.html");

    final Cli.Result r = throughStack(file, report, "--json");

    assertThat(r.exitCode()).as("seed %d: %s", seed, r).isZero();
    @SuppressWarnings("unchecked")
    final Map<String, Object> json = (Map<String, Object>) Json.parse(r.out());
    final Map<String, Map<String, Object>> rows = rows(json);
    assertThat(rows).as("seed %d", seed).containsOnlyKeys("blue", "red", "green", "-");
    expect(rows.get("blue"), trace, seed, BLUE, BLUE_SPOOFED_IP, BLUE_SPOOFED_MAC);
    expect(rows.get("red"), trace, seed, RED, RED_WRONG_VTEP);
    expect(rows.get("green"), trace, seed, GREEN);
    expect(rows.get("-"), trace, seed, UNKNOWN_VNI, RULE_DROPPED, NOT_OVERLAY, NOT_FOR_THIS_HOST);
    assertThat(json.get("frames")).isEqualTo((long) FRAMES);
    assertThat(json.get("bytes")).isEqualTo(trace.bytes(Kind.values()));
    assertThat(json.get("port")).isEqualTo("uplink");
    assertThat(json.get("stack")).isEqualTo("fused fast path");
    assertThat(json.get("clock")).isEqualTo("System.nanoTime");
    assertThat(json.get("report")).isEqualTo(report.toString());

    @SuppressWarnings("unchecked")
    final List<Map<String, Object>> rules = (List<Map<String, Object>>) json.get("rules");
    assertThat(rules).hasSize(OverlayTraces.RULE_FILTERS.size());
    for (int i = 0; i < rules.size(); i++) {
      assertThat(rules.get(i).get("hits"))
          .as(
              "seed %d: rule %d (%s) vs tshark -Y '%s'",
              seed, i, rules.get(i).get("rule"), OverlayTraces.RULE_FILTERS.get(i))
          .isEqualTo(Tshark.count(file, OverlayTraces.RULE_FILTERS.get(i)))
          .isNotEqualTo(0L);
    }

    @SuppressWarnings("unchecked")
    final Map<String, Object> timeline = (Map<String, Object>) json.get("timeline");
    @SuppressWarnings("unchecked")
    final List<Map<String, Object>> series = (List<Map<String, Object>>) timeline.get("series");
    assertThat(series).hasSize(4);
    for (final Map<String, Object> s : series) {
      final List<?> cycles = (List<?>) s.get("cycles");
      assertThat(cycles).hasSize(100);
      final long sum = cycles.stream().mapToLong(c -> (Long) c).sum();
      final String name = s.get("tenant") == null ? "-" : (String) s.get("tenant");
      assertThat(sum)
          .as("timeline of %s sums to its cycles", name)
          .isEqualTo(rows.get(name).get("cycles"));
    }
    @SuppressWarnings("unchecked")
    final List<Map<String, Object>> sizes = (List<Map<String, Object>>) json.get("sizes");
    assertThat(sizes.stream().mapToLong(b -> (Long) b.get("frames")).sum()).isEqualTo(FRAMES);
    assertThat(sizes.get(0).get("frames")).as("no frame under 64 bytes is generated").isEqualTo(0L);

    final Document html = parseXml(report);
    assertThat(html.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength())
        .isEqualTo(3);
    assertThat(html.getElementsByTagNameNS("*", "polyline").getLength())
        .as("one line per row in the cycles chart")
        .isEqualTo(4);
    assertThat(html.getElementsByTagNameNS("*", "script").getLength()).isZero();
    assertThat(html.getElementsByTagNameNS("*", "link").getLength()).isZero();
    assertNoExternalReference(html.getDocumentElement());
    final String text = Files.readString(report);
    assertThat(text).contains(">blue<", ">red<", ">green<", ">(no tenant)<", "spoofed_source_ip");
  }

  private static void expect(
      final Map<String, Object> row,
      final OverlayTraces.Generated trace,
      final long seed,
      final Kind... kinds) {
    final String name = kinds[0].tenant == null ? "(no tenant)" : kinds[0].tenant;
    assertThat(row.get("packets"))
        .as("seed %d: %s packets", seed, name)
        .isEqualTo(trace.frames(kinds));
    assertThat(row.get("bytes")).as("seed %d: %s bytes", seed, name).isEqualTo(trace.bytes(kinds));
    final Map<String, Long> drops = new HashMap<>();
    long dropped = 0;
    for (final Kind kind : kinds) {
      if (kind.drop != null && trace.frames(kind) > 0) {
        drops.merge(kind.drop, trace.frames(kind), Long::sum);
        dropped += trace.frames(kind);
      }
    }
    assertThat(row.get("drops")).as("seed %d: %s drops by reason", seed, name).isEqualTo(drops);
    assertThat(row.get("dropped")).isEqualTo(dropped);
    assertThat(row.get("delivered"))
        .as("seed %d: %s delivered", seed, name)
        .isEqualTo(kinds[0].tenant == null ? 0L : trace.frames(kinds[0]));
    if (trace.frames(kinds[0]) > 0 && kinds[0] != RULE_DROPPED) {
      assertThat((Long) row.get("cycles")).as("%s cycles", name).isPositive();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> rows(final Map<String, Object> json) {
    final Map<String, Map<String, Object>> rows = new HashMap<>();
    for (final Object o : (List<Object>) json.get("tenants")) {
      final Map<String, Object> row = (Map<String, Object>) o;
      rows.put(row.get("tenant") == null ? "-" : (String) row.get("tenant"), row);
    }
    return rows;
  }

  static Document parseXml(final Path file) throws Exception {
    final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(Files.readString(file, StandardCharsets.UTF_8))));
  }

  /** No element anywhere carries src or href: the report loads nothing. */
  static void assertNoExternalReference(final Element element) {
    assertThat(element.hasAttribute("src") || element.hasAttribute("href"))
        .as("<%s> refers to something outside the file", element.getTagName())
        .isFalse();
    for (int i = 0; i < element.getAttributes().getLength(); i++) {
      assertThat(element.getAttributes().item(i).getLocalName()).isNotIn("src", "href");
    }
    final NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child) {
        assertNoExternalReference(child);
      }
    }
  }

  @Test
  void shouldPrintTablesAndEscapeTheTraceNameInTheReportWhenItHoldsMarkup() throws Exception {
    final OverlayTraces.Generated trace = OverlayTraces.generate(new Random(5), 200);
    final Path file =
        Traces.write(
            dir.resolve("<script>alert('x')<i>&\"q\".pcap"),
            CaptureFormat.PCAP_NANOS,
            trace.frames());
    final Path report = dir.resolve("r.html");

    final Cli.Result r = throughStack(file, report, "--buckets", "7", "--clock", "thread_cpu");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "through the stack: config " + dir.resolve("vstack.yaml") + ", port uplink (3 rules)")
        .contains("cycles measured per tenant group (thread CPU time)")
        .containsPattern("(?m)^tenant +packets +bytes +delivered +cycles +ns/pkt +dropped +drops$")
        .containsPattern(
            "(?m)^blue +"
                + trace.frames(BLUE, BLUE_SPOOFED_IP, BLUE_SPOOFED_MAC)
                + " +"
                + trace.bytes(BLUE, BLUE_SPOOFED_IP, BLUE_SPOOFED_MAC)
                + " +"
                + trace.frames(BLUE)
                + " +[1-9][0-9]* ")
        .containsPattern(
            "(?m)^\\(no tenant\\) +"
                + trace.frames(UNKNOWN_VNI, RULE_DROPPED, NOT_OVERLAY, NOT_FOR_THIS_HOST)
                + " ")
        .containsPattern(
            "(?m)^2 +"
                + trace.frames(RULE_DROPPED)
                + " +[0-9]+ +priority 1 ingress .*vni is 999 .* drop / end$")
        .containsPattern("(?m)^1519\\+ +0$")
        .contains("report: " + report);
    final String html = Files.readString(report);
    assertThat(html)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;i&gt;&amp;&quot;q&quot;.pcap");
    final Document document = parseXml(report);
    assertThat(document.getElementsByTagNameNS("*", "script").getLength()).isZero();
    assertThat(document.getElementsByTagNameNS("*", "svg").getLength()).isEqualTo(3);
  }

  @Test
  void shouldRunWithoutRulesWhenThePortChosenHasNoneAndStopAtTheLimit() throws Exception {
    final OverlayTraces.Generated whole = OverlayTraces.generate(new Random(9), 600);
    final Path file =
        Traces.write(dir.resolve("plain.pcap"), CaptureFormat.PCAP_NANOS, whole.frames());
    final OverlayTraces.Generated trace = OverlayTraces.generate(new Random(9), 400);

    final Cli.Result r =
        throughStack(
            file, dir.resolve("plain.html"), "--stack-port", "plain", "--limit", "400", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    @SuppressWarnings("unchecked")
    final Map<String, Object> json = (Map<String, Object>) Json.parse(r.out());
    assertThat(json.get("port")).isEqualTo("plain");
    assertThat(json.get("frames")).isEqualTo(400L);
    assertThat((List<?>) json.get("rules")).isEmpty();
    final Map<String, Map<String, Object>> rows = rows(json);
    assertThat(rows.get("blue").get("packets"))
        .isEqualTo(trace.frames(BLUE, BLUE_SPOOFED_IP, BLUE_SPOOFED_MAC));
    // Without the DROP rule, VNI 999 reaches the stack, which knows no such tenant.
    assertThat(rows.get("-").get("drops"))
        .isEqualTo(
            Map.of(
                "unknown_vni", trace.frames(UNKNOWN_VNI, RULE_DROPPED),
                "not_overlay", trace.frames(NOT_OVERLAY),
                "not_for_this_host", trace.frames(NOT_FOR_THIS_HOST)));
  }

  @Test
  void shouldFailWithOneLineAndExitTwoWhenTheConfigOrTraceIsBad() throws IOException {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            OverlayTraces.generate(new Random(1), 10).frames());
    final Path good = config();
    final Path broken = Files.writeString(dir.resolve("broken.yaml"), "tenants: [\n");
    final Path hostless =
        Files.writeString(
            dir.resolve("hostless.yaml"), "ports:\n  - name: p\n    spec: memory:p\n");
    final Path cut = dir.resolve("cut.pcap");
    final byte[] whole = Files.readAllBytes(trace);
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 5));

    final Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        List.of(trace.toString(), "--through-stack"),
        "vstack: --through-stack needs --config FILE (a vstack.yaml with host, tenants, rules)");
    cases.put(
        List.of(trace.toString(), "--through-stack", "--config", broken.toString()),
        "vstack: " + broken + ":2:1: invalid YAML:");
    cases.put(
        List.of(trace.toString(), "--through-stack", "--config", hostless.toString()),
        "vstack: "
            + hostless
            + ": has no host section; --through-stack needs a host section (underlay, overlay)"
            + " and tenants");
    cases.put(
        List.of(
            trace.toString(), "--through-stack", "--config", dir.resolve("none.yaml").toString()),
        "vstack: " + dir.resolve("none.yaml") + ": cannot read");
    cases.put(
        List.of(
            dir.resolve("missing.pcap").toString(), "--through-stack", "--config", good.toString()),
        "vstack: " + dir.resolve("missing.pcap") + ": no such file or directory");
    cases.put(
        List.of(cut.toString(), "--through-stack", "--config", good.toString()),
        "vstack: " + cut + ": packet 10 at byte offset");
    cases.put(
        List.of(
            trace.toString(), "--through-stack", "--config", good.toString(), "--stack-port", "x"),
        "vstack: " + good + " has no port 'x' (ports: uplink, plain)");
    cases.put(
        List.of(
            trace.toString(), "--through-stack", "--config", good.toString(), "--port", "pcap:o"),
        "vstack: --port and --through-stack exclude each other");
    cases.put(
        List.of(trace.toString(), "--through-stack", "--config", good.toString(), "--pps", "10"),
        "vstack: --speed, --pps, --mbps, --topspeed and --loop apply to --port only");
    cases.put(
        List.of(
            trace.toString(),
            "--through-stack",
            "--config",
            good.toString(),
            "--report",
            dir.resolve("no/such/dir/r.html").toString()),
        "vstack: --report " + dir.resolve("no/such/dir/r.html") + ": no such directory");
    cases.put(
        List.of(trace.toString(), "--report", "r.html", "--port", "pcap:o"),
        "vstack: --config, --stack-port and --report need --through-stack");
    cases.put(List.of(trace.toString()), "vstack: say where to send with --port SPEC");
    cases.forEach(
        (args, message) -> {
          final Cli.Result r =
              Cli.run(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of("replay"), args.stream())
                      .toArray(String[]::new));
          assertThat(r.exitCode()).as("%s: %s", args, r).isEqualTo(ExitCodes.USAGE);
          assertThat(r.errorLine()).as("%s", args).startsWith(message);
          assertThat(r.out()).as("%s", args).isEmpty();
        });
  }
}
