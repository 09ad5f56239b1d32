package dev.headroom.slo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * One SLO in Headroom's short form, as a shop file's {@code slos:} lists them (and a {@code
 * version: headroom/v1} spec file): Headroom's own SLIs from what the monitor exports, or any
 * events of the shop's own metrics.
 *
 * <pre>{@code
 * slos:
 *   - {name: checkout-journey, objective: 99, sli: {journey: checkout}}     # runs passed of all
 *   - {name: home-probe, objective: 99.5, sli: {probe: home}}
 *   - name: checkout-fast
 *     objective: 95
 *     sli: {latency: {journey: checkout, step: "place the order", under: 1s}}
 *   - name: api-availability
 *     objective: 99.9
 *     sli:
 *       events:
 *         errorQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
 *         totalQuery: sum(rate(http_requests_total[{{.window}}]))
 * }</pre>
 *
 * Bound and validated by {@link dev.headroom.config.ConfigLoader} like any config record; {@link
 * SloSpecs#fromHeadroom} turns a list of them into {@link Slo}s.
 *
 * @param name the SLO's name, {@code sloth_slo}: letters, digits, '-', '_' and '.'
 * @param objective percent of good events, in (0, 100)
 * @param description free text, optional
 * @param labels added to every rule, optional
 * @param sli exactly one of {@code journey}, {@code probe}, {@code latency}, {@code events}
 * @param alerting the alerts' name, labels, annotations; optional (default name from service and
 *     SLO, severity page or ticket)
 * @param runbook the {@code runbook_url} annotation of the alerts, optional
 * @param minEvents events the long window must hold before an alert (default 10; 0 for none)
 * @param absentFor how long the SLI's metric may be absent before its alert (default 10m)
 * @param period the SLO period, whole days (default 30d)
 */
public record HeadroomSlo(@JsonProperty(required = true) String name, @JsonProperty(required = true) BigDecimal objective,
        String description, Map<String, String> labels, @JsonProperty(required = true) Sli sli, Alerting alerting,
        String runbook, Long minEvents, Duration absentFor, Duration period) implements Validatable {

    public HeadroomSlo {
        labels = labels == null ? Map.of() : labels;
    }

    @Override
    public void validate(Validation v) {
        SloSpecs.name(v, "name", name);
        SloSpecs.objective(v, "objective", objective);
        SloSpecs.labels(v, "labels", labels);
        SloSpecs.guards(v, minEvents, absentFor, period);
        v.nested("sli", sli);
        v.nested("alerting", alerting);
    }

    /**
     * What the SLO measures; exactly one field.
     *
     * @param journey a monitor journey's name: its runs that passed (or were degraded) of all runs
     *     outside maintenance ({@code headroom_check_runs_total})
     * @param probe a monitor probe's name, the same for an HTTP probe
     * @param latency a journey step's time from {@code headroom_journey_step_duration_seconds}
     * @param events the shop's own metrics
     */
    public record Sli(String journey, String probe, Latency latency, Events events) implements Validatable {
        @Override
        public void validate(Validation v) {
            int set = (journey != null ? 1 : 0) + (probe != null ? 1 : 0) + (latency != null ? 1 : 0) + (events != null ? 1 : 0);
            if (set != 1) {
                v.error("", "must have exactly one SLI; supported: journey (a monitor journey's name), probe (a "
                        + "probe's name), latency (journey, step, under), events (errorQuery, totalQuery)");
            }
            v.require(journey == null || !journey.isBlank(), "journey", "must not be empty");
            v.require(probe == null || !probe.isBlank(), "probe", "must not be empty");
            v.nested("latency", latency);
            if (events != null) {
                SloSpecs.query(v, "events.errorQuery", events.errorQuery());
                SloSpecs.query(v, "events.totalQuery", events.totalQuery());
            }
        }
    }

    /**
     * A journey step answered within {@code under}, which must be one of the step histogram's bucket
     * boundaries ({@link SloSpecs#STEP_BUCKETS}).
     */
    public record Latency(@JsonProperty(required = true) String journey, @JsonProperty(required = true) String step,
            @JsonProperty(required = true) Duration under) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (under != null) {
                v.require(SloSpecs.STEP_BUCKETS.contains(under), "under", "must be one of the step histogram's buckets: "
                        + SloSpecs.STEP_BUCKETS.stream().map(dev.headroom.config.Durations::format).toList());
            }
        }
    }

    /** Bad and all events, per-second rates over {@code {{.window}}}. */
    public record Events(@JsonProperty(required = true) String errorQuery, @JsonProperty(required = true) String totalQuery) {
    }

    /** Sloth's {@code alerting}, in camelCase. */
    public record Alerting(@JsonProperty(required = true) String name, Map<String, String> labels,
            Map<String, String> annotations, Alert pageAlert, Alert ticketAlert) implements Validatable {
        @Override
        public void validate(Validation v) {
            SloSpecs.alertName(v, "name", name);
            SloSpecs.labels(v, "labels", labels);
        }
    }

    /** The page's or the ticket's own part of {@link Alerting}. */
    public record Alert(boolean disable, Map<String, String> labels, Map<String, String> annotations) {
    }
}
