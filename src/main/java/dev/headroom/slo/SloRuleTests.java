package dev.headroom.slo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code promtool test rules} cases for the rules of {@link SloRules}, one set per SLO whose input
 * series are known ({@link Slo#testSeries()}): a fast burn pages and the page resolves after
 * recovery; a single failure at low traffic pages nobody; no traffic raises nothing, records no SLI
 * sample and leaves the period ratio a number; an absent metric alerts after {@link
 * Slo#absentFor()}. The cases read Prometheus's {@code ALERTS} series (counted by alert name and
 * {@code sloth_severity}), so they hold whatever labels the SLO's queries keep.
 */
public final class SloRuleTests {
    /** Events a minute in the busy cases. */
    private static final int TRAFFIC = 100;

    private SloRuleTests() {
    }

    /** Whether {@link #render} writes any case for these SLOs. */
    public static boolean any(List<Slo> slos) {
        return slos.stream().anyMatch(s -> s.testSeries() != null);
    }

    /** The test file for the rule file {@code ruleFile} (a name in the same directory). */
    public static String render(String ruleFile, List<Slo> slos, List<String> header) {
        Yaml y = new Yaml();
        header.forEach(h -> y.line(h.isEmpty() ? "#" : "# " + h));
        y.line("");
        y.line("rule_files:");
        y.line("  - " + Yaml.quote(ruleFile));
        y.line("evaluation_interval: 1m");
        y.line("");
        y.line("tests:");
        for (Slo slo : slos) {
            if (slo.testSeries() != null) {
                cases(y, slo);
            }
        }
        return y.toString();
    }

    private static void cases(Yaml y, Slo slo) {
        Slo.TestSeries s = slo.testSeries();
        String id = SloRules.promString(slo.id());
        String firing = "ALERTS{alertstate=\"firing\", sloth_id=\"" + id + "\"";
        String pages = "count by (alertname, sloth_severity) (" + firing + ", sloth_severity=\"page\"})";
        String all = "count by (alertname, sloth_severity) (" + firing + "})";
        String name = slo.alerting().name();
        BigDecimal budget = slo.errorBudget();
        int bad = Math.max(1, Math.min(TRAFFIC, budget.multiply(BigDecimal.valueOf(20L * TRAFFIC)).intValue()));
        int good = TRAFFIC - bad;
        boolean canPage = !slo.alerting().page().disable()
                && SloRules.PAGE_QUICK.factor(slo.periodDays()).multiply(budget).multiply(BigDecimal.valueOf(TRAFFIC))
                        .compareTo(BigDecimal.valueOf(bad)) < 0;
        String pageLabels = "'{alertname=\"" + SloRules.promString(name) + "\", sloth_severity=\"page\"}'";

        if (canPage) {
            start(y, slo, "a fast burn (" + bad + "% of events bad) pages at once");
            series(y, s.good(), "0+" + good + "x70");
            series(y, s.bad(), "0+" + bad + "x70");
            y.line("    promql_expr_test:");
            expect(y, pages, "10m", List.of(pageLabels));
            expect(y, "count(abs(slo:sli_error:ratio_rate5m{sloth_id=\"" + id + "\"} - "
                    + BigDecimal.valueOf(bad).movePointLeft(2).toPlainString() + ") < 1e-9)", "30m", List.of("'{}'", "value: 1"));

            start(y, slo, "the page resolves once the errors stop (the 30m window clears in half an hour)");
            series(y, s.good(), "0+" + good + "x20 " + 20 * good + "+" + TRAFFIC + "x60");
            series(y, s.bad(), "0+" + bad + "x20 " + 20 * bad + "+0x60");
            y.line("    promql_expr_test:");
            expect(y, pages, "15m", List.of(pageLabels));
            expect(y, pages, "55m", List.of());
        }

        if (!slo.alerting().page().disable() && SloRules.guardsEvents(slo) && slo.minEvents() > 6) {
            // One run every ten minutes, the fourth one failing: 25% errors over the hour, 1 in 4 events.
            start(y, slo, "a single failure at low traffic (6 events an hour) pages nobody");
            StringBuilder g = new StringBuilder();
            StringBuilder b = new StringBuilder();
            int goods = 0;
            int bads = 0;
            for (int minute = 0; minute <= 120; minute++) {
                if (minute % 10 == 5) {
                    if (minute == 35) {
                        bads++;
                    } else {
                        goods++;
                    }
                }
                g.append(minute == 0 ? "" : " ").append(goods);
                b.append(minute == 0 ? "" : " ").append(bads);
            }
            series(y, s.good(), g.toString());
            series(y, s.bad(), b.toString());
            y.line("    promql_expr_test:");
            expect(y, "count(slo:sli_error:ratio_rate1h{sloth_id=\"" + id + "\"} > 0)", "40m", List.of("'{}'", "value: 1"));
            for (String t : List.of("40m", "60m", "120m")) {
                expect(y, pages, t, List.of());
            }
        }

        start(y, slo, "no traffic is no breach: no alert, no SLI sample, no NaN");
        series(y, s.good(), "0x240");
        series(y, s.bad(), "0x240");
        y.line("    promql_expr_test:");
        expect(y, all, "4h", List.of());
        expect(y, "slo:sli_error:ratio_rate5m{sloth_id=\"" + id + "\"}", "4h", List.of());
        expect(y, "slo:sli_error:ratio_rate30d{sloth_id=\"" + id + "\"}".replace("30d", SloRules.prom(Duration.ofDays(slo.periodDays()))),
                "4h", List.of());

        start(y, slo, "idle hours after traffic leave the period's error ratio a number (1%), not NaN");
        series(y, s.good(), "0+99x60 5940+0x180");
        series(y, s.bad(), "0+1x60 60+0x180");
        y.line("    promql_expr_test:");
        String period = "slo:sli_error:ratio_rate" + SloRules.prom(Duration.ofDays(slo.periodDays())) + "{sloth_id=\"" + id + "\"}";
        expect(y, "count(abs(" + period + " - 0.01) < 0.0001)", "4h", List.of("'{}'", "value: 1"));

        if (slo.sli().totalQuery() != null) {
            String absent = SloRules.promString(SloRules.absentAlertName(slo));
            long minutes = slo.absentFor().toMinutes();
            start(y, slo, "a missing SLI metric alerts after " + SloRules.prom(slo.absentFor()));
            y.line("      - series: 'up{job=\"unrelated\"}'");
            y.line("        values: '1x" + (minutes + 10) + "'");
            y.line("    promql_expr_test:");
            expect(y, all, SloRules.prom(Duration.ofMinutes(Math.max(1, minutes / 2))), List.of());
            expect(y, all, SloRules.prom(Duration.ofMinutes(minutes + 2)),
                    List.of("'{alertname=\"" + absent + "\", sloth_severity=\"ticket\"}'"));
        }
    }

    private static void start(Yaml y, Slo slo, String what) {
        y.line("  - name: " + Yaml.quote(slo.id() + ": " + what));
        y.line("    interval: 1m");
        y.line("    input_series:");
    }

    private static void series(Yaml y, List<String> names, String values) {
        for (String n : names) {
            y.line("      - series: " + singleQuoted(n));
            y.line("        values: '" + values + "'");
        }
    }

    /** One {@code promql_expr_test}; each sample is its labels then, optionally, a value line (default 1). */
    private static void expect(Yaml y, String expr, String at, List<String> sample) {
        y.line("      - expr: " + singleQuoted(expr));
        y.line("        eval_time: " + at);
        if (sample.isEmpty()) {
            y.line("        exp_samples: []");
            return;
        }
        y.line("        exp_samples:");
        y.line("          - labels: " + sample.get(0));
        y.line("            " + (sample.size() > 1 ? sample.get(1) : "value: 1"));
    }

    private static String singleQuoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().collect(Collectors.toList()));
    }
}
