package dev.headroom.slo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.ConfigProblem;
import dev.headroom.config.Validation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads SLO specs into {@link Slo}s, validated at load: every problem of a file at once, each with
 * its file, line and field. A file holds one or more YAML documents, each one of:
 *
 * <ul>
 *   <li>a Sloth spec, {@code version: prometheus/v1} ({@link SlothSpec}): {@code service}, {@code
 *       labels}, {@code slos[]} with {@code name}, {@code objective}, {@code sli.events.{error_query,
 *       total_query}} or {@code sli.raw.error_ratio_query}, {@code alerting};
 *   <li>OpenSLO, {@code apiVersion: openslo/v1} ({@link OpenSloSpec}): {@code kind: SLO} and the
 *       {@code kind: SLI} documents they reference; other kinds (Service, AlertPolicy, ...) are skipped;
 *   <li>Headroom's form, {@code version: headroom/v1}: {@code service}, {@code labels}, {@code
 *       slos[]} of {@link HeadroomSlo}.
 * </ul>
 *
 * The period is 30 days unless a spec says otherwise (OpenSLO's {@code timeWindow}, the {@code
 * period} extension).
 */
public final class SloSpecs {
    /** Bucket boundaries of {@code headroom_journey_step_duration_seconds} (the monitor's histograms). */
    public static final List<Duration> STEP_BUCKETS = List.of(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    static final int DEFAULT_PERIOD_DAYS = 30;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ALERT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,4})([dw])");
    private static final List<String> OPENSLO_SKIPPED = List.of("Service", "AlertPolicy", "AlertCondition",
            "AlertNotificationTarget", "DataSource");

    private SloSpecs() {
    }

    /** The SLOs of one spec file, in file order. */
    public static List<Slo> read(Path file) {
        List<Object> docs = ConfigLoader.loadAll(file, SloSpecs::typeOf);
        return toSlos(file.toString(), docs);
    }

    /** The SLOs of YAML text; {@code sourceName} stands in for the file name in problems. */
    public static List<Slo> read(String sourceName, String yaml) {
        return toSlos(sourceName, ConfigLoader.loadAll(sourceName, yaml, SloSpecs::typeOf));
    }

    /**
     * The SLOs of a list of Headroom-form entries (a shop file's {@code slos:}, already validated
     * where they were loaded), for {@code service}, each rule also labelled with {@code labels}.
     */
    public static List<Slo> fromHeadroom(String service, Map<String, String> labels, List<HeadroomSlo> slos) {
        List<Slo> out = new ArrayList<>();
        for (HeadroomSlo h : slos) {
            out.add(fromHeadroom(service, labels, h, "headroom/v1"));
        }
        return out;
    }

    private static Class<?> typeOf(JsonNode root, Validation v) {
        if (!root.isObject()) {
            v.error("", "expected a mapping (a Sloth, OpenSLO or Headroom SLO spec)");
            return null;
        }
        if (root.has("apiVersion")) {
            String api = root.path("apiVersion").asText();
            if (!api.equals("openslo/v1")) {
                v.error("apiVersion", "unsupported apiVersion \"" + api + "\"; supported: openslo/v1 (or Sloth's "
                        + "version: prometheus/v1, Headroom's version: headroom/v1)");
                return null;
            }
            String kind = root.path("kind").asText();
            return switch (kind) {
                case "SLO" -> OpenSloSpec.SloDoc.class;
                case "SLI" -> OpenSloSpec.SliDoc.class;
                default -> {
                    if (OPENSLO_SKIPPED.contains(kind)) {
                        yield Skipped.class;
                    }
                    v.error("kind", "unsupported OpenSLO kind \"" + kind + "\"; supported: SLO, SLI (skipped: "
                            + String.join(", ", OPENSLO_SKIPPED) + ")");
                    yield null;
                }
            };
        }
        String version = root.path("version").asText("");
        return switch (version) {
            case "prometheus/v1" -> SlothSpec.class;
            case "headroom/v1" -> HeadroomFile.class;
            default -> {
                v.error(root.has("version") ? "version" : "", (root.has("version") ? "unsupported version \"" + version + "\""
                        : "not an SLO spec") + "; supported: version: prometheus/v1 (Sloth), apiVersion: openslo/v1, "
                        + "version: headroom/v1");
                yield null;
            }
        };
    }

    /** An OpenSLO document of a kind that makes no rules. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Skipped() {
    }

    /** A {@code version: headroom/v1} spec file. */
    record HeadroomFile(@com.fasterxml.jackson.annotation.JsonProperty(required = true) String version,
            @com.fasterxml.jackson.annotation.JsonProperty(required = true) String service, Map<String, String> labels,
            @com.fasterxml.jackson.annotation.JsonProperty(required = true) List<HeadroomSlo> slos)
            implements dev.headroom.config.Validatable {
        HeadroomFile {
            labels = labels == null ? Map.of() : labels;
            slos = slos == null ? List.of() : slos;
        }

        @Override
        public void validate(Validation v) {
            SloSpecs.name(v, "service", service);
            SloSpecs.labels(v, "labels", labels);
            v.require(!slos.isEmpty(), "slos", "must list at least one SLO");
            v.each("slos", slos);
        }
    }

    private static List<Slo> toSlos(String source, List<Object> docs) {
        Map<String, OpenSloSpec.SliDoc> indicators = new HashMap<>();
        for (Object d : docs) {
            if (d instanceof OpenSloSpec.SliDoc sli && sli.metadata() != null) {
                indicators.put(sli.metadata().name(), sli);
            }
        }
        List<Slo> out = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Object d : docs) {
            if (d instanceof SlothSpec s) {
                for (SlothSpec.SlothSlo slo : s.slos()) {
                    out.add(fromSloth(s, slo));
                }
            } else if (d instanceof HeadroomFile h) {
                for (HeadroomSlo slo : h.slos()) {
                    out.add(fromHeadroom(h.service(), h.labels(), slo, "headroom/v1"));
                }
            } else if (d instanceof OpenSloSpec.SloDoc o) {
                OpenSloSpec.SliDoc indicator = o.spec().indicator();
                if (indicator == null) {
                    indicator = indicators.get(o.spec().indicatorRef());
                    if (indicator == null) {
                        problems.add(new ConfigProblem(source, 0, 0, "spec.indicatorRef", "no kind: SLI document named \""
                                + o.spec().indicatorRef() + "\" in this file (SLO " + o.metadata().name() + ")"));
                        continue;
                    }
                }
                out.addAll(fromOpenSlo(o, indicator));
            }
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Slo slo : out) {
            if (seen.merge(slo.id(), 1, Integer::sum) == 2) {
                problems.add(new ConfigProblem(source, 0, 0, "", "two SLOs with the id \"" + slo.id() + "\" (service-name)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    private static Slo fromSloth(SlothSpec spec, SlothSpec.SlothSlo s) {
        Slo.Sli sli = s.sli().events() != null
                ? new Slo.Events(s.sli().events().errorQuery(), s.sli().events().totalQuery())
                : new Slo.Raw(s.sli().raw().errorRatioQuery(), null);
        SlothSpec.SlothAlerting a = s.alerting();
        Slo.Alerting alerting = new Slo.Alerting(a.name(), sorted(a.labels()), sorted(a.annotations()),
                a.pageAlert() == null ? null : a.pageAlert().toAlert(), a.ticketAlert() == null ? null : a.ticketAlert().toAlert());
        return new Slo(spec.service(), s.name(), s.description(), s.objective(), periodDays(s.period()),
                merged(spec.labels(), s.labels()), sli, alerting, minEvents(s.minEvents()), s.absentFor(), "prometheus/v1",
                s.testSeries() == null ? null : s.testSeries().toSeries());
    }

    private static List<Slo> fromOpenSlo(OpenSloSpec.SloDoc doc, OpenSloSpec.SliDoc indicator) {
        OpenSloSpec.SloBody spec = doc.spec();
        OpenSloSpec.RatioMetric ratio = indicator.spec().ratioMetric();
        String total = ratio.total().metricSource().spec().query();
        // Good events become errors as total - good, good counting as 0 where it has no series (every
        // request failing): Sloth's raw 1 - good/total would have no sample, so no alert, in a total outage.
        Slo.Sli sli = ratio.bad() != null
                ? new Slo.Events(ratio.bad().metricSource().spec().query(), total)
                : new Slo.Events("(" + total.strip() + ")\n-\n(\n  (" + ratio.good().metricSource().spec().query().strip()
                        + ")\n  or\n  0 * (" + total.strip() + ")\n)", total);
        int days = spec.timeWindow() == null || spec.timeWindow().isEmpty() ? DEFAULT_PERIOD_DAYS
                : days(spec.timeWindow().get(0).duration());
        List<Slo> out = new ArrayList<>();
        for (int i = 0; i < spec.objectives().size(); i++) {
            OpenSloSpec.Objective o = spec.objectives().get(i);
            String name = doc.metadata().name() + (spec.objectives().size() == 1 ? "" : "-" + i);
            Slo.Alerting alerting = spec.alerting() != null ? alerting(spec.alerting(), null)
                    : defaultAlerting(spec.service(), name, null);
            out.add(new Slo(spec.service(), name, spec.description(), o.percent(), days,
                    sorted(doc.metadata().labels()), sli, alerting, minEvents(spec.minEvents()), spec.absentFor(),
                    "openslo/v1", spec.testSeries() == null ? null : spec.testSeries().toSeries()));
        }
        return out;
    }

    private static Slo fromHeadroom(String service, Map<String, String> labels, HeadroomSlo h, String specName) {
        HeadroomSlo.Sli s = h.sli();
        Slo.Sli sli;
        Slo.TestSeries series;
        if (s.journey() != null || s.probe() != null) {
            String kind = s.journey() != null ? "journey" : "probe";
            String check = promString(s.journey() != null ? s.journey() : s.probe());
            String selector = "check=\"" + check + "\",kind=\"" + kind + "\"";
            sli = new Slo.Events("sum(rate(headroom_check_runs_total{" + selector + ",outcome=~\"failed|error\"}[{{.window}}]))",
                    "sum(rate(headroom_check_runs_total{" + selector + ",outcome=~\"passed|degraded|failed|error\"}[{{.window}}]))");
            String base = "headroom_check_runs_total{job=\"headroom-monitor\"," + selector + ",outcome=";
            series = new Slo.TestSeries(List.of(base + "\"passed\"}"), List.of(base + "\"failed\"}"));
        } else if (s.latency() != null) {
            HeadroomSlo.Latency l = s.latency();
            String selector = "journey=\"" + promString(l.journey()) + "\",step=\"" + promString(l.step()) + "\"";
            double seconds = l.under().toMillis() / 1000.0;
            String le = seconds == Math.rint(seconds) ? "le=~\"" + (long) seconds + "|" + (long) seconds + ".0\""
                    : "le=\"" + BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString() + "\"";
            String count = "sum(rate(headroom_journey_step_duration_seconds_count{" + selector + "}[{{.window}}]))";
            sli = new Slo.Events(count + "\n-\nsum(rate(headroom_journey_step_duration_seconds_bucket{" + selector + "," + le
                    + "}[{{.window}}]))", count);
            String m = "headroom_journey_step_duration_seconds";
            String tags = "{job=\"headroom-monitor\"," + selector;
            String leValue = seconds == Math.rint(seconds) ? (long) seconds + ".0"
                    : BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
            series = new Slo.TestSeries(
                    List.of(m + "_count" + tags + ",outcome=\"passed\"}", m + "_bucket" + tags + ",outcome=\"passed\",le=\"" + leValue + "\"}"),
                    List.of(m + "_count" + tags + ",outcome=\"failed\"}"));
        } else {
            sli = new Slo.Events(s.events().errorQuery(), s.events().totalQuery());
            series = null;
        }
        Slo.Alerting alerting = h.alerting() != null ? alerting(h.alerting(), h.runbook())
                : defaultAlerting(service, h.name(), h.runbook());
        return new Slo(service, h.name(), h.description(), h.objective(), periodDays(h.period()), merged(labels, h.labels()),
                sli, alerting, minEvents(h.minEvents()), h.absentFor(), specName, series);
    }

    private static Slo.Alerting alerting(HeadroomSlo.Alerting a, String runbook) {
        SortedMap<String, String> annotations = sorted(a.annotations());
        if (runbook != null) {
            annotations.put("runbook_url", runbook);
        }
        return new Slo.Alerting(a.name(), sorted(a.labels()), annotations, alert(a.pageAlert()), alert(a.ticketAlert()));
    }

    private static Slo.Alert alert(HeadroomSlo.Alert a) {
        return a == null ? null : new Slo.Alert(a.disable(), sorted(a.labels()), sorted(a.annotations()));
    }

    private static Slo.Alerting defaultAlerting(String service, String name, String runbook) {
        SortedMap<String, String> annotations = new TreeMap<>();
        if (runbook != null) {
            annotations.put("runbook_url", runbook);
        }
        return new Slo.Alerting(camel(service) + camel(name) + "ErrorBudgetBurn", null, annotations, null, null);
    }

    static String camel(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static String promString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static long minEvents(Long value) {
        return value == null ? Slo.DEFAULT_MIN_EVENTS : value;
    }

    private static int periodDays(Duration period) {
        return period == null ? DEFAULT_PERIOD_DAYS : (int) period.toDays();
    }

    static SortedMap<String, String> sorted(Map<String, String> m) {
        return m == null ? new TreeMap<>() : new TreeMap<>(m);
    }

    private static SortedMap<String, String> merged(Map<String, String> a, Map<String, String> b) {
        SortedMap<String, String> m = sorted(a);
        if (b != null) {
            m.putAll(b);
        }
        return m;
    }

    /** Days of an OpenSLO duration ({@code 28d}, {@code 4w}); 0 when it is not one. */
    static int days(String duration) {
        if (duration == null) {
            return 0;
        }
        var m = DAYS.matcher(duration.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return 0;
        }
        int n = Integer.parseInt(m.group(1)) * (m.group(2).equals("w") ? 7 : 1);
        return n >= 7 && n <= 366 ? n : 0;
    }

    // The rules every spec form shares.

    static void name(Validation v, String path, String value) {
        if (value != null) {
            v.require(NAME.matcher(value).matches(), path, "must be letters, digits, '-', '_' or '.', got \"" + value + "\"");
        }
    }

    static void alertName(Validation v, String path, String value) {
        if (value != null) {
            v.require(ALERT_NAME.matcher(value).matches(), path,
                    "must be a Prometheus alert name (letters, digits, '_'), got \"" + value + "\"");
        }
    }

    static void objective(Validation v, String path, BigDecimal value) {
        if (value != null) {
            v.require(value.signum() > 0 && value.compareTo(BigDecimal.valueOf(100)) < 0, path,
                    "must be a percentage between 0 and 100 (exclusive), got " + value.toPlainString());
        }
    }

    static void labels(Validation v, String path, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        for (String k : labels.keySet()) {
            if (!LABEL.matcher(k).matches()) {
                v.error(path, "label name \"" + k + "\" is not a Prometheus label name");
            } else if (k.startsWith("sloth_") || k.startsWith("__")) {
                v.error(path, "label \"" + k + "\" is reserved (the generator sets sloth_* labels)");
            }
        }
    }

    static void query(Validation v, String path, String query) {
        if (query != null) {
            v.require(!query.isBlank(), path, "must not be empty");
            v.require(query.isBlank() || query.contains("{{.window}}") || query.contains("{{ .window }}"), path,
                    "must contain {{.window}} where the range of its rate() goes, e.g. rate(x[{{.window}}])");
        }
    }

    static void guards(Validation v, Long minEvents, Duration absentFor, Duration period) {
        v.require(minEvents == null || minEvents >= 0, "minEvents", "must be 0 or more");
        v.require(absentFor == null || absentFor.toMinutes() >= 1 && absentFor.toSeconds() % 60 == 0, "absentFor",
                "must be whole minutes, at least 1m");
        v.require(period == null || period.toDays() >= 7 && period.toDays() <= 366 && period.equals(Duration.ofDays(period.toDays())),
                "period", "must be whole days between 7d and 366d");
    }
}
