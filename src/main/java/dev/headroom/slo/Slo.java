package dev.headroom.slo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One service level objective, whatever spec it was written in (Sloth {@code prometheus/v1},
 * OpenSLO {@code openslo/v1}, Headroom's own form): what {@link SloRules} turns into Prometheus
 * rules. Built by {@link SloSpecs}, which validates; the constructor only checks what would make the
 * rules wrong.
 *
 * @param service the service, {@code sloth_service}
 * @param name the SLO's name within the service, {@code sloth_slo}
 * @param description free text, may be empty
 * @param objective the percentage of good events, in (0, 100): {@code 99.9}
 * @param periodDays the SLO period in days (Sloth's default 30)
 * @param labels added to every rule (the spec's service-wide labels, then the SLO's)
 * @param sli how to compute the error ratio
 * @param alerting names, labels and annotations of the alerts
 * @param minEvents events the long window of an alert must hold before it fires (0: no minimum)
 * @param absentFor how long the SLI's total query must return nothing before the absent alert fires
 * @param spec the spec the SLO came from ({@code sloth_spec}: {@code prometheus/v1}, ...)
 * @param testSeries series promtool tests feed, or null when they are not known
 */
public record Slo(String service, String name, String description, BigDecimal objective, int periodDays,
        SortedMap<String, String> labels, Sli sli, Alerting alerting, long minEvents, Duration absentFor, String spec,
        TestSeries testSeries) {

    /** Events a page or ticket needs over its long window unless the spec says otherwise. */
    public static final long DEFAULT_MIN_EVENTS = 10;
    /** How long the SLI's metric may be absent before its alert, unless the spec says otherwise. */
    public static final Duration DEFAULT_ABSENT_FOR = Duration.ofMinutes(10);

    public Slo {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        Objects.requireNonNull(objective, "objective");
        if (objective.signum() <= 0 || objective.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new IllegalArgumentException("objective must be between 0 and 100 (exclusive): " + objective);
        }
        if (periodDays <= 0) {
            throw new IllegalArgumentException("periodDays must be positive");
        }
        labels = new TreeMap<>(labels == null ? Map.of() : labels);
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(alerting, "alerting");
        absentFor = Objects.requireNonNullElse(absentFor, DEFAULT_ABSENT_FOR);
        Objects.requireNonNull(spec, "spec");
    }

    /** Sloth's id: {@code <service>-<name>}, the {@code sloth_id} label and the rule groups' suffix. */
    public String id() {
        return service + "-" + name;
    }

    /** The error budget as a ratio: {@code 0.001} for 99.9%. */
    public BigDecimal errorBudget() {
        return BigDecimal.valueOf(100).subtract(objective).movePointLeft(2).stripTrailingZeros();
    }

    /** The objective as a ratio: {@code 0.999} for 99.9%. */
    public BigDecimal objectiveRatio() {
        return objective.movePointLeft(2).stripTrailingZeros();
    }

    /** How an SLI's error ratio is computed; queries hold {@code {{.window}}} where the range goes. */
    public sealed interface Sli permits Events, Raw {
        /** The query of all events (a per-second rate), or null when the spec does not say. */
        String totalQuery();
    }

    /** Bad events over all events, both per-second rates over {@code {{.window}}}. */
    public record Events(String errorQuery, String totalQuery) implements Sli {
        public Events {
            Objects.requireNonNull(errorQuery, "errorQuery");
            Objects.requireNonNull(totalQuery, "totalQuery");
        }
    }

    /**
     * A query that is already the error ratio; {@code totalQuery} (may be null) is the events it is
     * a ratio of, for the minimum-events and absent guards.
     */
    public record Raw(String errorRatioQuery, String totalQuery) implements Sli {
        public Raw {
            Objects.requireNonNull(errorRatioQuery, "errorRatioQuery");
        }
    }

    /**
     * The alerts' metadata, as in Sloth: one alert name for the page and the ticket (told apart by
     * {@code sloth_severity}), labels and annotations common to both, then each one's own.
     */
    public record Alerting(String name, SortedMap<String, String> labels, SortedMap<String, String> annotations,
            Alert page, Alert ticket) {
        public Alerting {
            Objects.requireNonNull(name, "name");
            labels = new TreeMap<>(labels == null ? Map.of() : labels);
            annotations = new TreeMap<>(annotations == null ? Map.of() : annotations);
            page = Objects.requireNonNullElse(page, Alert.DEFAULT);
            ticket = Objects.requireNonNullElse(ticket, Alert.DEFAULT);
        }
    }

    /** One of the two alerts: off ({@code disable}), or its own labels and annotations. */
    public record Alert(boolean disable, SortedMap<String, String> labels, SortedMap<String, String> annotations) {
        static final Alert DEFAULT = new Alert(false, null, null);

        public Alert {
            labels = new TreeMap<>(labels == null ? Map.of() : labels);
            annotations = new TreeMap<>(annotations == null ? Map.of() : annotations);
        }
    }

    /**
     * Counters the generated promtool tests feed: each series in {@code good} grows by the number of
     * good events, each in {@code bad} by the bad ones (a latency SLI lists the count and the fast
     * bucket among the good, the count alone among the bad).
     */
    public record TestSeries(List<String> good, List<String> bad) {
        public TestSeries {
            good = List.copyOf(good);
            bad = List.copyOf(bad);
        }
    }
}
