package dev.headroom.model;

import dev.headroom.config.Durations;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link TrafficModel} for people: the terminal summary and a Markdown page. */
public final class ModelSummary {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    private ModelSummary() {
    }

    /** The terminal summary: peak, windows, mix, journeys, think time. */
    public static String text(TrafficModel m, List<String> badExamples) {
        StringBuilder s = new StringBuilder();
        TrafficModel.Requests r = m.requests();
        s.append(String.format(Locale.ROOT, "Traffic model: %,d requests from %s to %s (zone %s), %,d bad lines%n", r.total(),
                DAY.format(m.timeRange().start()), DAY.format(m.timeRange().end()), m.timeRange().zone(), r.badLines()));
        for (String e : badExamples) {
            s.append("  bad line: ").append(e).append('\n');
        }
        for (String note : m.notes()) {
            s.append("  warning: ").append(note).append('\n');
        }
        TrafficModel.Peak p = m.peak();
        s.append(String.format(Locale.ROOT, "%nPeak (busiest minute): %s, %s rps sustained (%,d requests), burst %s rps at %s%n",
                MINUTE.format(p.minuteStart()), ModelYaml.n(p.sustainedRps()), p.requests(), ModelYaml.n(p.burstRps()),
                SECOND.format(p.burstSecond())));
        s.append(String.format(Locale.ROOT, "  pages %s rps, %s new sessions/s; mean %s rps, p99 of seconds %s rps; 5x peak = %s rps, 10x = %s rps%n",
                ModelYaml.n(p.pageRps()), ModelYaml.n(p.sessionStartsPerSecond()), ModelYaml.n(m.rates().meanRps()),
                ModelYaml.n(m.rates().p99Rps()), ModelYaml.n(TrafficAnalyzer.round(p.sustainedRps() * 5, 1)),
                ModelYaml.n(TrafficAnalyzer.round(p.sustainedRps() * 10, 1))));
        s.append("\nPeak hours, avoid changes then:\n");
        for (TrafficModel.HourLoad h : m.windows().avoid()) {
            s.append(String.format(Locale.ROOT, "  %-22s %8s rps%n", h.label(), ModelYaml.n(h.rps())));
        }
        s.append("Quietest windows, schedule changes in:\n");
        for (TrafficModel.Window w : m.windows().quiet()) {
            s.append(String.format(Locale.ROOT, "  %-22s %8s rps%n", w.label(), ModelYaml.n(w.rps())));
        }
        s.append(String.format(Locale.ROOT, "%nRequest mix (customer pages; static assets are %s of all requests):%n",
                percent(m.staticShare())));
        m.mix().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> s.append(String.format(Locale.ROOT, "  %-10s %6s%n", e.getKey(), percent(e.getValue()))));
        s.append(String.format(Locale.ROOT, "Top journeys (of %,d customer sessions, %,d bot sessions):%n",
                m.sessions().count(), m.sessions().bots()));
        for (TrafficModel.Journey j : m.journeys()) {
            s.append(String.format(Locale.ROOT, "  %6s  %s%n", percent(j.share()), j.shape()));
        }
        TrafficModel.ThinkTime t = m.thinkTime();
        TrafficModel.Sessions ss = m.sessions();
        s.append(String.format(Locale.ROOT, "Think time p50 %s, p90 %s, p99 %s; sessions %s pages on average (p90 %d), lasting %s (p90 %s)%n",
                Durations.format(t.p50()), Durations.format(t.p90()), Durations.format(t.p99()), ModelYaml.n(ss.pagesMean()),
                ss.pagesP90(), Durations.format(ss.durationP50()), Durations.format(ss.durationP90())));
        return s.toString();
    }

    /** A Markdown page: peak, windows, heatmap, mix, journeys. */
    public static String markdown(TrafficModel m) {
        StringBuilder s = new StringBuilder("# Traffic model\n\n");
        TrafficModel.Peak p = m.peak();
        s.append(String.format(Locale.ROOT, "%,d requests from %s to %s (zone %s); %,d bad lines.%n%n", m.requests().total(),
                DAY.format(m.timeRange().start()), DAY.format(m.timeRange().end()), m.timeRange().zone(), m.requests().badLines()));
        if (!m.notes().isEmpty()) {
            s.append("**Warnings**\n\n");
            m.notes().forEach(note -> s.append("- ").append(note).append('\n'));
            s.append('\n');
        }
        s.append("## Peak\n\n| figure | value |\n| --- | --- |\n");
        s.append("| busiest minute | ").append(MINUTE.format(p.minuteStart())).append(" |\n");
        s.append("| sustained rps (requests / 60) | ").append(ModelYaml.n(p.sustainedRps())).append(" |\n");
        s.append("| burst rps (busiest second) | ").append(ModelYaml.n(p.burstRps())).append(" at ").append(SECOND.format(p.burstSecond())).append(" |\n");
        s.append("| page rps in the peak minute | ").append(ModelYaml.n(p.pageRps())).append(" |\n");
        s.append("| new sessions/s in the peak minute | ").append(ModelYaml.n(p.sessionStartsPerSecond())).append(" |\n");
        s.append("| mean rps | ").append(ModelYaml.n(m.rates().meanRps())).append(" |\n");
        s.append("| p99 of per-second rates | ").append(ModelYaml.n(m.rates().p99Rps())).append(" |\n\n");
        s.append("## Change windows\n\nAvoid (busiest hours):\n\n");
        m.windows().avoid().forEach(h -> s.append("- ").append(h.label()).append(": ").append(ModelYaml.n(h.rps())).append(" rps\n"));
        s.append("\nSchedule changes in (quietest windows):\n\n");
        m.windows().quiet().forEach(w -> s.append("- ").append(w.label()).append(": ").append(ModelYaml.n(w.rps())).append(" rps\n"));
        s.append("\n## Heatmap (average rps, zone ").append(m.timeRange().zone()).append(")\n\n| day |");
        for (int h = 0; h < 24; h++) {
            s.append(String.format(" %02d |", h));
        }
        s.append("\n| --- |").append(" ---: |".repeat(24)).append('\n');
        m.heatmap().forEach((day, hours) -> {
            s.append("| ").append(day).append(" |");
            hours.forEach(v -> s.append(' ').append(v == null ? "" : ModelYaml.n(TrafficAnalyzer.round(v, 1))).append(" |"));
            s.append('\n');
        });
        s.append("\n## Mix (customer page requests)\n\n| class | share |\n| --- | ---: |\n");
        m.mix().forEach((k, v) -> s.append("| ").append(k).append(" | ").append(percent(v)).append(" |\n"));
        s.append("\nStatic assets: ").append(percent(m.staticShare())).append(" of all requests.\n");
        s.append("\n## Top journeys\n\n| share | sessions | journey |\n| ---: | ---: | --- |\n");
        m.journeys().forEach(j -> s.append("| ").append(percent(j.share())).append(" | ").append(j.sessions()).append(" | `")
                .append(j.shape()).append("` |\n"));
        TrafficModel.ThinkTime t = m.thinkTime();
        s.append("\nThink time: p50 ").append(Durations.format(t.p50())).append(", p90 ").append(Durations.format(t.p90()))
                .append(", p99 ").append(Durations.format(t.p99())).append(".\n");
        return s.toString();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
