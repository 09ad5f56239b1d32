package dev.headroom.slo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The parts of OpenSLO v1 that make Prometheus rules: {@code kind: SLO} documents with an inline
 * {@code indicator} or an {@code indicatorRef} to a {@code kind: SLI} document of the same file,
 * {@code ratioMetric} indicators ({@code good} or {@code bad}, and {@code total}) whose metric
 * sources hold a PromQL {@code query} with {@code {{.window}}}, a rolling {@code timeWindow} in days
 * and {@code objectives} with a {@code target} (0-1) or {@code targetPercent}. Fields OpenSLO has
 * but rules do not use (alert policies, budgeting method, annotations) are ignored.
 */
final class OpenSloSpec {
    private OpenSloSpec() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metadata(@JsonProperty(required = true) String name, String displayName, Map<String, String> labels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SloDoc(@JsonProperty(required = true) String apiVersion, @JsonProperty(required = true) String kind,
            @JsonProperty(required = true) Metadata metadata, @JsonProperty(required = true) SloBody spec) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (metadata != null) {
                SloSpecs.name(v, "metadata.name", metadata.name());
            }
            v.nested("spec", spec);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SloBody(String description, @JsonProperty(required = true) String service, SliDoc indicator, String indicatorRef,
            List<TimeWindow> timeWindow, @JsonProperty(required = true) List<Objective> objectives,
            // Headroom's extensions, as in the Sloth form
            Long minEvents, java.time.Duration absentFor, HeadroomSlo.Alerting alerting, SlothSpec.TestSeriesSpec testSeries)
            implements Validatable {
        @Override
        public void validate(Validation v) {
            SloSpecs.name(v, "service", service);
            if ((indicator == null) == (indicatorRef == null)) {
                v.error("", "must have exactly one of indicator (inline) or indicatorRef (the name of a kind: SLI document)");
            }
            if (indicator != null) {
                v.nested("indicator", indicator);
            }
            if (timeWindow != null) {
                v.require(timeWindow.size() == 1, "timeWindow", "must have exactly one time window");
                for (int i = 0; i < timeWindow.size(); i++) {
                    TimeWindow w = timeWindow.get(i);
                    if (w != null) {
                        v.require(!Boolean.FALSE.equals(w.isRolling()), "timeWindow[" + i + "].isRolling",
                                "only rolling time windows are supported");
                        v.require(SloSpecs.days(w.duration()) > 0, "timeWindow[" + i + "].duration",
                                "expected a whole number of days or weeks like 28d, 30d or 4w, got \"" + w.duration() + "\"");
                    }
                }
            }
            v.require(objectives != null && !objectives.isEmpty(), "objectives", "must list at least one objective");
            v.each("objectives", objectives);
            SloSpecs.guards(v, minEvents, absentFor, null);
            v.nested("alerting", alerting);
            v.nested("testSeries", testSeries);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TimeWindow(@JsonProperty(required = true) String duration, Boolean isRolling) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Objective(String displayName, BigDecimal target, BigDecimal targetPercent) implements Validatable {
        @Override
        public void validate(Validation v) {
            if ((target == null) == (targetPercent == null)) {
                v.error("", "must have exactly one of target (a ratio, 0.999) or targetPercent (99.9)");
            } else if (target != null) {
                v.require(target.signum() > 0 && target.compareTo(BigDecimal.ONE) < 0, "target",
                        "must be between 0 and 1 (exclusive), got " + target.toPlainString());
            } else {
                SloSpecs.objective(v, "targetPercent", targetPercent);
            }
        }

        BigDecimal percent() {
            return target != null ? target.movePointRight(2) : targetPercent;
        }
    }

    /** An indicator: inline in an SLO, or a {@code kind: SLI} document. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SliDoc(String apiVersion, String kind, Metadata metadata, @JsonProperty(required = true) SliBody spec)
            implements Validatable {
        @Override
        public void validate(Validation v) {
            v.require(metadata != null || apiVersion == null, "metadata", "missing required field");
            v.nested("spec", spec);
        }
    }

    record SliBody(String description, RatioMetric ratioMetric, JsonNode thresholdMetric) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (thresholdMetric != null) {
                v.error("thresholdMetric", "thresholdMetric SLIs are not supported; supported: ratioMetric (good or bad, and total)");
            } else if (ratioMetric == null) {
                v.error("", "missing ratioMetric (the only supported SLI kind: good or bad, and total)");
            } else {
                v.nested("ratioMetric", ratioMetric);
            }
        }
    }

    record RatioMetric(Boolean counter, Metric good, Metric bad, @JsonProperty(required = true) Metric total, JsonNode raw,
            String rawType) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (raw != null) {
                v.error("raw", "raw ratio metrics are not supported; supported: good or bad, and total");
            } else if ((good == null) == (bad == null)) {
                v.error("", "must have exactly one of good or bad, and total");
            }
            for (String side : List.of("good", "bad", "total")) {
                Metric m = side.equals("good") ? good : side.equals("bad") ? bad : total;
                if (m != null && m.metricSource() != null && m.metricSource().spec() != null) {
                    SloSpecs.query(v, side + ".metricSource.spec.query", m.metricSource().spec().query());
                } else if (m != null) {
                    v.error(side, "missing metricSource.spec.query (a PromQL query)");
                }
            }
        }
    }

    record Metric(@JsonProperty(required = true) MetricSource metricSource) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MetricSource(String type, String metricSourceRef, @JsonProperty(required = true) QuerySpec spec) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QuerySpec(@JsonProperty(required = true) String query) {
    }
}
