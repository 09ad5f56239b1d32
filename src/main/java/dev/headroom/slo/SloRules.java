package dev.headroom.slo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prometheus rules for SLOs, in Sloth's series and label names so that Sloth's Grafana dashboards
 * work unchanged, plus three guards Sloth does not have.
 *
 * <p>Per SLO, three groups, as Sloth names them:
 *
 * <ul>
 *   <li>{@code sloth-slo-sli-recordings-<id>}: {@code slo:sli_error:ratio_rate<w>} for 5m, 30m, 1h,
 *       2h, 6h, 1d, 3d and the period (30d as Sloth computes it, from the 5m ratio), labels {@code
 *       sloth_id}, {@code sloth_service}, {@code sloth_slo}, {@code sloth_window} and the spec's;
 *       and, when the SLI's total query is known, {@code slo:sli_events:count<w>} for the alerts'
 *       long windows (1h, 6h, 1d, 3d): how many events the window holds;
 *   <li>{@code sloth-slo-meta-recordings-<id>}: {@code slo:objective:ratio}, {@code
 *       slo:error_budget:ratio}, {@code slo:time_period:days}, {@code slo:current_burn_rate:ratio},
 *       {@code slo:period_burn_rate:ratio}, {@code slo:period_error_budget_remaining:ratio}, {@code
 *       sloth_slo_info};
 *   <li>{@code sloth-slo-alerts-<id>}: the page (14.4x the budget's rate over 1h and 5m, or 6x over
 *       6h and 30m, for a 30-day period) and the ticket (3x over 1d and 2h, or 1x over 3d and 6h),
 *       multi-window as in Google's SRE workbook and Sloth; and {@code <name>SLIAbsent}.
 * </ul>
 *
 * The guards:
 *
 * <ul>
 *   <li><b>No traffic is not a breach and yields no NaN.</b> An events ratio is {@code errors /
 *       (total > 0)}: a window without events has <em>no</em> SLI sample (rather than Sloth's 0/0 =
 *       NaN, which {@code sum_over_time} carries into the 30-day ratio for 30 days, or a 0 that would
 *       count idle nights as perfect ones). Alerts, burn rates and the period ratio simply skip those
 *       windows. Errors that have no series yet (no 5xx since the start) count as 0 ({@code or 0 *
 *       total}), not as a missing SLI. A raw ratio is kept only where it is a number ({@code >= 0}).
 *   <li><b>A minimum of events before an alert.</b> Each window pair also needs {@link
 *       Slo#minEvents()} events in its long window: one failed run of a probe that runs six times an
 *       hour is 17% errors, and pages nobody. A real outage at low traffic still pages once the 6h
 *       window holds enough events.
 *   <li><b>An alert when the SLI's metric is absent</b> ({@code absent()} of the total query over 5m,
 *       for {@link Slo#absentFor()}): a renamed metric or a broken scrape must not look like a
 *       healthy SLO. No traffic is not absence: a counter that stays flat has a rate of 0.
 * </ul>
 */
public final class SloRules {
    /** The windows of Sloth's alerts (Google's), shortest first. */
    static final List<Duration> ALERT_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));

    /** One window pair of the multi-window alerts: the share of the period's budget it spends. */
    record Pair(Duration shortWindow, Duration longWindow, BigDecimal budgetPercent) {
        BigDecimal factor(int periodDays) {
            BigDecimal hours = BigDecimal.valueOf(periodDays * 24L);
            BigDecimal longHours = BigDecimal.valueOf(longWindow.toMinutes()).divide(BigDecimal.valueOf(60), MathContext.DECIMAL64);
            return budgetPercent.movePointLeft(2).multiply(hours).divide(longHours, new MathContext(6)).stripTrailingZeros();
        }
    }

    static final Pair PAGE_QUICK = new Pair(Duration.ofMinutes(5), Duration.ofHours(1), BigDecimal.valueOf(2));
    static final Pair PAGE_SLOW = new Pair(Duration.ofMinutes(30), Duration.ofHours(6), BigDecimal.valueOf(5));
    static final Pair TICKET_QUICK = new Pair(Duration.ofHours(2), Duration.ofDays(1), BigDecimal.valueOf(10));
    static final Pair TICKET_SLOW = new Pair(Duration.ofHours(6), Duration.ofDays(3), BigDecimal.valueOf(10));

    /** Sloth's label and series names. */
    static final String ERROR_RATIO = "slo:sli_error:ratio_rate";
    static final String EVENTS = "slo:sli_events:count";
    static final String WINDOW = "sloth_window";

    private SloRules() {
    }

    /**
     * The rule file for {@code slos}; {@code header} lines are written first as comments (the
     * command to regenerate it, say).
     */
    public static String render(List<Slo> slos, List<String> header) {
        Yaml y = new Yaml();
        header.forEach(h -> y.line(h.isEmpty() ? "#" : "# " + h));
        y.line("");
        y.line("groups:");
        for (Slo slo : slos) {
            sliGroup(y, slo);
            metaGroup(y, slo);
            alertGroup(y, slo);
        }
        return y.toString();
    }

    private static void sliGroup(Yaml y, Slo slo) {
        y.line("- name: sloth-slo-sli-recordings-" + slo.id());
        y.line("  rules:");
        for (Duration w : ALERT_WINDOWS) {
            rule(y, ERROR_RATIO + prom(w), errorRatio(slo.sli(), w), windowLabels(slo, w));
        }
        Duration period = Duration.ofDays(slo.periodDays());
        String shortMetric = ERROR_RATIO + prom(ALERT_WINDOWS.get(0)) + filter(slo);
        rule(y, ERROR_RATIO + prom(period), """
                sum_over_time(%s[%s])
                / ignoring (%s)
                count_over_time(%s[%s])
                """.formatted(shortMetric, prom(period), WINDOW, shortMetric, prom(period)), windowLabels(slo, period));
        if (guardsEvents(slo)) {
            for (Duration w : List.of(PAGE_QUICK.longWindow(), PAGE_SLOW.longWindow(), TICKET_QUICK.longWindow(),
                    TICKET_SLOW.longWindow())) {
                rule(y, EVENTS + prom(w), "(" + window(slo.sli().totalQuery(), w) + ") * " + w.toSeconds(), windowLabels(slo, w));
            }
        }
    }

    private static void metaGroup(Yaml y, Slo slo) {
        y.line("- name: sloth-slo-meta-recordings-" + slo.id());
        y.line("  rules:");
        SortedMap<String, String> labels = baseLabels(slo);
        String f = filter(slo);
        String objective = slo.objectiveRatio().toPlainString();
        rule(y, "slo:objective:ratio", "vector(" + objective + ")", labels);
        rule(y, "slo:error_budget:ratio", "vector(1-" + objective + ")", labels);
        rule(y, "slo:time_period:days", "vector(" + slo.periodDays() + ")", labels);
        String burn = """
                %s%s
                / on(sloth_id, sloth_slo, sloth_service) group_left
                slo:error_budget:ratio%s
                """;
        rule(y, "slo:current_burn_rate:ratio", burn.formatted(ERROR_RATIO + prom(ALERT_WINDOWS.get(0)), f, f), labels);
        rule(y, "slo:period_burn_rate:ratio", burn.formatted(ERROR_RATIO + prom(Duration.ofDays(slo.periodDays())), f, f), labels);
        rule(y, "slo:period_error_budget_remaining:ratio", "1 - slo:period_burn_rate:ratio" + f, labels);
        SortedMap<String, String> info = new TreeMap<>(labels);
        info.put("sloth_mode", "cli-gen-prom");
        info.put("sloth_objective", slo.objective().stripTrailingZeros().toPlainString());
        info.put("sloth_spec", slo.spec());
        info.put("sloth_version", "headroom");
        rule(y, "sloth_slo_info", "vector(1)", info);
    }

    private static void alertGroup(Yaml y, Slo slo) {
        y.line("- name: sloth-slo-alerts-" + slo.id());
        y.line("  rules:");
        Slo.Alerting a = slo.alerting();
        if (!a.page().disable()) {
            alert(y, slo, "page", a.page(), PAGE_QUICK, PAGE_SLOW);
        }
        if (!a.ticket().disable()) {
            alert(y, slo, "ticket", a.ticket(), TICKET_QUICK, TICKET_SLOW);
        }
        if (slo.sli().totalQuery() != null) {
            absentAlert(y, slo);
        }
    }

    private static void alert(Yaml y, Slo slo, String severity, Slo.Alert meta, Pair quick, Pair slow) {
        y.line("  - alert: " + Yaml.quote(slo.alerting().name()));
        y.block("    ", "expr", "(\n" + pair(slo, quick) + ")\nor\n(\n" + pair(slo, slow) + ")");
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("sloth_severity", severity);
        if (!slo.alerting().labels().containsKey("severity") && !meta.labels().containsKey("severity")) {
            labels.put("severity", severity); // Headroom's routing (dashboards/alertmanager) keys on it
        }
        labels.putAll(slo.alerting().labels());
        labels.putAll(meta.labels());
        y.map("    ", "labels", labels);
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put("title", "(" + severity + ") {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.");
        annotations.put("summary", "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.");
        annotations.putAll(slo.alerting().annotations());
        annotations.putAll(meta.annotations());
        y.map("    ", "annotations", annotations);
    }

    private static String pair(Slo slo, Pair p) {
        String f = filter(slo);
        String threshold = "(" + p.factor(slo.periodDays()).toPlainString() + " * " + slo.errorBudget().toPlainString() + ")";
        StringBuilder sb = new StringBuilder();
        sb.append("    max(").append(ERROR_RATIO).append(prom(p.shortWindow())).append(f).append(" > ").append(threshold)
                .append(") without (").append(WINDOW).append(")\n");
        sb.append("    and\n");
        sb.append("    max(").append(ERROR_RATIO).append(prom(p.longWindow())).append(f).append(" > ").append(threshold)
                .append(") without (").append(WINDOW).append(")\n");
        if (guardsEvents(slo)) {
            sb.append("    and\n");
            sb.append("    max(").append(EVENTS).append(prom(p.longWindow())).append(f).append(" >= ").append(slo.minEvents())
                    .append(") without (").append(WINDOW).append(")\n");
        }
        return sb.toString();
    }

    private static void absentAlert(Yaml y, Slo slo) {
        y.line("  - alert: " + Yaml.quote(absentAlertName(slo)));
        y.block("    ", "expr", "absent(" + window(slo.sli().totalQuery(), ALERT_WINDOWS.get(0)) + ")");
        y.line("    for: " + prom(slo.absentFor()));
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("severity", "ticket");
        labels.putAll(slo.alerting().labels());
        labels.putAll(slo.alerting().ticket().labels());
        labels.putAll(idLabels(slo)); // absent() has no labels of its own
        labels.put("sloth_severity", "ticket");
        y.map("    ", "labels", labels);
        SortedMap<String, String> annotations = new TreeMap<>();
        // absent() has no labels for a template to read: the names are written out.
        annotations.put("title", "(ticket) " + slo.service() + " " + slo.name() + " SLO has no SLI data.");
        annotations.put("summary", slo.service() + " " + slo.name() + ": the SLI's metric is absent for "
                + prom(slo.absentFor()) + "; the SLO is blind (renamed metric, broken scrape or exporter down).");
        for (Map<String, String> source : List.of(slo.alerting().annotations(), slo.alerting().ticket().annotations())) {
            if (source.containsKey("runbook_url")) {
                annotations.put("runbook_url", source.get("runbook_url"));
            }
        }
        y.map("    ", "annotations", annotations);
    }

    /** The name of the SLO's absent-metric alert. */
    public static String absentAlertName(Slo slo) {
        return slo.alerting().name() + "SLIAbsent";
    }

    /** Whether the alerts need a minimum of events (the total query is known and a minimum set). */
    static boolean guardsEvents(Slo slo) {
        return slo.sli().totalQuery() != null && slo.minEvents() > 0;
    }

    static String errorRatio(Slo.Sli sli, Duration w) {
        if (sli instanceof Slo.Events e) {
            return """
                    (
                      (%s)
                      or
                      0 * (%s)
                    )
                    /
                    (
                      (%s) > 0
                    )
                    """.formatted(indentTail(window(e.errorQuery(), w).strip(), "  "), indentTail(window(e.totalQuery(), w).strip(), "  "),
                    indentTail(window(e.totalQuery(), w).strip(), "  "));
        }
        Slo.Raw r = (Slo.Raw) sli;
        return """
                    (
                      %s
                    ) >= 0
                    """.formatted(indentTail(window(r.errorRatioQuery(), w).strip(), "  "));
    }

    private static String indentTail(String text, String indent) {
        return text.replace("\n", "\n" + indent);
    }

    private static void rule(Yaml y, String record, String expr, Map<String, String> labels) {
        y.line("  - record: " + record);
        y.block("    ", "expr", expr);
        y.map("    ", "labels", labels);
    }

    static SortedMap<String, String> idLabels(Slo slo) {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("sloth_id", slo.id());
        m.put("sloth_service", slo.service());
        m.put("sloth_slo", slo.name());
        return m;
    }

    private static SortedMap<String, String> baseLabels(Slo slo) {
        SortedMap<String, String> m = new TreeMap<>(slo.labels());
        m.putAll(idLabels(slo));
        return m;
    }

    private static SortedMap<String, String> windowLabels(Slo slo, Duration w) {
        SortedMap<String, String> m = baseLabels(slo);
        m.put(WINDOW, prom(w));
        return m;
    }

    /** Sloth's selector of one SLO's series: {@code {sloth_id="a", sloth_service="b", sloth_slo="c"}}. */
    static String filter(Slo slo) {
        return idLabels(slo).entrySet().stream().map(e -> e.getKey() + "=\"" + promString(e.getValue()) + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String promString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String window(String query, Duration w) {
        return query.replace("{{.window}}", prom(w)).replace("{{ .window }}", prom(w));
    }

    /** A duration as Prometheus writes it ({@code model.Duration.String}): 5m, 1h, 1d, 4w, 30d. */
    static String prom(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long[] units = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            boolean exact = i < 2;
            if (exact && ms % units[i] != 0) {
                continue;
            }
            long v = ms / units[i];
            if (v > 0) {
                sb.append(v).append(names[i]);
                ms -= v * units[i];
            }
        }
        return sb.toString();
    }
}
