package dev.headroom.gate;

import dev.headroom.report.CheckCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (no script, style or image from anywhere, its CSP says so):
 * the verdict, the stages, a chart per stage of its latencies against the baseline's band (journeys: each
 * step's median; load: each group's p95), the crawl's findings and every check, worst first.
 */
final class GateHtml {
    /** One bar: a measure now, and the baseline's median and band top (negative: no baseline). */
    record Bar(String label, double current, double baseline, double allowed) {
        boolean regressed() {
            return allowed >= 0 && current > allowed;
        }
    }

    private GateHtml() {
    }

    static String render(GateResult result) {
        GateData d = result.data();
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                        + " script-src 'unsafe-inline'\">\n")
                .append("<title>Headroom gate: ").append(esc(d.shop())).append(' ').append(esc(d.version())).append(" ")
                .append(result.verdict()).append("</title>\n<style>\n")
                .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append(".PASSED{color:#1a7f37}.FAILED,.ERROR{color:#cf222e;font-weight:bold}.DEGRADED{color:#9a6700}")
                .append(".SKIPPED{color:#777}svg text{font:12px sans-serif}.verdict{font-size:1.6em}\n</style></head>\n")
                .append("<body data-verdict=\"").append(result.verdict()).append("\">\n")
                .append("<h1>Headroom gate: ").append(esc(d.shop())).append(' ').append(esc(d.version())).append("</h1>\n")
                .append("<p class=\"verdict ").append(result.verdict() == dev.headroom.report.Verdict.PASSED ? "PASSED" : "FAILED")
                .append("\" id=\"verdict\">").append(result.verdict()).append("</p>\n<p>Target <code>").append(esc(d.target()))
                .append("</code>").append(d.environment().isEmpty() ? "" : " (" + esc(d.environment()) + ")").append("</p>\n");
        if (!d.refusal().isEmpty()) {
            h.append("<p id=\"refusal\"><strong>Refused:</strong> ").append(esc(d.refusal())).append("</p>\n");
        }
        if (!d.override().isEmpty()) {
            h.append("<p id=\"override\"><strong>Override:</strong> ").append(esc(d.override())).append("</p>\n");
        }
        h.append("<h2>Stages</h2>\n<table id=\"stages\"><tr><th>stage</th><th>status</th><th>time</th><th></th></tr>\n");
        for (GateData.StageSummary s : d.stages()) {
            h.append("<tr data-stage=\"").append(s.stage()).append("\"><td>").append(s.stage()).append("</td><td class=\"")
                    .append(s.status()).append("\">").append(s.status()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f s", s.durationMs() / 1000)).append("</td><td>")
                    .append(esc(s.message())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        List<Bar> stageBars = d.stages().stream().map(s -> new Bar(s.stage(), s.durationMs() / 1000, -1, -1)).toList();
        h.append(chart("chart-stage-time", "Time per stage (s)", stageBars, "s"));

        List<Bar> journeyBars = new ArrayList<>();
        d.journeySteps().forEach((j, steps) -> steps.forEach((step, ms) -> {
            CheckCase c = find(result, GateStage.JOURNEYS.label(), j + ": " + step + " within the baseline");
            double current = attr(c, "currentMs");
            journeyBars.add(new Bar(j + ": " + step, current >= 0 ? current : Baseline.median(ms), attr(c, "baselineMs"),
                    attr(c, "allowedMs")));
        }));
        if (!journeyBars.isEmpty()) {
            h.append(chart("chart-journeys", "Journeys: median step time (ms) against the baseline", journeyBars, "ms"));
        }
        List<Bar> loadBars = new ArrayList<>();
        for (Map.Entry<String, GateData.LoadGroup> e : d.load().entrySet()) {
            CheckCase c = find(result, GateStage.LOAD.label(), "baseline: " + e.getKey() + " p95 within the baseline");
            double current = attr(c, "current"); // the compared figure: the holds' p95 unless the baseline predates them
            loadBars.add(new Bar(e.getKey() + " p95", current >= 0 ? current : e.getValue().p95Ms(), attr(c, "baseline"),
                    attr(c, "allowed")));
        }
        if (!loadBars.isEmpty()) {
            h.append(chart("chart-load", "Load: p95 per request group (ms) against the baseline", loadBars, "ms"));
        }
        List<CheckCase> findings = result.cases().stream()
                .filter(c -> c.suite().equals(GateStage.CRAWL.label()) && c.attributes().containsKey("finding")).toList();
        h.append("<h2>Crawl findings</h2>\n");
        if (findings.isEmpty()) {
            h.append("<p id=\"findings\">none</p>\n");
        } else {
            h.append("<table id=\"findings\"><tr><th>status</th><th>class</th><th>URL</th><th></th></tr>\n");
            for (CheckCase c : findings) {
                h.append("<tr><td class=\"").append(c.status()).append("\">").append(c.status()).append("</td><td>")
                        .append(esc(c.attributes().get("finding"))).append("</td><td>").append(esc(c.attributes().get("url")))
                        .append("</td><td>").append(esc(c.message())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Every check, worst first</h2>\n<table id=\"checks\"><tr><th>status</th><th>stage</th><th>check</th>"
                + "<th></th></tr>\n");
        for (CheckCase c : GateOutputs.worstFirst(result.cases())) {
            h.append("<tr><td class=\"").append(c.status()).append("\">").append(c.status()).append("</td><td>")
                    .append(esc(c.suite())).append("</td><td>").append(esc(c.name())).append("</td><td>")
                    .append(esc(c.message())).append("</td></tr>\n");
        }
        h.append("</table>\n<script>\n")
                .append("(function(){var bars=document.querySelectorAll('svg rect.bar');var drawn=0;")
                .append("bars.forEach(function(b){if(b.getBBox().width>0)drawn++;});")
                .append("document.body.setAttribute('data-bars-drawn',String(drawn));})();\n</script>\n</body></html>\n");
        return h.toString();
    }

    private static CheckCase find(GateResult r, String suite, String name) {
        return r.cases().stream().filter(c -> c.suite().equals(suite) && c.name().equals(name)).findFirst().orElse(null);
    }

    private static double attr(CheckCase c, String key) {
        if (c == null || !c.attributes().containsKey(key)) {
            return -1;
        }
        try {
            return Double.parseDouble(c.attributes().get(key));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A horizontal bar chart: a bar per measure, the baseline's band shaded behind it and its median as a line. */
    static String chart(String id, String title, List<Bar> bars, String unit) {
        int labelWidth = 300;
        int plot = 420;
        int row = 22;
        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, Math.max(b.current(), b.allowed()));
        }
        max = max <= 0 ? 1 : max * 1.1;
        int height = bars.size() * row + 30;
        StringBuilder s = new StringBuilder();
        s.append("<h2>").append(esc(title)).append("</h2>\n<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" width=\"").append(labelWidth + plot + 120).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = i * row + 4;
            s.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(esc(shorten(b.label(), 44))).append("</text>\n");
            if (b.allowed() >= 0) {
                double x0 = labelWidth + plot * b.baseline() / max;
                double x1 = labelWidth + plot * b.allowed() / max;
                s.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                        + " fill=\"#ddf4ff\"><title>baseline band up to %.1f %s</title></rect>\n", x0, y, Math.max(1, x1 - x0), row - 4,
                        b.allowed(), unit));
                s.append(String.format(Locale.ROOT, "<line class=\"baseline\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\""
                        + " stroke=\"#0969da\" stroke-width=\"2\"/>\n", x0, x0, y - 1, y + row - 3));
            }
            double w = Math.max(1, plot * b.current() / max);
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                    + " fill-opacity=\"0.8\" data-regressed=\"%s\"><title>%s: %.1f %s</title></rect>\n", labelWidth, y + 5, w,
                    row - 14, b.regressed() ? "#cf222e" : "#2da44e", b.regressed(), esc(b.label()), b.current(), unit));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.1f %s%s</text>\n", labelWidth + w + 6, y + 14,
                    b.current(), unit, b.regressed() ? " regression" : ""));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
