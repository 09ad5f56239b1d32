package dev.headroom.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import dev.headroom.http.HttpChecker;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.TargetUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * What a check does: one small class per kind, each validating its own fields and making its own
 * {@link Probe}. The {@link Monitor} does everything shared around the probe, the same for every
 * kind (scheduling, timeouts, retries, thresholds, timing, history, metrics).
 *
 * <p>{@code monitor.yaml} writes a check flat ({@code {name: home, probe: /, expectStatus: [200]}}):
 * {@link Spec} is that shape, and {@link Spec#kind()} binds it, once, into one of these.
 */
public sealed interface CheckKind permits JourneyCheck, ProbeCheck, CrawlCheck {

    /** The kind's key in {@code monitor.yaml} and its {@code kind} label value: {@code journey}, {@code probe}, {@code crawl}. */
    String label();

    /** The value of the kind's key: the journey file, the probe's or the crawl's path or URL; null if not set. */
    String where();

    /** The rules of the kind's own fields, reported at their lines (paths relative to the check). */
    void validate(Validation v);

    /**
     * The kind's own fields that are set, each with the reason another kind of check refuses it
     * ({@code "only a probe check expects a status"}).
     */
    Map<String, String> fieldsSet();

    /** The URL the check works on, absolute and not yet checked against the allowlist. */
    String url(Resolution r);

    /** This kind with its files read (journeys and env files); the kinds that read none return themselves. */
    default CheckKind resolve(Resolution r) {
        return this;
    }

    /** A new probe of {@code check} (whose kind is this one). */
    Probe probe(Check check, Probes probes);

    /**
     * Records a finished run (after its retries) in the kind's own meters, made with {@code meters}
     * so they leave with the check's; most kinds have none.
     */
    default void recorded(RunRecord run, CheckMeters meters) {
    }

    /**
     * Where a check is resolved: the base URL its paths go under (null: none given), the config
     * file's folder, the process environment.
     */
    record Resolution(HttpUrl base, Path dir, Map<String, String> processEnv) {
        /** {@code where} under the target (a path goes under the target's own path, as journeys do), or as given if a full URL. */
        String under(String where) {
            if (HttpUrl.parse(where) == null && base == null) {
                throw new IllegalArgumentException("'" + where + "' is a path: set 'target' (or --target) or give a full URL");
            }
            String url = TargetUrl.resolve(base == null ? null : base.toString(), where);
            if (url == null) {
                throw new IllegalArgumentException("'" + where + "' is not a URL or a path");
            }
            return url;
        }
    }

    /** What a kind makes its probe with: the monitor's shared pieces. */
    record Probes(HttpChecker checker, JourneyRunner runner, MeterRegistry registry, Path failures,
            Consumer<String> log) {
    }

    /**
     * One check as {@code monitor.yaml} writes it: the shared fields, then each kind's own. Exactly
     * one kind's key ({@code journey}, {@code probe}, {@code crawl}) must be set; another kind's
     * field is refused at its line.
     *
     * <p>Adding a kind: its fields here, its line in {@link #kinds()}, its class in {@code permits}.
     */
    record Spec(
            @JsonProperty(required = true) String name,
            String target,
            // journey
            String journey,
            String envFile,
            Map<String, String> vars,
            // probe
            String probe,
            List<Integer> expectStatus,
            String bodyMatches,
            // crawl, and the crawler's options (see CrawlSettings)
            String crawl,
            Integer maxPages,
            Integer maxDepth,
            List<String> include,
            List<String> exclude,
            Boolean external,
            Boolean robots,
            Boolean sitemap,
            Integer concurrency,
            Double rate,
            Integer requestRetries,
            Duration requestTimeout,
            Duration slow,
            Long maxBody,
            List<String> errorSignatures,
            List<String> soft404Patterns,
            // shared: schedule, retries, thresholds
            Duration interval,
            Duration jitter,
            Duration timeout,
            MonitorConfig.Retry retry,
            Integer failuresBeforeDown,
            Integer successesBeforeUp,
            // the status page's objective: percent of runs that pass
            Double slo) implements Validatable {

        public Spec {
            vars = vars == null ? Map.of() : Map.copyOf(vars);
            expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
        }

        /** Without an SLO. */
        public Spec(String name, String target, String journey, String envFile, Map<String, String> vars, String probe,
                List<Integer> expectStatus, String bodyMatches, String crawl, Integer maxPages, Integer maxDepth,
                List<String> include, List<String> exclude, Boolean external, Boolean robots, Boolean sitemap,
                Integer concurrency, Double rate, Integer requestRetries, Duration requestTimeout, Duration slow,
                Long maxBody, List<String> errorSignatures, List<String> soft404Patterns, Duration interval,
                Duration jitter, Duration timeout, MonitorConfig.Retry retry, Integer failuresBeforeDown,
                Integer successesBeforeUp) {
            this(name, target, journey, envFile, vars, probe, expectStatus, bodyMatches, crawl, maxPages, maxDepth, include,
                    exclude, external, robots, sitemap, concurrency, rate, requestRetries, requestTimeout, slow, maxBody,
                    errorSignatures, soft404Patterns, interval, jitter, timeout, retry, failuresBeforeDown,
                    successesBeforeUp, null);
        }

        /** A probe check of {@code path} under {@code target}, the other settings from the defaults (an origin's). */
        static Spec probe(String name, String target, String path, Duration interval, Duration timeout,
                Integer failuresBeforeDown) {
            return new Spec(name, target, null, null, null, path, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, interval, null, timeout, null, failuresBeforeDown,
                    null);
        }

        /** Every kind, bound from this check's fields whether its key is set or not. */
        List<CheckKind> kinds() {
            return List.of(
                    new JourneyCheck(journey, envFile, vars, null, Map.of()),
                    new ProbeCheck(probe, expectStatus, bodyMatches),
                    new CrawlCheck(crawl, new CrawlSettings(maxPages, maxDepth, include, exclude, external, robots, sitemap,
                            concurrency, rate, requestRetries, requestTimeout, slow, maxBody, errorSignatures, soft404Patterns)));
        }

        /** The kind whose key is set; null if none or several are. */
        public CheckKind kind() {
            List<CheckKind> set = kinds().stream().filter(k -> k.where() != null).toList();
            return set.size() == 1 ? set.get(0) : null;
        }

        MonitorConfig.CheckSettings settings() {
            return new MonitorConfig.CheckSettings(interval, jitter, timeout, retry, failuresBeforeDown, successesBeforeUp);
        }

        @Override
        public void validate(Validation v) {
            if (name != null) {
                v.require(MonitorConfig.NAME.matcher(name).matches(), "name",
                        "'" + name + "' must be lower case letters, digits, '.', '_' or '-' (it becomes a metric label)");
            }
            CheckKind kind = kind();
            if (kind == null) {
                List<String> keys = kinds().stream().map(CheckKind::label).toList();
                v.error("", "must set exactly one of " + String.join(", ", keys.subList(0, keys.size() - 1))
                        + " or " + keys.get(keys.size() - 1));
            } else {
                kind.validate(v);
                for (CheckKind other : kinds()) {
                    if (!other.label().equals(kind.label())) {
                        other.fieldsSet().forEach(v::error);
                    }
                }
            }
            settings().validate(v);
            v.require(slo == null || slo > 0 && slo < 100, "slo",
                    "must be a percentage between 0 and 100, both excluded (e.g. 99.5)");
        }
    }
}
