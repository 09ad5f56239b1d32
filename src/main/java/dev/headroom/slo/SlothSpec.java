package dev.headroom.slo;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Sloth {@code prometheus/v1} spec, as Sloth spells it (snake_case; the camelCase spellings are
 * accepted too), plus Headroom's extensions per SLO: {@code min_events}, {@code absent_for}, {@code
 * period} and {@code test_series}.
 */
record SlothSpec(@JsonProperty(required = true) String version, @JsonProperty(required = true) String service,
        Map<String, String> labels, @JsonProperty(required = true) List<SlothSlo> slos) implements Validatable {

    SlothSpec {
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

    record SlothSlo(@JsonProperty(required = true) String name, @JsonProperty(required = true) BigDecimal objective,
            String description, Map<String, String> labels, @JsonProperty(required = true) SlothSli sli,
            SlothAlerting alerting, @JsonProperty("min_events") @JsonAlias("minEvents") Long minEvents,
            @JsonProperty("absent_for") @JsonAlias("absentFor") Duration absentFor, Duration period,
            @JsonProperty("test_series") @JsonAlias("testSeries") TestSeriesSpec testSeries,
            JsonNode plugins) implements Validatable {
        SlothSlo {
            labels = labels == null ? Map.of() : labels;
        }

        @Override
        public void validate(Validation v) {
            SloSpecs.name(v, "name", name);
            SloSpecs.objective(v, "objective", objective);
            SloSpecs.labels(v, "labels", labels);
            SloSpecs.guards(v, minEvents, absentFor, period);
            v.require(plugins == null, "plugins", "SLO plugins are not supported; write the SLI as events or raw");
            v.nested("sli", sli);
            v.nested("alerting", alerting);
            v.nested("test_series", testSeries);
            v.require(alerting != null, "alerting", "missing required field (alerting.name names the alerts)");
        }
    }

    record SlothSli(SlothEvents events, SlothRaw raw, JsonNode plugin) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (plugin != null) {
                v.error("plugin", "SLI plugins are not supported; supported SLIs: events (error_query, total_query), "
                        + "raw (error_ratio_query)");
            } else if ((events == null) == (raw == null)) {
                v.error("", "must have exactly one SLI: events (error_query, total_query) or raw (error_ratio_query)");
            }
            if (events != null) {
                SloSpecs.query(v, "events.error_query", events.errorQuery());
                SloSpecs.query(v, "events.total_query", events.totalQuery());
            }
            if (raw != null) {
                SloSpecs.query(v, "raw.error_ratio_query", raw.errorRatioQuery());
            }
        }
    }

    record SlothEvents(@JsonProperty(value = "error_query", required = true) @JsonAlias("errorQuery") String errorQuery,
            @JsonProperty(value = "total_query", required = true) @JsonAlias("totalQuery") String totalQuery) {
    }

    record SlothRaw(@JsonProperty(value = "error_ratio_query", required = true) @JsonAlias("errorRatioQuery") String errorRatioQuery) {
    }

    record SlothAlerting(@JsonProperty(required = true) String name, Map<String, String> labels,
            Map<String, String> annotations, @JsonProperty("page_alert") @JsonAlias("pageAlert") SlothAlert pageAlert,
            @JsonProperty("ticket_alert") @JsonAlias("ticketAlert") SlothAlert ticketAlert) implements Validatable {
        @Override
        public void validate(Validation v) {
            SloSpecs.alertName(v, "name", name);
            SloSpecs.labels(v, "labels", labels);
        }
    }

    record SlothAlert(boolean disable, Map<String, String> labels, Map<String, String> annotations) {
        Slo.Alert toAlert() {
            return new Slo.Alert(disable, SloSpecs.sorted(labels), SloSpecs.sorted(annotations));
        }
    }

    /** Headroom's extension: the counters promtool tests feed (see {@link Slo.TestSeries}). */
    record TestSeriesSpec(@JsonProperty(required = true) List<String> good, @JsonProperty(required = true) List<String> bad)
            implements Validatable {
        @Override
        public void validate(Validation v) {
            v.require(good != null && !good.isEmpty(), "good", "must list at least one series");
            v.require(bad != null && !bad.isEmpty(), "bad", "must list at least one series");
        }

        Slo.TestSeries toSeries() {
            return new Slo.TestSeries(good, bad);
        }
    }
}
