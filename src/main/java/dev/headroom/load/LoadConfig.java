package dev.headroom.load;

import dev.headroom.config.ConfigLoader;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import dev.headroom.http.TargetAllowlist;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code load.yaml}: what a load test may do and what it must prove. Every field is optional; the
 * defaults are a loopback-only allowlist, caps of 10 minutes and 2000 requests/s, the reference
 * storefront's profile, stages at 1x, 5x and 10x (30 s ramp, 1 min hold each) and no SLOs.
 *
 * @param allowlist hosts a load test may target ({@link TargetAllowlist} patterns)
 * @param limits caps on duration and rate; a run asking for more is refused before it starts
 * @param profile the traffic profile (overridden by {@code --model})
 * @param stages the injection stages
 * @param slos objectives checked on the results (and watched live for an early abort)
 * @param abort when a breached SLO stops the run early
 * @param metricsPort port of the live Prometheus endpoint on 127.0.0.1 (0: any free port, -1: off)
 * @param requestTimeout per-request timeout in the injector
 * @param catalogue no longer read (refused with a pointer to {@code journeys}): the journeys find
 *     the shop's products themselves
 * @param journeys the shop's own journey files the virtual customers run, with their shares
 */
public record LoadConfig(
        List<String> allowlist,
        Limits limits,
        LoadProfile profile,
        Stages stages,
        List<Slo> slos,
        Abort abort,
        Integer metricsPort,
        Duration requestTimeout,
        String catalogue,
        List<LoadJourney> journeys) implements Validatable {

    public LoadConfig {
        allowlist = allowlist == null ? TargetAllowlist.loopbackOnly().patterns() : List.copyOf(allowlist);
        limits = limits == null ? new Limits(null, null) : limits;
        profile = profile == null ? LoadProfile.reference() : profile;
        stages = stages == null ? new Stages(null, null, null) : stages;
        slos = slos == null ? List.of() : List.copyOf(slos);
        abort = abort == null ? new Abort(null, null) : abort;
        metricsPort = metricsPort == null ? 0 : metricsPort;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        journeys = journeys == null ? List.of() : List.copyOf(journeys);
    }

    /** All defaults. */
    public static LoadConfig defaults() {
        return new LoadConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Loads and validates {@code file}; problems are reported as file:line:column. The journeys'
     * files (journey, env, data) are made absolute, relative to {@code file}'s folder.
     */
    public static LoadConfig load(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return ConfigLoader.load(file, LoadConfig.class).withJourneysUnder(dir);
    }

    /** This config with its journeys' relative paths resolved under {@code dir}. */
    public LoadConfig withJourneysUnder(Path dir) {
        List<LoadJourney> resolved = journeys.stream().map(j -> j.under(dir)).toList();
        return new LoadConfig(allowlist, limits, profile, stages, slos, abort, metricsPort, requestTimeout, catalogue, resolved);
    }

    public TargetAllowlist targetAllowlist() {
        return TargetAllowlist.of(allowlist);
    }

    @Override
    public void validate(Validation v) {
        TargetAllowlist.validate(v, "allowlist", allowlist);
        v.nested("limits", limits);
        v.nested("profile", profile);
        v.nested("stages", stages);
        v.each("slos", slos);
        v.nested("abort", abort);
        v.require(metricsPort >= -1 && metricsPort <= 65535, "metricsPort", "must be a port (0 = any free port, -1 = off)");
        v.require(!requestTimeout.isZero(), "requestTimeout", "must be greater than 0");
        v.require(catalogue == null, "catalogue", "is no longer read: the load test runs the shop's journeys, which find"
                + " products by following links (follow: {selector: ..., pick: random}); remove it and list journeys:");
        v.each("journeys", journeys);
    }

    /**
     * @param maxDuration the longest run allowed (ramps and holds of all stages)
     * @param maxRps the highest total request rate allowed (all shards together)
     */
    public record Limits(Duration maxDuration, Double maxRps) implements Validatable {
        public Limits {
            maxDuration = maxDuration == null ? Duration.ofMinutes(10) : maxDuration;
            maxRps = maxRps == null ? 2000.0 : maxRps;
        }

        @Override
        public void validate(Validation v) {
            v.require(!maxDuration.isZero(), "maxDuration", "must be greater than 0");
            v.require(maxRps > 0, "maxRps", "must be greater than 0");
        }
    }

    /**
     * @param multipliers the stages, as multiples of the peak rate (capped by {@code --multiplier})
     * @param ramp time to ramp from the previous stage's rate to this one's
     * @param hold time to hold each stage's rate
     */
    public record Stages(List<Double> multipliers, Duration ramp, Duration hold) implements Validatable {
        public Stages {
            multipliers = multipliers == null || multipliers.isEmpty() ? List.of(1.0, 5.0, 10.0) : List.copyOf(multipliers);
            ramp = ramp == null ? Duration.ofSeconds(30) : ramp;
            hold = hold == null ? Duration.ofMinutes(1) : hold;
        }

        @Override
        public void validate(Validation v) {
            for (int i = 0; i < multipliers.size(); i++) {
                v.require(multipliers.get(i) != null && multipliers.get(i) > 0, "multipliers[" + i + "]", "must be greater than 0");
            }
            v.require(!hold.isZero(), "hold", "must be greater than 0");
        }
    }

    /**
     * @param window the sliding window the live SLO check looks at
     * @param after how long an SLO must stay breached before the run is stopped (0: never abort)
     */
    public record Abort(Duration window, Duration after) implements Validatable {
        public Abort {
            window = window == null ? Duration.ofSeconds(10) : window;
            after = after == null ? Duration.ofSeconds(30) : after;
        }

        @Override
        public void validate(Validation v) {
            v.require(window.compareTo(Duration.ofSeconds(1)) >= 0, "window", "must be at least 1s");
        }
    }
}
