package dev.headroom.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import dev.headroom.model.TrafficModel;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The shop file's {@code gate:} section: what {@code headroom gate} runs and when it refuses to. Every
 * field is optional; the defaults are every stage in order, each journey 3 times, a 1-minute load test
 * at 5x the peak, stop at the first failed stage, no windows of its own (a traffic model's peak hours
 * still apply), and a tolerance of 50% (at least 100 ms) on latencies and 1 point of error rate over
 * the baseline's own spread.
 *
 * <pre>{@code
 * gate:
 *   stages: [crawl, journeys, load, origins]
 *   journeyRuns: 3
 *   load: {multiplier: 5, duration: 1m}
 *   runAll: false
 *   windows: [{day: Mon, hour: 19, hours: 4}, {day: daily, hour: 12, hours: 1}]
 *   zone: Europe/Berlin          # of the windows; default: the model's, else the shop's model.zone, else UTC
 *   model: traffic-model.yaml    # its peak is the load test's 1x, its peak hours refuse the gate
 *   alertmanager: http://127.0.0.1:9093   # where open changes are recorded (silences)
 *   tolerance: {latency: 0.5, minLatency: 100ms, errorRate: 0.01}
 *   promotion: [qa, staging, production]   # each environment's gate needs a pass of the one before
 * }</pre>
 *
 * @param stages the stages to run, in the order given (default: crawl, journeys, load, origins)
 * @param journeyRuns how many times in a row each journey runs; every run must pass (default 3)
 * @param load the load stage's multiple of the peak and length
 * @param runAll run every stage even after one failed (default false: stop at the first)
 * @param windows hours of the week the gate refuses to run in without {@code --override}
 * @param zone the time zone of {@code windows}
 * @param model a traffic model file (from {@code headroom model}), relative to the shop file's folder
 * @param alertmanager Alertmanager's base URL, where {@code headroom change} records open changes
 * @param tolerance how far above the baseline a measure may go before it is a regression
 * @param promotion the environments a version goes through, in order: a gate of each but the first needs
 *     {@code --require-passed} a passing gate of the same version in the environment just before it;
 *     empty: any earlier environment's pass promotes
 */
