package dev.headroom.crawl;

import dev.headroom.config.Durations;
import dev.headroom.serve.LocalServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Continuous mode end to end ({@code headroom crawl --every D}): a {@link ContinuousCrawl} in its own
 * Prometheus registry, served on 127.0.0.1 if a metrics port is given, run by a {@link CrawlSchedule},
 * the reports rewritten by {@link CrawlReports} after each crawl and one line per crawl to a log.
 * {@link #stop()} (a signal handler) aborts the crawl in progress; {@link #run()} then returns.
 *
 * <pre>{@code
 * try (CrawlDaemon d = CrawlDaemon.start(options, every, 0, 9464, reports, System.out::println)) {
 *     Optional<CrawlResult> last = d.run();
 * }
 * }</pre>
 */
public final class CrawlDaemon implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final ContinuousCrawl crawl;
    private final LocalServer server;
    private final CrawlSchedule schedule;
    private final CrawlReports reports;
    private final Consumer<String> log;
    private int crawls;

    private CrawlDaemon(CrawlOptions options, Duration every, int iterations, Integer metricsPort,
            CrawlReports reports, Consumer<String> log) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.log = Objects.requireNonNull(log, "log");
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ContinuousCrawl c = null;
        LocalServer s = null;
        try {
            c = new ContinuousCrawl(options, registry);
            s = metricsPort == null ? null : CrawlMetrics.server(metricsPort, registry, c::healthJson);
            this.schedule = new CrawlSchedule(c, every, iterations, this::afterCrawl);
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            if (s != null) {
                s.close();
            }
            registry.close();
            throw e;
        }
        this.crawl = c;
        this.server = s;
    }

    /**
     * A daemon ready to {@link #run()}, its metrics already served if {@code metricsPort} is not null.
     *
     * @param iterations crawls to run, 0 for no limit
     * @param metricsPort 127.0.0.1 port for {@code /metrics} and {@code /health} (0: any free one), or null
     * @param log gets one line per crawl
     * @throws java.io.UncheckedIOException if the metrics port cannot be bound
     * @throws IllegalArgumentException if {@code every} is not positive or {@code iterations} negative
     */
    public static CrawlDaemon start(CrawlOptions options, Duration every, int iterations, Integer metricsPort,
            CrawlReports reports, Consumer<String> log) {
        return new CrawlDaemon(options, every, iterations, metricsPort, reports, log);
    }

    /** The port {@code /metrics} is served on, if any. */
    public Optional<Integer> metricsPort() {
        return server == null ? Optional.empty() : Optional.of(server.port());
    }

    /** Runs the schedule until its iterations are done or {@link #stop()}; the last crawl's result. */
    public Optional<CrawlResult> run() throws InterruptedException {
        return schedule.run();
    }

    /** Stops {@link #run()}: wakes its wait or aborts its crawl. Thread-safe; idempotent. */
    public void stop() {
        schedule.stop();
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return schedule.stopped();
    }

    private void afterCrawl(CrawlResult r) {
        crawls++;
        log.accept(line(r));
        if (r.startUnreachable() && !r.aborted()) {
            log.accept("  " + r.unreachableReason());
        }
        try {
            reports.write(r);
        } catch (IOException e) {
            log.accept("crawl: cannot write the reports to " + reports.outDir() + ": " + e.getMessage());
        }
    }

    /** {@code 12:00:00 crawl 3: CLEAN: 120 URLs checked (110 not modified) in 2.5s; slow 1}. */
    private String line(CrawlResult r) {
        var stats = r.stats();
        List<String> counts = new ArrayList<>();
        r.counts().forEach((k, v) -> {
            if (v > 0) {
                counts.add(k.name().toLowerCase(Locale.ROOT) + " " + v);
            }
        });
        r.notChecked().forEach(nc -> counts.add(nc.count() + " not checked: " + nc.reason().words()));
        return String.format(Locale.ROOT, "%s crawl %d: %s: %d URLs checked (%d not modified) in %s%s%s",
                LocalTime.now().truncatedTo(ChronoUnit.SECONDS), crawls, state(r), stats.requested(),
                crawl.lastNotModified(), Durations.format(stats.duration().truncatedTo(ChronoUnit.MILLIS)),
                counts.isEmpty() ? "" : "; " + String.join(", ", counts),
                stats.complete() ? "" : " (incomplete)");
    }

    /** CLEAN, FINDINGS, UNREACHABLE or ABORTED: the crawl's {@link CrawlResult#verdict() verdict} in one word. */
    public static String state(CrawlResult r) {
        return switch (r.verdict()) {
            case PASSED -> "CLEAN";
            case FAILED -> "FINDINGS";
            case UNREACHABLE -> "UNREACHABLE";
            default -> "ABORTED";
        };
    }

    @Override
    public void close() {
        try {
            crawl.close();
        } finally {
            if (server != null) {
                server.close();
            }
            registry.close();
        }
    }
}
