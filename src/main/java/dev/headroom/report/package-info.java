/**
 * The one report writer: capabilities fill a {@link dev.headroom.report.Report} of
 * {@link dev.headroom.report.CheckCase}s and {@link dev.headroom.report.ReportWriter} turns it into
 * {@code report.json}, {@code junit.xml} and {@code summary.md}, redacted. {@link
 * dev.headroom.report.GeneratedFiles} writes the files a generator makes (SLO rules, dashboards) and
 * compares them with the checked-in ones, for {@code --check}.
 */
package dev.headroom.report;