public record GateConfig(
        List<String> stages,
        Integer journeyRuns,
        LoadStage load,
        Boolean runAll,
        List<Window> windows,
        String zone,
        String model,
        String alertmanager,
        Tolerance tolerance,
        List<String> promotion) implements Validatable {

    /** Default number of runs of each journey. */
    public static final int DEFAULT_JOURNEY_RUNS = 3;
    /** At most this many runs of each journey. */
    public static final int MAX_JOURNEY_RUNS = 20;

    public GateConfig {
        stages = stages == null ? null : List.copyOf(stages);
        journeyRuns = journeyRuns == null ? DEFAULT_JOURNEY_RUNS : journeyRuns;
        load = load == null ? new LoadStage(null, null) : load;
        runAll = runAll != null && runAll;
        windows = windows == null ? List.of() : List.copyOf(windows);
        tolerance = tolerance == null ? new Tolerance(null, null, null) : tolerance;
        promotion = promotion == null ? List.of() : List.copyOf(promotion);
    }

    /** All defaults. */
    public static GateConfig defaults() {
        return new GateConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** This config with {@code model} replaced (the shop file makes it absolute). */
    public GateConfig withModel(String file) {
        return new GateConfig(stages, journeyRuns, load, runAll, windows, zone, file, alertmanager, tolerance, promotion);
    }

    /**
     * The environment a gate of {@code environment} must have a pass of, or empty if it needs none (the
     * first of {@code promotion}, or no {@code promotion} at all).
     *
     * @throws IllegalArgumentException if {@code promotion} is set and does not name {@code environment}
     */
    public Optional<String> promotedFrom(String environment) {
        if (promotion.isEmpty()) {
            return Optional.empty();
        }
        int i = promotion.indexOf(environment);
        if (i < 0) {
            throw new IllegalArgumentException("'" + environment + "' is not one of gate.promotion " + promotion);
        }
        return i == 0 ? Optional.empty() : Optional.of(promotion.get(i - 1));
    }

    /** The stages to run, in order; every stage if none are listed. */
    public List<GateStage> stageList() {
        if (stages == null) {
            return GateStage.all();
        }
        List<GateStage> out = new ArrayList<>();
        for (String s : stages) {
            try {
                out.add(GateStage.parse(s));
            } catch (IllegalArgumentException e) {
                // reported at load
            }
        }
        return out;
    }

    @Override
    public void validate(Validation v) {
        if (stages != null) {
            v.require(!stages.isEmpty(), "stages", "must list at least one stage");
            Set<GateStage> seen = new HashSet<>();
            for (int i = 0; i < stages.size(); i++) {
                try {
                    GateStage s = GateStage.parse(stages.get(i));
                    v.require(seen.add(s), "stages[" + i + "]", "'" + stages.get(i) + "' is listed twice");
                } catch (IllegalArgumentException e) {
                    v.error("stages[" + i + "]", e.getMessage());
                }
            }
        }
        v.require(journeyRuns >= 1 && journeyRuns <= MAX_JOURNEY_RUNS, "journeyRuns",
                "must be between 1 and " + MAX_JOURNEY_RUNS + ", got " + journeyRuns);
        v.nested("load", load);
        v.each("windows", windows);
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                v.error("zone", "unknown time zone '" + zone + "' (e.g. Europe/Berlin, +01:00, UTC)");
            }
        }
        v.require(model == null || !model.isBlank(), "model", "must name a traffic model file");
        if (alertmanager != null) {
            v.require(HttpUrl.parse(alertmanager) != null, "alertmanager", "'" + alertmanager + "' is not an absolute http(s) URL");
        }
        v.nested("tolerance", tolerance);
        Set<String> environments = new HashSet<>();
        for (int i = 0; i < promotion.size(); i++) {
            String e = promotion.get(i);
            v.require(e != null && !e.isBlank(), "promotion[" + i + "]", "must name an environment");
            v.require(e == null || environments.add(e), "promotion[" + i + "]", "'" + e + "' is listed twice");
        }
        v.require(promotion.size() != 1, "promotion", "must list at least two environments, in the order a version goes through them");
    }

    /**
     * The load stage: one stage at {@code multiplier} times the peak for {@code duration}, a quarter of
     * it ramping up: the SLOs judge the whole run, as {@code headroom load} does; the baseline comparison
     * only the hold (the other three quarters).
     *
     * @param multiplier the multiple of the modelled peak (default 5)
     * @param duration the whole load test (default 1m)
     */
    public record LoadStage(Double multiplier, Duration duration) implements Validatable {
        public LoadStage {
            multiplier = multiplier == null ? 5.0 : multiplier;
            duration = duration == null ? Duration.ofMinutes(1) : duration;
        }

        @Override
        public void validate(Validation v) {
            v.require(multiplier > 0, "multiplier", "must be greater than 0");
            v.require(!duration.isNegative() && !duration.isZero(), "duration", "must be greater than 0");
        }
    }

    /**
     * Hours of the week the gate refuses to run in: {@code hours} hours from {@code day} {@code hour}:00.
     *
     * @param day Mon..Sun, or {@code daily}
     * @param hour 0..23
     * @param hours 1..24 (default 1); a window may run past midnight
     */
    public record Window(@JsonProperty(required = true) String day, @JsonProperty(required = true) Integer hour,
            Integer hours) implements Validatable {
        /** The day that stands for every day. */
        public static final String DAILY = "daily";

        public Window {
            hours = hours == null ? 1 : hours;
        }

        @Override
        public void validate(Validation v) {
            if (day != null) {
                v.require(DAILY.equals(day) || TrafficModel.DAYS.contains(day), "day",
                        "'" + day + "' must be one of " + String.join(", ", TrafficModel.DAYS) + " or " + DAILY);
            }
            if (hour != null) {
                v.require(hour >= 0 && hour <= 23, "hour", "must be between 0 and 23, got " + hour);
            }
            v.require(hours >= 1 && hours <= 24, "hours", "must be between 1 and 24, got " + hours);
        }

        /** {@code Mon 19:00 +4h}, for people. */
        public String label() {
            return String.format("%s %02d:00 +%dh", day, hour, hours);
        }
    }

    /**
     * How far above the baseline a measure may go: the larger of the baseline's own spread (max - min
     * over its runs), {@code latency} times its median, and {@code minLatency}; an error rate may rise by
     * {@code errorRate} over the baseline's worst.
     *
     * @param latency a share of the baseline's median (default 0.5)
     * @param minLatency the smallest allowance (default 100ms): loopback timings jitter by tens of ms
     * @param errorRate error rate points over the baseline's worst (default 0.01)
     */
    public record Tolerance(Double latency, Duration minLatency, Double errorRate) implements Validatable {
        public Tolerance {
            latency = latency == null ? 0.5 : latency;
            minLatency = minLatency == null ? Duration.ofMillis(100) : minLatency;
            errorRate = errorRate == null ? 0.01 : errorRate;
        }

        @Override
        public void validate(Validation v) {
            v.require(latency >= 0, "latency", "must not be negative");
            v.require(!minLatency.isNegative(), "minLatency", "must not be negative");
            v.require(errorRate >= 0 && errorRate <= 1, "errorRate", "must be between 0 and 1");
        }
    }
}
