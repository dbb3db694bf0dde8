package io.vstack.report;

import io.vstack.replay.StackReplay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of {@code vstack replay --through-stack --report FILE}: a summary table per
 * tenant, then three inline SVG charts (cycles per tenant over trace time, the frame size
 * distribution, hits per flow rule) and the rules. One self-contained, well-formed (XML) file: no
 * external scripts, styles, fonts or images; every name from the trace, the configuration or the
 * stack is escaped.
 */
public final class ThroughStackReport {
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;margin:1em 0}"
          + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
          + "th{background:#f3f3f3}td.l,th.l{text-align:left}"
          + "code{font-size:90%}svg{display:block;margin:1.5em 0}";

  private ThroughStackReport() {}

  /**
   * The report as a string.
   *
   * @param title what was replayed, e.g. "trace.pcap through vstack.yaml port uplink"
   */
  public static String html(final String title, final StackReplay r) {
    final StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>")
        .append("<meta charset=\"utf-8\"/><title>vstack replay: ")
        .append(Markup.escape(title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head>\n<body>\n<h1>vstack replay through the stack</h1>\n<p>")
        .append(Markup.escape(title))
        .append("</p>\n<p>")
        .append(
            Markup.escape(
                String.format(
                    Locale.ROOT,
                    "%d frames, %d bytes over %.3f s of trace time; stack: %s; cycles (%s) at"
                        + " %.3f GHz; run took %.3f s.",
                    r.frames(),
                    r.bytes(),
                    r.trace().durationNanos() / 1e9,
                    r.stack(),
                    r.clock(),
                    r.cyclesPerNano(),
                    r.wallNanos() / 1e9)))
        .append("</p>\n");
    summary(h, r);
    h.append(cyclesChart(r));
    h.append(sizeChart(r));
    h.append(ruleChart(r));
    rules(h, r);
    return h.append("</body>\n</html>\n").toString();
  }

  private static void summary(final StringBuilder h, final StackReplay r) {
    h.append("<h2>Per tenant</h2>\n<table><tr><th class=\"l\">tenant</th><th>packets</th>")
        .append("<th>bytes</th><th>delivered</th><th>cycles</th><th>ns/packet</th><th>dropped</th>")
        .append("<th class=\"l\">drops by reason</th></tr>\n");
    for (final StackReplay.Row row : r.tenants()) {
      h.append("<tr><td class=\"l\">")
          .append(Markup.escape(row.label()))
          .append("</td><td>")
          .append(row.packets())
          .append("</td><td>")
          .append(row.bytes())
          .append("</td><td>")
          .append(row.delivered())
          .append("</td><td>")
          .append(row.cycles())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", row.nanosPerPacket(r.cyclesPerNano())))
          .append("</td><td>")
          .append(row.dropped())
          .append("</td><td class=\"l\">")
          .append(Markup.escape(row.dropsText()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static String cyclesChart(final StackReplay r) {
    final StackReplay.Timeline t = r.timeline();
    final double[] x = new double[t.buckets()];
    for (int b = 0; b < x.length; b++) {
      x[b] = (b + 0.5) * t.bucketNanos() / 1e9;
    }
    final List<SvgChart.Series> series = new ArrayList<>();
    for (int row = 0; row < r.tenants().size(); row++) {
      final long[] cycles = t.cycles()[row];
      final double[] y = new double[cycles.length];
      for (int b = 0; b < y.length; b++) {
        y[b] = cycles[b];
      }
      series.add(new SvgChart.Series(r.tenants().get(row).label(), y));
    }
    return SvgChart.lines(
        "Cycles per tenant over trace time",
        String.format(
            Locale.ROOT,
            "trace time (s), %d buckets of %.3f ms",
            t.buckets(),
            t.bucketNanos() / 1e6),
        "cycles per bucket",
        0,
        t.buckets() * t.bucketNanos() / 1e9,
        x,
        series);
  }

  private static String sizeChart(final StackReplay r) {
    final StackReplay.SizeHistogram s = r.sizes();
    final List<String> labels = new ArrayList<>();
    for (int i = 0; i < s.counts().length; i++) {
      labels.add(s.label(i));
    }
    return SvgChart.bars(
        "Frame size distribution", "frame bytes (captured)", "frames", labels, s.counts());
  }

  private static String ruleChart(final StackReplay r) {
    final List<String> labels = new ArrayList<>();
    final long[] hits = new long[r.rules().size()];
    for (int i = 0; i < hits.length; i++) {
      labels.add("rule " + r.rules().get(i).index());
      hits[i] = r.rules().get(i).hits();
    }
    return SvgChart.bars(
        "Hits per flow rule", "rule (see the table below)", "frames", labels, hits);
  }

  private static void rules(final StringBuilder h, final StackReplay r) {
    h.append("<h2>Flow rules</h2>\n<table><tr><th>rule</th><th>hits</th><th>bytes</th>")
        .append("<th class=\"l\">rule</th></tr>\n");
    for (final StackReplay.RuleHits rule : r.rules()) {
      h.append("<tr><td>")
          .append(rule.index())
          .append("</td><td>")
          .append(rule.hits())
          .append("</td><td>")
          .append(rule.bytes())
          .append("</td><td class=\"l\"><code>")
          .append(Markup.escape(rule.rule()))
          .append("</code></td></tr>\n");
    }
    h.append("</table>\n");
  }
}
