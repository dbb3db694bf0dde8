package io.vstack.cli;

import io.vstack.control.Json;
import io.vstack.replay.StackReplay;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text tables and the JSON object of {@code vstack replay --through-stack}. */
final class ThroughStackOutput {
  private ThroughStackOutput() {}

  static void text(final PrintWriter out, final String title, final StackReplay r) {
    out.println(title);
    out.println("  stack     " + r.stack());
    out.printf(
        Locale.ROOT,
        "  trace     %d frames, %d bytes over %.3f s of trace time%n",
        r.frames(),
        r.bytes(),
        r.trace().durationNanos() / 1e9);
    out.printf(
        Locale.ROOT,
        "  run       %.3f s; cycles measured per tenant group (%s) at %.3f GHz%n%n",
        r.wallNanos() / 1e9,
        r.clock(),
        r.cyclesPerNano());
    final TextTable tenants =
        new TextTable(
            "tenant", "packets", "bytes", "delivered", "cycles", "ns/pkt", "dropped", "drops");
    for (final StackReplay.Row row : r.tenants()) {
      tenants.row(
          row.label(),
          row.packets(),
          row.bytes(),
          row.delivered(),
          row.cycles(),
          String.format(Locale.ROOT, "%.1f", row.nanosPerPacket(r.cyclesPerNano())),
          row.dropped(),
          row.dropsText());
    }
    tenants.print(out);
    out.println();
    final TextTable rules = new TextTable("rule", "hits", "bytes", "rule");
    for (final StackReplay.RuleHits rule : r.rules()) {
      rules.row(rule.index(), rule.hits(), rule.bytes(), rule.rule());
    }
    if (r.rules().isEmpty()) {
      out.println("(no flow rules on this port)");
    } else {
      rules.print(out);
    }
    out.println();
    final TextTable sizes = new TextTable("size", "frames");
    for (int i = 0; i < r.sizes().counts().length; i++) {
      sizes.row(r.sizes().label(i), r.sizes().counts()[i]);
    }
    sizes.print(out);
  }

  static String json(final Map<String, Object> head, final StackReplay r) {
    final Map<String, Object> json = new LinkedHashMap<>(head);
    json.put("stack", r.stack());
    json.put("frames", r.frames());
    json.put("bytes", r.bytes());
    json.put("trace_seconds", Json.decimal(r.trace().durationNanos() / 1e9, 9));
    json.put("wall_seconds", Json.decimal(r.wallNanos() / 1e9, 6));
    json.put("clock", r.clock());
    json.put("cycles_per_ns", Json.decimal(r.cyclesPerNano(), 6));
    final List<Object> tenants = new ArrayList<>();
    for (final StackReplay.Row row : r.tenants()) {
      final Map<String, Object> t = new LinkedHashMap<>();
      t.put("tenant", row.name());
      t.put("packets", row.packets());
      t.put("bytes", row.bytes());
      t.put("delivered", row.delivered());
      t.put("cycles", row.cycles());
      t.put("ns_per_packet", Json.decimal(row.nanosPerPacket(r.cyclesPerNano()), 3));
      t.put("dropped", row.dropped());
      t.put("drops", new LinkedHashMap<String, Object>(row.drops()));
      tenants.add(t);
    }
    json.put("tenants", tenants);
    final List<Object> rules = new ArrayList<>();
    for (final StackReplay.RuleHits rule : r.rules()) {
      final Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", rule.index());
      m.put("rule", rule.rule());
      m.put("hits", rule.hits());
      m.put("bytes", rule.bytes());
      rules.add(m);
    }
    json.put("rules", rules);
    final Map<String, Object> timeline = new LinkedHashMap<>();
    timeline.put("start_ns", r.timeline().startNanos());
    timeline.put("bucket_ns", Json.decimal(r.timeline().bucketNanos(), 3));
    final List<Object> series = new ArrayList<>();
    for (int row = 0; row < r.tenants().size(); row++) {
      final Map<String, Object> s = new LinkedHashMap<>();
      s.put("tenant", r.tenants().get(row).name());
      final List<Object> cycles = new ArrayList<>();
      for (final long c : r.timeline().cycles()[row]) {
        cycles.add(c);
      }
      s.put("cycles", cycles);
      series.add(s);
    }
    timeline.put("series", series);
    json.put("timeline", timeline);
    final List<Object> sizes = new ArrayList<>();
    for (int i = 0; i < r.sizes().counts().length; i++) {
      final Map<String, Object> bin = new LinkedHashMap<>();
      bin.put("min", r.sizes().lowerBounds()[i]);
      bin.put(
          "max",
          i + 1 < r.sizes().lowerBounds().length ? r.sizes().lowerBounds()[i + 1] - 1 : null);
      bin.put("frames", r.sizes().counts()[i]);
      sizes.add(bin);
    }
    json.put("sizes", sizes);
    return Json.write(json) + System.lineSeparator();
  }
}
