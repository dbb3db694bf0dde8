package io.vstack.report;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG chart renderer: line charts (several series over one x axis) and bar charts, with
 * axes, "nice" ticks, axis titles and a legend. Output is an {@code <svg>} element (namespaced, so
 * the page stays well-formed XML) to paste inline into HTML; every text is escaped.
 */
public final class SvgChart {
  /** One line of a line chart. */
  public record Series(String name, double[] values) {}

  /** Colours of successive series (colour-blind safe, Okabe-Ito). */
  static final List<String> PALETTE =
      List.of(
          "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000");

  private static final int WIDTH = 760;
  private static final int HEIGHT = 320;
  private static final int LEFT = 80;
  private static final int RIGHT = 150;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;
  private static final int TICKS = 5;

  private SvgChart() {}

  /**
   * Lines of {@code series} over {@code x} (all the same length, x ascending), the x axis from
   * {@code minX} to {@code maxX}.
   *
   * @param title chart title
   * @param xTitle title of the x axis
   * @param yTitle title of the y axis
   */
  public static String lines(
      final String title,
      final String xTitle,
      final String yTitle,
      final double minX,
      final double maxX,
      final double[] x,
      final List<Series> series) {
    double maxY = 0;
    for (final Series s : series) {
      for (final double v : s.values()) {
        maxY = Math.max(maxY, v);
      }
    }
    final double top = niceTop(maxY);
    final StringBuilder svg = open(title);
    axes(svg, xTitle, yTitle, top);
    final double span = Math.max(maxX - minX, 1e-9);
    final double step = nice(span / TICKS);
    for (double t = Math.ceil(minX / step) * step; t <= maxX + step * 1e-6; t += step) {
      final double px = LEFT + (t - minX) / span * plotWidth();
      tick(svg, px, HEIGHT - BOTTOM, number(t), true);
    }
    for (int s = 0; s < series.size(); s++) {
      final double[] y = series.get(s).values();
      final StringBuilder points = new StringBuilder();
      for (int i = 0; i < y.length && i < x.length; i++) {
        final double px = LEFT + (x[i] - minX) / span * plotWidth();
        final double py = HEIGHT - BOTTOM - y[i] / top * plotHeight();
        points.append(i == 0 ? "" : " ").append(coordinate(px)).append(',').append(coordinate(py));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(color(s))
          .append("\" points=\"")
          .append(points)
          .append("\"><title>")
          .append(Markup.escape(series.get(s).name()))
          .append("</title></polyline>\n");
      legend(svg, s, series.get(s).name());
    }
    return svg.append("</svg>\n").toString();
  }

  /** One bar per label, in order. */
  public static String bars(
      final String title,
      final String xTitle,
      final String yTitle,
      final List<String> labels,
      final long[] values) {
    long max = 0;
    for (final long v : values) {
      max = Math.max(max, v);
    }
    final double top = niceTop(max);
    final StringBuilder svg = open(title);
    axes(svg, xTitle, yTitle, top);
    final double slot = plotWidth() / (double) Math.max(1, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      final double h = values[i] / top * plotHeight();
      final double x = LEFT + i * slot + slot * 0.15;
      svg.append("<rect fill=\"")
          .append(color(0))
          .append("\" x=\"")
          .append(coordinate(x))
          .append("\" y=\"")
          .append(coordinate(HEIGHT - BOTTOM - h))
          .append("\" width=\"")
          .append(coordinate(slot * 0.7))
          .append("\" height=\"")
          .append(coordinate(h))
          .append("\"><title>")
          .append(Markup.escape(labels.get(i) + ": " + values[i]))
          .append("</title></rect>\n");
      tick(svg, LEFT + (i + 0.5) * slot, HEIGHT - BOTTOM, labels.get(i), false);
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(final String title) {
    final StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n<title>")
        .append(Markup.escape(title))
        .append("</title>\n")
        .append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
        .append(Markup.escape(title))
        .append("</text>\n");
    return svg;
  }

  private static void axes(
      final StringBuilder svg, final String xTitle, final String yTitle, final double top) {
    final int bottom = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<path fill=\"none\" stroke=\"#333\" d=\"M%d %d V%d H%d\"/>%n",
            LEFT,
            TOP,
            bottom,
            WIDTH - RIGHT));
    final double step = top / TICKS;
    for (int i = 0; i <= TICKS; i++) {
      final double y = bottom - i * plotHeight() / (double) TICKS;
      svg.append(
          String.format(
              Locale.ROOT,
              "<path stroke=\"#ddd\" d=\"M%d %s H%d\"/>%n<text x=\"%d\" y=\"%s\""
                  + " text-anchor=\"end\">%s</text>%n",
              LEFT + 1,
              coordinate(y),
              WIDTH - RIGHT,
              LEFT - 6,
              coordinate(y + 4),
              Markup.escape(number(i * step))));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + plotWidth() / 2,
            HEIGHT - 8,
            Markup.escape(xTitle)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
            TOP + plotHeight() / 2,
            Markup.escape(yTitle)));
  }

  private static void tick(
      final StringBuilder svg,
      final double x,
      final int y,
      final String label,
      final boolean mark) {
    if (mark) {
      svg.append("<path stroke=\"#333\" d=\"M")
          .append(coordinate(x))
          .append(' ')
          .append(y)
          .append(" v4\"/>");
    }
    svg.append("<text x=\"")
        .append(coordinate(x))
        .append("\" y=\"")
        .append(y + 16)
        .append("\" text-anchor=\"middle\">")
        .append(Markup.escape(label))
        .append("</text>\n");
  }

  private static void legend(final StringBuilder svg, final int index, final String name) {
    final int x = WIDTH - RIGHT + 12;
    final int y = TOP + 8 + index * 18;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n",
            x,
            y,
            color(index),
            x + 18,
            y + 5,
            Markup.escape(name)));
  }

  private static String color(final int index) {
    return PALETTE.get(index % PALETTE.size());
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  /** The smallest "nice" axis top (1, 2 or 5 times a power of ten, times the ticks) >= max. */
  static double niceTop(final double max) {
    return max <= 0 ? TICKS : nice(max / TICKS) * TICKS;
  }

  /** The smallest of 1, 2, 5 x 10^k that is >= {@code raw} (raw > 0). */
  static double nice(final double raw) {
    final double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (final double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw * (1 - 1e-12)) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** A tick label: integers without decimals, large values with k/M/G suffixes. */
  static String number(final double v) {
    final double a = Math.abs(v);
    if (a >= 1e9) {
      return trim(v / 1e9) + "G";
    }
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(final double v) {
    final String s = String.format(Locale.ROOT, "%.3f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static String coordinate(final double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
