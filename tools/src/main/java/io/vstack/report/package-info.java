/**
 * Self-contained HTML reports: {@link io.vstack.report.SvgChart} draws line and bar charts as
 * inline SVG, {@link io.vstack.report.Markup} escapes text, {@link
 * io.vstack.report.ThroughStackReport} lays out the report of {@code vstack replay
 * --through-stack}. No scripts, styles, fonts or images are loaded from anywhere: a report is one
 * file that opens offline.
 */
package io.vstack.report;
