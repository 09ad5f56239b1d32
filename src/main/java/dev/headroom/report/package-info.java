/**
 * The one report writer: capabilities fill a {@link dev.headroom.report.Report} of
 * {@link dev.headroom.report.CheckCase}s and {@link dev.headroom.report.ReportWriter} turns it into
 * {@code report.json}, {@code junit.xml} and {@code summary.md}, redacted.
 */
package dev.headroom.report;
