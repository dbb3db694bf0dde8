package io.vstack.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** {@link SvgChart} and {@link Markup}: well-formed SVG, escaped names, nice axes. */
class SvgChartTest {
  private static Document parse(final String svg) throws Exception {
    final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  @Test
  void shouldDrawOnePolylinePerSeriesWithEscapedNamesWhenNamesHoldMarkup() throws Exception {
    final String evil = "</svg><script>alert(1)</script>&\"'";
    final Document svg =
        parse(
            SvgChart.lines(
                "t<1>",
                "x & y",
                "cycles",
                0,
                2,
                new double[] {0, 1, 2},
                List.of(
                    new SvgChart.Series(evil, new double[] {1, 5, 3}),
                    new SvgChart.Series("b", new double[] {0, 0, 9}))));

    assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
    final NodeList lines = svg.getElementsByTagNameNS("*", "polyline");
    assertThat(lines.getLength()).isEqualTo(2);
    assertThat(lines.item(0).getTextContent()).isEqualTo(evil);
    // The largest value (9) sits at the top of the plot only if the axis top is 10: y = 30 + 240 *
    // (1 - 9/10).
    final String[] points = ((Element) lines.item(1)).getAttribute("points").split(" ");
    assertThat(points).hasSize(3);
    assertThat(points[2]).isEqualTo("610.0,54.0");
    assertThat(points[0]).isEqualTo("80.0,270.0");
  }

  @Test
  void shouldDrawOneBarPerLabelProportionalToItsValue() throws Exception {
    final Document svg =
        parse(SvgChart.bars("hits", "rule", "frames", List.of("a", "b<"), new long[] {50, 100}));
    final NodeList rects = svg.getElementsByTagNameNS("*", "rect");
    assertThat(rects.getLength()).isEqualTo(2);
    final double a = Double.parseDouble(((Element) rects.item(0)).getAttribute("height"));
    final double b = Double.parseDouble(((Element) rects.item(1)).getAttribute("height"));
    assertThat(b).isEqualTo(240.0);
    assertThat(a).isEqualTo(120.0);
    assertThat(rects.item(1).getTextContent()).isEqualTo("b<: 100");
  }

  @Test
  void shouldChooseOneTwoOrFiveTimesAPowerOfTenForTicks() {
    assertThat(SvgChart.nice(0.7)).isEqualTo(1.0);
    assertThat(SvgChart.nice(1.0)).isEqualTo(1.0);
    assertThat(SvgChart.nice(1.01)).isEqualTo(2.0);
    assertThat(SvgChart.nice(3)).isEqualTo(5.0);
    assertThat(SvgChart.nice(7)).isEqualTo(10.0);
    assertThat(SvgChart.nice(1234)).isEqualTo(2000.0);
    assertThat(SvgChart.niceTop(0)).isEqualTo(5.0);
    assertThat(SvgChart.niceTop(9)).isEqualTo(10.0);
    assertThat(SvgChart.number(2_500_000)).isEqualTo("2.5M");
    assertThat(SvgChart.number(40_000)).isEqualTo("40k");
    assertThat(SvgChart.number(0.25)).isEqualTo("0.25");
    assertThat(SvgChart.number(7)).isEqualTo("7");
  }

  @Test
  void shouldEscapeMarkupAndReplaceControlCharactersXmlForbids() {
    assertThat(Markup.escape("a<b>&\"c'\t\n\u0001"))
        .isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;\t\n\uFFFD");
  }
}
