package dev.headroom.cli;

import dev.headroom.config.Durations;
import dev.headroom.crawl.ContinuousCrawl;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.CrawlSchedule;
import dev.headroom.crawl.CrawlMetrics;
import dev.headroom.serve.LocalServer;
import dev.headroom.crawl.UrlCatalogue;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Continuous mode of {@code headroom crawl --every D}: a {@link CrawlSchedule} around a {@link
 * ContinuousCrawl}, the reports rewritten after each crawl, metrics on 127.0.0.1 if asked, and a
 * clean stop on SIGTERM or Ctrl-C (the crawl in progress is aborted; exit 0).
 */
final class CrawlLoop {
    private final PrintWriter out;
    private final PrintWriter err;
    private final CrawlOptions options;
    private final Path outDir;
    private final Path catalogueFile;
    private final Map<String, String> patterns;
    private final Duration every;
    private final int iterations;
    private final Integer metricsPort;
    private boolean reportWritten;
    private int crawls;

    CrawlLoop(PrintWriter out, PrintWriter err, CrawlOptions options, Path outDir, Path catalogueFile,
            Map<String, String> patterns, Duration every, int iterations, Integer metricsPort) {
        this.out = out;
        this.err = err;
        this.options = options;
        this.outDir = outDir;
        this.catalogueFile = catalogueFile;
        this.patterns = patterns;
        this.every = every;
        this.iterations = iterations;
        this.metricsPort = metricsPort;
    }

    int run() throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ContinuousCrawl crawl = new ContinuousCrawl(options, registry);
                LocalServer server = metricsServer(registry, crawl)) {
            CrawlSchedule schedule = new CrawlSchedule(crawl, every, iterations, r -> afterCrawl(r, crawl));
            out.printf("Continuous crawl every %s%s%s; stop with Ctrl-C or SIGTERM.%n", Durations.format(every),
                    iterations > 0 ? ", " + iterations + (iterations == 1 ? " time" : " times") : "",
                    server == null ? "" : "; metrics at http://127.0.0.1:" + server.port() + "/metrics");
            out.flush();
            Optional<CrawlResult> last;
            try (StopSignals signals = StopSignals.install(schedule::stop)) {
                last = schedule.run();
            }
            if (schedule.stopped()) {
                out.println("Stopped.");
                out.flush();
                return ExitCode.OK;
            }
            return last.map(CrawlLoop::exitCode).orElse(ExitCode.OK);
        } finally {
            registry.close();
        }
    }

    private LocalServer metricsServer(PrometheusMeterRegistry registry, ContinuousCrawl crawl) {
        if (metricsPort == null) {
            return null;
        }
        try {
            return CrawlMetrics.server(metricsPort, registry, crawl::healthJson);
        } catch (UncheckedIOException e) {
            throw CliException.usage(e.getMessage() + "; choose another with --metrics-port");
        }
    }

    static int exitCode(CrawlResult r) {
        return ExitCode.of(r.verdict());
    }

    /**
     * One line per crawl, and the reports rewritten. An aborted crawl's partial report does not
     * replace a complete one from earlier in the run.
     */
    private void afterCrawl(CrawlResult r, ContinuousCrawl crawl) {
        crawls++;
        boolean aborted = crawl.lastAborted();
        var stats = r.stats();
        String state = aborted ? "ABORTED" : CrawlCommand.label(r);
        List<String> counts = new ArrayList<>();
        r.counts().forEach((k, v) -> {
            if (v > 0) {
                counts.add(k.name().toLowerCase(Locale.ROOT) + " " + v);
            }
        });
        r.notChecked().forEach(nc -> counts.add(nc.count() + " not checked: " + nc.reason().words()));
        out.printf(Locale.ROOT, "%s crawl %d: %s: %d URLs checked (%d not modified) in %s%s%s%n",
                LocalTime.now().truncatedTo(ChronoUnit.SECONDS), crawls, state, stats.requested(),
                crawl.lastNotModified(), Durations.format(stats.duration().truncatedTo(ChronoUnit.MILLIS)),
                counts.isEmpty() ? "" : "; " + String.join(", ", counts),
                stats.complete() ? "" : " (incomplete)");
        if (r.startUnreachable() && !aborted) {
            out.printf("  %s%n", r.unreachableReason());
        }
        if (aborted && reportWritten) {
            out.flush();
            return;
        }
        try {
            ReportWriter.write(r.toReport(), outDir, EnumSet.allOf(Format.class));
            reportWritten = true;
            if (catalogueFile != null && !r.startUnreachable()) {
                UrlCatalogue.of(r, patterns).write(catalogueFile);
            }
        } catch (IOException e) {
            err.printf("crawl: cannot write the reports to %s: %s%n", outDir, e.getMessage());
            err.flush();
        }
        out.flush();
    }
}
