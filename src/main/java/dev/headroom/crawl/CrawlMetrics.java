package dev.headroom.crawl;

import dev.headroom.serve.LocalServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The continuous crawl's Prometheus metrics, registered in a {@link MeterRegistry} the caller owns
 * (the CLI's own, or the monitor daemon's). Names follow blackbox_exporter's style, units in the
 * name; labels take values from fixed sets only (page outcome, finding class, crawl result), never
 * URLs, so the number of series does not grow with the site.
 *
 * <table>
 * <caption>Series (Prometheus names)</caption>
 * <tr><td>{@code headroom_crawl_pages_checked_total{outcome}}</td><td>counter: URLs checked, by {@link #OUTCOMES outcome}
 *     (a 304 counts as not_modified unless a replayed finding is its outcome)</td></tr>
 * <tr><td>{@code headroom_crawl_findings{class}}</td><td>gauge: current findings by class after the last complete crawl</td></tr>
 * <tr><td>{@code headroom_crawl_failing_findings{class}}</td><td>gauge: those of them that fail the crawl
 *     (the alert's input: it needs no list of classes)</td></tr>
 * <tr><td>{@code headroom_crawl_duration_seconds}</td><td>gauge: wall time of the last crawl</td></tr>
 * <tr><td>{@code headroom_crawl_last_complete_timestamp_seconds}</td><td>gauge: Unix time the last complete crawl ended (0: none yet)</td></tr>
 * <tr><td>{@code headroom_crawl_running}</td><td>gauge: 1 while a crawl runs</td></tr>
 * <tr><td>{@code headroom_crawl_pages}</td><td>gauge: URLs checked by the last crawl (pages, assets, external links)</td></tr>
 * <tr><td>{@code headroom_crawl_not_modified_ratio}</td><td>gauge: share of the last crawl's URLs that answered 304 (all of them, with findings or not)</td></tr>
 * <tr><td>{@code headroom_crawl_runs_total{result}}</td><td>counter: crawls by result: complete, incomplete, unreachable</td></tr>
 * </table>
 */
public final class CrawlMetrics {

    /**
     * Label values of {@code outcome}: ok, not_modified, not_allowed (redirected off the allowlist),
     * then each {@link Finding.Kind} a URL can have in lower case. MISSING_FRAGMENT and MIXED_CONTENT
     * are findings about links, not about the URL requested, so they are never an outcome (their
     * counts are in {@code headroom_crawl_findings}).
     */
    public static final List<String> OUTCOMES;
    /** Label values of {@code result}. */
    public static final List<String> RESULTS = List.of("complete", "incomplete", "unreachable");

    static {
        List<String> o = new ArrayList<>(List.of("ok", "not_modified", "not_allowed"));
        for (Finding.Kind k : Finding.Kind.values()) {
            if (k != Finding.Kind.MISSING_FRAGMENT && k != Finding.Kind.MIXED_CONTENT) {
                o.add(label(k));
            }
        }
        OUTCOMES = Collections.unmodifiableList(o);
    }

    private final Map<String, Counter> checked = new LinkedHashMap<>();
    private final Map<String, Counter> runs = new LinkedHashMap<>();
    private final Map<Finding.Kind, AtomicInteger> findings = new EnumMap<>(Finding.Kind.class);
    private final Map<Finding.Kind, AtomicInteger> failing = new EnumMap<>(Finding.Kind.class);
    private final AtomicLong durationMillis = new AtomicLong();
    private final AtomicLong lastCompleteMillis = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();

    /** Registers every series (at zero) in {@code registry}. */
    public CrawlMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Registers every series (at zero) in {@code registry}, each with {@code tags} too: a daemon that
     * crawls several sites into one registry tells them apart with a bounded tag such as {@code
     * site=shop} (a series registered twice with the same tags would keep the first crawl's values).
     * Prometheus needs the same tag keys on every series of a name: give every crawl in a registry
     * the same keys.
     */
    public CrawlMetrics(MeterRegistry registry, Tags tags) {
        for (String o : OUTCOMES) {
            checked.put(o, Counter.builder("headroom.crawl.pages.checked")
                    .description("URLs checked by the crawler, by outcome (the worst finding on the URL; ok; not_modified: 304)")
                    .tag("outcome", o).tags(tags).register(registry));
        }
        for (String r : RESULTS) {
            runs.put(r, Counter.builder("headroom.crawl.runs").description("Crawls by result")
                    .tag("result", r).tags(tags).register(registry));
        }
        for (Finding.Kind k : Finding.Kind.values()) {
            AtomicInteger n = new AtomicInteger();
            findings.put(k, n);
            Gauge.builder("headroom.crawl.findings", n, AtomicInteger::get)
                    .description("Current findings by class after the last complete crawl")
                    .tag("class", label(k)).tags(tags).register(registry);
            AtomicInteger f = new AtomicInteger();
            failing.put(k, f);
            Gauge.builder("headroom.crawl.failing.findings", f, AtomicInteger::get)
                    .description("Current findings by class that fail the crawl (its severity: fail), after the last complete crawl")
                    .tag("class", label(k)).tags(tags).register(registry);
        }
        Gauge.builder("headroom.crawl.duration", durationMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("Wall time of the last crawl").tags(tags).register(registry);
        Gauge.builder("headroom.crawl.last.complete.timestamp", lastCompleteMillis, v -> v.get() / 1000.0)
                .baseUnit("seconds").description("Unix time at which the last complete crawl ended; 0 if none yet")
                .tags(tags).register(registry);
        Gauge.builder("headroom.crawl.running", running, AtomicInteger::get)
                .description("1 while a crawl is running").tags(tags).register(registry);
        Gauge.builder("headroom.crawl.pages", pages, AtomicLong::get)
                .description("URLs checked by the last crawl (pages, assets and external links)").tags(tags).register(registry);
        Gauge.builder("headroom.crawl.not.modified", this, m -> m.pages.get() == 0 ? 0
                : (double) m.notModified.get() / m.pages.get()).baseUnit("ratio")
                .description("Share of the last crawl's URLs that answered 304 Not Modified").tags(tags).register(registry);
    }

    static String label(Finding.Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    /** A crawl starts. */
    void started() {
        running.set(1);
    }

    /** A crawl that ended without a result (a bug): running drops back to 0. */
    void failed() {
        running.set(0);
    }

    /**
     * Records a finished crawl. Findings gauges and the last-complete time change only when the
     * crawl was complete, so an aborted or time-limited crawl does not make findings vanish.
     */
    void finished(CrawlResult r, boolean aborted, CrawlMemory memory, long endedAtMillis) {
        int nm = 0;
        for (CrawledPage p : r.pages()) {
            String outcome = p.outcome();
            boolean notModified = memory.wasNotModified(p.url());
            if (notModified) {
                nm++; // every 304, also one whose replayed finding is its outcome
                if (outcome.equals("ok")) {
                    outcome = "not_modified";
                }
            }
            Counter c = checked.get(outcome);
            if (c != null) { // OUTCOMES has every outcome a URL can have; a daemon must not die on a new one
                c.increment();
            }
        }
        pages.set(r.pages().size());
        notModified.set(nm);
        durationMillis.set(r.stats().duration().toMillis());
        boolean unreachable = !aborted && r.startUnreachable();
        boolean complete = !aborted && !unreachable && r.stats().complete();
        runs.get(unreachable ? "unreachable" : complete ? "complete" : "incomplete").increment();
        if (complete) {
            r.counts().forEach((k, v) -> findings.get(k).set(v));
            r.failingCounts().forEach((k, v) -> failing.get(k).set(v));
            lastCompleteMillis.set(endedAtMillis);
        }
        running.set(0);
    }

    /**
     * Serves {@code /metrics} (the registry's Prometheus text) and {@code /health} (JSON) on
     * 127.0.0.1:{@code port} (0: any free port).
     *
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public static LocalServer server(int port, PrometheusMeterRegistry registry, Supplier<String> health) {
        return LocalServer.builder().port(port).threadName("crawl-metrics-http")
                .get("/metrics", LocalServer.PROMETHEUS_TEXT, registry::scrape)
                .get("/health", LocalServer.JSON, health)
                .start();
    }
}
