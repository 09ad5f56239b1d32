package dev.headroom.model;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.headroom.config.Durations;
import dev.headroom.http.Redactor;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TrafficModel} as commented YAML (the comments document the schema in the file
 * itself); {@link TrafficModel#load} reads it back. Strings are double-quoted JSON-style, which is
 * valid YAML.
 */
public final class ModelYaml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private ModelYaml() {
    }

    /** Writes atomically (temporary file, then move). */
    public static void write(TrafficModel m, Path file) throws IOException {
        // A data file read back by TrafficModel.load: route templates and counts, no request text to redact.
        ReportWriter.writeText(toYaml(m), file, Redactor.none());
    }

    public static String toYaml(TrafficModel m) {
        StringBuilder y = new StringBuilder();
        y.append("# Headroom traffic model, written by `./headroom model`; read it with TrafficModel.load(path).\n");
        y.append("# rps = requests per second over ALL logged requests (pages + static + bots) unless named page...;\n");
        y.append("# shares are fractions in [0, 1]; times carry the log's UTC offset; durations read like 8s, 1m30s.\n");
        y.append("schemaVersion: ").append(m.schemaVersion()).append('\n');
        y.append("generatedBy: ").append(q(m.generatedBy())).append('\n');
        y.append("notes:").append(m.notes().isEmpty() ? " []" : "")
                .append("   # what the model had to work around: files cut short, requests far off in time, long silent gaps\n");
        m.notes().forEach(note -> y.append("  - ").append(q(note)).append('\n'));
        y.append("sources:\n");
        for (TrafficModel.Source s : m.sources()) {
            y.append("  - file: ").append(q(s.file())).append('\n');
            y.append("    format: ").append(q(s.format())).append('\n');
            y.append("    lines: ").append(s.lines()).append('\n');
            y.append("    requests: ").append(s.requests()).append('\n');
            y.append("    badLines: ").append(s.badLines()).append('\n');
            if (s.readError() != null) {
                y.append("    readError: ").append(q(s.readError())).append("   # the file could not be read to its end\n");
            }
        }
        TrafficModel.TimeRange r = m.timeRange();
        y.append("timeRange:          # first and last request of the window; zone used by heatmap and windows\n");
        y.append("  start: ").append(t(r.start())).append('\n');
        y.append("  end: ").append(t(r.end())).append('\n');
        y.append("  zone: ").append(q(r.zone())).append('\n');
        y.append("  seconds: ").append(r.seconds()).append('\n');
        y.append("  excludedRequests: ").append(r.excludedRequests())
                .append("   # dated far outside the rest of the log: in requests, not in rates, peak or heatmap\n");
        TrafficModel.Requests rq = m.requests();
        y.append("requests:           # pages = not static; bots = page requests by crawlers (not in mix/journeys)\n");
        y.append("  total: ").append(rq.total()).append('\n');
        y.append("  pages: ").append(rq.pages()).append('\n');
        y.append("  static: ").append(rq.staticAssets()).append('\n');
        y.append("  bots: ").append(rq.bots()).append('\n');
        y.append("  status:\n");
        rq.status().forEach((k, v) -> y.append("    ").append(q(k)).append(": ").append(v).append('\n'));
        y.append("  badLines: ").append(rq.badLines()).append('\n');
        TrafficModel.Rates ra = m.rates();
        y.append("rates:              # per-second rates over the time window, silent seconds included\n");
        y.append("  meanRps: ").append(n(ra.meanRps())).append('\n');
        y.append("  p50Rps: ").append(n(ra.p50Rps())).append('\n');
        y.append("  p90Rps: ").append(n(ra.p90Rps())).append('\n');
        y.append("  p99Rps: ").append(n(ra.p99Rps())).append('\n');
        y.append("  maxSecondRps: ").append(n(ra.maxSecondRps())).append('\n');
        y.append("  maxSecond: ").append(t(ra.maxSecond())).append('\n');
        y.append("  busiestHourRps: ").append(n(ra.busiestHourRps())).append('\n');
        y.append("  busiestHourStart: ").append(t(ra.busiestHourStart())).append('\n');
        TrafficModel.Peak p = m.peak();
        y.append("peak:               # the busiest clock minute; multiply sustainedRps for a load test\n");
        y.append("  minuteStart: ").append(t(p.minuteStart())).append('\n');
        y.append("  requests: ").append(p.requests()).append("        # in that minute\n");
        y.append("  sustainedRps: ").append(n(p.sustainedRps())).append("   # requests / 60\n");
        y.append("  burstRps: ").append(n(p.burstRps())).append("       # its busiest second\n");
        y.append("  burstSecond: ").append(t(p.burstSecond())).append('\n');
        y.append("  pageRps: ").append(n(p.pageRps())).append("        # page (non-static) requests / 60\n");
        y.append("  sessionStartsPerSecond: ").append(n(p.sessionStartsPerSecond())).append("   # new customer sessions / 60\n");
        y.append("heatmap:            # average rps by day of week (in timeRange.zone) and hour 00..23; null = no data\n");
        m.heatmap().forEach((day, hours) -> {
            y.append("  ").append(day).append(": [");
            for (int i = 0; i < hours.size(); i++) {
                y.append(i == 0 ? "" : ", ").append(hours.get(i) == null ? "null" : n(hours.get(i)));
            }
            y.append("]\n");
        });
        y.append("mix:                # share of customer page requests by route class (static assets excluded unless --include-static)\n");
        m.mix().forEach((k, v) -> y.append("  ").append(q(k)).append(": ").append(n(v)).append('\n'));
        y.append("staticShare: ").append(n(m.staticShare())).append("   # static assets / all requests\n");
        y.append("journeys:           # top session shapes (route classes in order, repeats collapsed); share of customer sessions\n");
        for (TrafficModel.Journey j : m.journeys()) {
            y.append("  - shape: ").append(q(j.shape())).append('\n');
            y.append("    share: ").append(n(j.share())).append('\n');
            y.append("    sessions: ").append(j.sessions()).append('\n');
            y.append("    steps: [");
            for (int i = 0; i < j.steps().size(); i++) {
                y.append(i == 0 ? "" : ", ").append(q(j.steps().get(i)));
            }
            y.append("]\n");
        }
        TrafficModel.ThinkTime th = m.thinkTime();
        y.append("thinkTime:          # gaps between page requests of a customer session (1 s log resolution)\n");
        y.append("  p50: ").append(d(th.p50())).append('\n');
        y.append("  p90: ").append(d(th.p90())).append('\n');
        y.append("  p99: ").append(d(th.p99())).append('\n');
        y.append("  mean: ").append(d(th.mean())).append('\n');
        y.append("  samples: ").append(th.samples()).append('\n');
        TrafficModel.Sessions s = m.sessions();
        y.append("sessions:           # customer sessions: cookie, else IP + user agent; closed after `timeout` idle\n");
        y.append("  count: ").append(s.count()).append('\n');
        y.append("  bots: ").append(s.bots()).append('\n');
        y.append("  timeout: ").append(d(s.timeout())).append('\n');
        y.append("  pagesMean: ").append(n(s.pagesMean())).append('\n');
        y.append("  pagesP50: ").append(s.pagesP50()).append('\n');
        y.append("  pagesP90: ").append(s.pagesP90()).append('\n');
        y.append("  durationP50: ").append(d(s.durationP50())).append('\n');
        y.append("  durationP90: ").append(d(s.durationP90())).append('\n');
        y.append("  reach:            # share of sessions that visited the class at least once (a funnel)\n");
        s.reach().forEach((k, v) -> y.append("    ").append(q(k)).append(": ").append(n(v)).append('\n'));
        y.append("windows:\n");
        y.append("  avoid:            # busiest hours of the week: no changes then\n");
        for (TrafficModel.HourLoad h : m.windows().avoid()) {
            y.append("    - {day: ").append(h.day()).append(", hour: ").append(h.hour()).append(", rps: ").append(n(h.rps()))
                    .append("}   # ").append(h.label()).append('\n');
        }
        y.append("  quiet:            # quietest windows of the week: schedule changes here\n");
        for (TrafficModel.Window w : m.windows().quiet()) {
            y.append("    - {day: ").append(w.day()).append(", hour: ").append(w.hour()).append(", hours: ").append(w.hours())
                    .append(", rps: ").append(n(w.rps())).append("}   # ").append(w.label()).append('\n');
        }
        return y.toString();
    }

    static String q(String s) {
        return s == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static String t(OffsetDateTime time) {
        return time == null ? "null" : TIME.format(time);
    }

    private static String d(Duration d) {
        return d == null ? "null" : Durations.format(d);
    }

    static String n(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }


}
