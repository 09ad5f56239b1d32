package dev.headroom.cli;

import dev.headroom.config.Durations;
import dev.headroom.crawl.CrawlConfig;
import dev.headroom.crawl.CrawlDaemon;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlProgress;
import dev.headroom.crawl.CrawlReports;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Crawler;
import dev.headroom.crawl.Finding;
import dev.headroom.crawl.NotChecked;
import dev.headroom.crawl.UrlCatalogue;
import dev.headroom.http.HttpChecker;
import dev.headroom.process.Threads;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code headroom crawl URL...}: crawls a site, checks every page and link, writes report.json,
 * junit.xml and summary.md, and optionally the load tests' URL catalogue.
 */
@Command(name = "crawl", mixinStandardHelpOptions = true, description = {
    "Crawl a site from its start URLs and sitemap; check every page, link and asset for broken links, "
        + "leaked errors, slow pages, soft 404s, missing fragments, redirect problems and mixed content.",
    "Only loopback, the start URLs' hosts and --allow hosts are requested; links to other hosts are listed "
        + "as not checked.",
    "Each finding class fails or warns (--fail-on, --warn-on). Exits 0 when no finding fails, 1 when one does,"
        + " 2 on usage or config errors, "
        + "3 when no start URL gives a usable page, 130 when stopped by Ctrl-C or SIGTERM (the partial report is"
        + " written)."})
final class CrawlCommand implements Callable<Integer> {

    /**
     * Exit code of a one-off crawl stopped by Ctrl-C or SIGTERM: 128 + SIGINT, what shells report for
     * an interrupted command, and distinct from every code in {@link ExitCode}. One code for both
     * signals, so a script tests one value.
     */
    static final int INTERRUPTED = ExitCode.STOPPED;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "Start URLs (http or https). Or give them as 'urls' in --config.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with the same options (max-pages: 500, ...), or a shop file"
            + " (headroom.yaml): its crawl section, start URL the shop's target; command-line options win.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the reports go. Default: headroom-reports/crawl.")
    Path out;

    @Option(names = "--max-pages", paramLabel = "N", description = "URLs requested at most (pages, assets, external). Default: 100000.")
    Integer maxPages;

    @Option(names = "--max-depth", paramLabel = "N", description = "Link depth whose pages are still parsed for links. Default: 100.")
    Integer maxDepth;

    @Option(names = "--include", paramLabel = "RE", description = "In scope: URLs matching one of these (repeatable). Default: the start URLs' origins.")
    List<String> include;

    @Option(names = "--exclude", paramLabel = "RE", description = "Never request URLs matching these (repeatable).")
    List<String> exclude;

    @Option(names = "--allow", paramLabel = "HOST", description = "Also request this host (repeatable; a name,"
            + " an IP or *.domain). Loopback and the start URLs' hosts always are; links to other hosts are not checked.")
    List<String> allow;

    @Option(names = "--no-external", description = "Do not check links leaving the scope.")
    Boolean noExternal;

    @Option(names = "--ignore-robots", description = "Crawl what robots.txt disallows.")
    Boolean ignoreRobots;

    @Option(names = "--no-sitemap", description = "Do not seed the crawl from sitemap.xml.")
    Boolean noSitemap;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight per host. Default: 8.")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "R", description = "Requests per second per host (0 = unlimited). Default: 0.")
    Double rate;

    @Option(names = "--retries", paramLabel = "N", description = "Retries after timeouts, resets, 429, 502, 503, 504. Default: 2.")
    Integer retries;

    @Option(names = "--timeout", paramLabel = "D", converter = Durations.PicocliConverter.class,
            description = "Deadline per request, e.g. 10s. Default: 30s.")
    Duration timeout;

    @Option(names = "--max-time", paramLabel = "D", converter = Durations.PicocliConverter.class,
            description = "Stop the crawl after this long (0 = never). Default: 1h.")
    Duration maxTime;

    @Option(names = "--slow", paramLabel = "D", converter = Durations.PicocliConverter.class,
            description = "Slow-page budget. Default: 3s.")
    Duration slow;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Body bytes read per response. Default: 10485760.")
    Long maxBody;

    @Option(names = "--error-signature", paramLabel = "RE", description = "Extra error-signature regex (repeatable).")
    List<String> errorSignatures;

    @Option(names = "--fail-on", paramLabel = "CLASS", split = ",", description = "These finding classes fail"
            + " the crawl (repeatable or comma-separated; e.g. missing-fragment,mixed-content). By default broken,"
            + " error-leak, soft-404, timeout and redirect fail; the others warn.")
    List<String> failOn;

    @Option(names = "--warn-on", paramLabel = "CLASS", split = ",", description = "These finding classes only"
            + " warn: reported, but the crawl still passes (e.g. soft-404).")
    List<String> warnOn;

    @Option(names = "--catalogue", paramLabel = "FILE", description = "Write live product, category and search URLs (.json, .csv or a plain list).")
    Path catalogue;

    @Option(names = "--catalogue-pattern", paramLabel = "CLASS=REGEX", mapFallbackValue = "",
            description = "A catalogue class and the regex found in its pages' path and query (repeatable, in match order;"
                    + " replaces the defaults product=/product/, category=/category/, search=/search), e.g."
                    + " product=/catalog/items/.")
    Map<String, String> cataloguePatterns = new java.util.LinkedHashMap<>();

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Option(names = "--every", paramLabel = "D", converter = Durations.PicocliConverter.class,
            description = "Continuous mode: crawl again every D (e.g. 10m), incrementally with conditional requests;"
                    + " the reports are rewritten after each crawl. Stop with Ctrl-C or SIGTERM (exit 0).")
    Duration every;

    @Option(names = "--iterations", paramLabel = "N", description = "With --every: stop after N crawls and exit"
            + " with the last one's exit code. Default: run until stopped.")
    Integer iterations;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "With --every: serve Prometheus /metrics"
            + " and /health on 127.0.0.1:PORT (e.g. 9464; 0 picks a free port).")
    Integer metricsPort;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        CrawlConfig file = config == null ? null : loadConfig(config);
        CrawlOptions options = options(file);
        checkContinuousOptions();
        Path outDir = out != null ? out : file != null && file.out() != null ? Path.of(file.out())
                : Path.of("headroom-reports", "crawl");
        Path catalogueFile = catalogue != null ? catalogue : file != null && file.catalogue() != null
                ? Path.of(file.catalogue()) : null;
        CrawlReports reports = new CrawlReports(outDir, catalogueFile, !cataloguePatterns.isEmpty() ? checkedPatterns()
                : file != null ? file.cataloguePatternsOrDefault() : UrlCatalogue.DEFAULT_PATTERNS);
        if (every != null) {
            return continuous(options, reports, stdout);
        }
        if (iterations != null || metricsPort != null) {
            throw CliException.usage("--iterations and --metrics-port need --every (continuous mode)");
        }
        CrawlResult result;
        List<Path> written;
        try (HttpChecker checker = Crawler.checkerFor(options)) {
            Crawler crawler = new Crawler(options, checker);
            // Ctrl-C and SIGTERM stop the crawl, not the JVM: the partial report is still written (the
            // handler stays until it is, so a shutdown-hook fallback waits for it too)
            try (StopSignals signals = StopSignals.install(() -> crawler.stop("stopped by Ctrl-C or SIGTERM"))) {
                Thread progress = quiet ? null : progressThread(crawler, stderr);
                try {
                    result = crawler.crawl();
                } finally {
                    if (progress != null) {
                        progress.interrupt();
                        progress.join(1000);
                    }
                }
                written = reports.write(result);
            }
        }
        printSummary(stdout, result, written, reports.writesCatalogue(result) ? catalogueFile : null);
        if (reports.writesCatalogue(result)) {
            reports.lastCatalogue().ifPresent(c -> c.warnings().forEach(w -> stderr.println("headroom crawl: warning: " + catalogueFile + ": " + w)));
            stderr.flush();
        }
        switch (result.verdict()) {
            case STOPPED -> {
                stderr.println("headroom: crawl " + result.incompleteReason() + "; the partial report is in " + outDir);
                stderr.flush();
            }
            case UNREACHABLE -> throw CliException.unreachable(result.unreachableReason());
            default -> {
            }
        }
        return ExitCode.of(result.verdict());
    }

    /**
     * {@code --every}: a {@link CrawlDaemon} until its iterations are done (the last crawl's exit
     * code) or Ctrl-C or SIGTERM (exit 0).
     */
    private int continuous(CrawlOptions options, CrawlReports reports, PrintWriter stdout) throws InterruptedException {
        int n = iterations == null ? 0 : iterations;
        CrawlDaemon daemon;
        try {
            daemon = CrawlDaemon.start(options, every, n, metricsPort, reports, line -> {
                stdout.println(line);
                stdout.flush();
            });
        } catch (java.io.UncheckedIOException e) {
            throw CliException.usage(e.getMessage() + "; choose another with --metrics-port");
        }
        try (daemon) {
            stdout.printf("Continuous crawl every %s%s%s; stop with Ctrl-C or SIGTERM.%n", Durations.format(every),
                    n > 0 ? ", " + n + (n == 1 ? " time" : " times") : "",
                    daemon.metricsPort().map(p -> "; metrics at http://127.0.0.1:" + p + "/metrics").orElse(""));
            stdout.flush();
            java.util.Optional<CrawlResult> last;
            try (StopSignals signals = StopSignals.install(daemon::stop)) {
                last = daemon.run();
            }
            if (daemon.stopped()) {
                stdout.println("Stopped.");
                stdout.flush();
                return ExitCode.OK;
            }
            return last.map(r -> ExitCode.of(r.verdict())).orElse(ExitCode.OK);
        }
    }

    /** {@code --catalogue-pattern}s, each a class name and a valid regex, else a usage error. */
    private Map<String, String> checkedPatterns() {
        cataloguePatterns.forEach((k, re) -> {
            if (k.isBlank() || re.isEmpty()) {
                throw CliException.usage("--catalogue-pattern: expected CLASS=REGEX, e.g. product=/catalog/items/ (got '" + k + "=" + re + "')");
            }
            try {
                java.util.regex.Pattern.compile(re);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw CliException.usage("--catalogue-pattern " + k + ": not a valid regex: " + e.getDescription());
            }
        });
        return cataloguePatterns;
    }

    private static void printSummary(PrintWriter stdout, CrawlResult result, List<Path> written, Path catalogueFile) {
        var stats = result.stats();
        String verdict = label(result);
        stdout.printf(Locale.ROOT, "%s: %d URLs checked (%d pages, %.1f pages/s, %d requests, %d retries) in %s%s%n",
                verdict, stats.requested(), stats.pages(), stats.pagesPerSecond(),
                stats.requests(), stats.retries(),
                Durations.format(stats.duration().withNanos(stats.duration().toMillisPart() * 1_000_000)),
                result.incompleteReason().isEmpty() ? "" : " (incomplete: " + result.incompleteReason() + ")");
        Map<Finding.Kind, Integer> failing = result.failingCounts();
        result.counts().forEach((k, v) -> {
            if (v > 0) {
                int warnings = v - failing.get(k);
                stdout.printf("  %-16s %d%s%n", k.name().toLowerCase(Locale.ROOT), v, warnings == 0 ? ""
                        : warnings == v ? " (warning" + (v == 1 ? ")" : "s)") : " (" + warnings + " warnings)");
            }
        });
        for (Finding f : result.findings().subList(0, Math.min(10, result.findings().size()))) {
            stdout.printf("  %s %s: %s%n", f.kind(), f.url(), f.detail());
        }
        for (NotChecked nc : result.notChecked()) {
            stdout.printf("  %s%n", nc.line());
            if (nc.reason() == NotChecked.Reason.NOT_ALLOWED) {
                List<String> hosts = nc.hosts().keySet().stream().filter(h -> !h.startsWith("(")).limit(3).toList();
                stdout.printf("    to check them, allow their hosts: %s%n",
                        String.join(" ", hosts.stream().map(h -> "--allow " + h).toList()) + (nc.hosts().size() > 3 ? " ..." : ""));
            } else {
                nc.examples().stream().limit(3).forEach(e -> stdout.printf("    e.g. %s%s%n", e.url(),
                        e.linkedFrom().isEmpty() ? "" : " (from " + e.linkedFrom() + ")"));
            }
        }
        stdout.println("Reports:");
        written.forEach(p -> stdout.printf("  %s%n", p));
        if (catalogueFile != null) {
            stdout.printf("Catalogue: %s%n", catalogueFile);
        }
        stdout.flush();
    }

    /** The first word of the summary: CLEAN, FINDINGS, UNREACHABLE or STOPPED. */
    static String label(CrawlResult result) {
        return result.aborted() ? "STOPPED" : CrawlDaemon.state(result);
    }

    private void checkContinuousOptions() {
        if (every != null && (every.isZero() || every.isNegative())) {
            throw CliException.usage("--every must be a positive duration, got " + Durations.format(every));
        }
        if (iterations != null && iterations < 1) {
            throw CliException.usage("--iterations must be at least 1, got " + iterations);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw CliException.usage("--metrics-port must be 0..65535, got " + metricsPort);
        }
    }

    /** The one place that decides: a shop file's crawl section, or a crawl.yaml of its own. */
    private static CrawlConfig loadConfig(Path file) {
        return ShopFile.isShopFile(file) ? ShopFile.load(file).crawl() : CrawlConfig.load(file);
    }

    /** The config file's options, then the command line's over them; a value refused is a usage error. */
    private CrawlOptions options(CrawlConfig f) {
        if (urls.isEmpty() && (f == null || f.urls() == null || f.urls().isEmpty())) {
            throw CliException.usage("give at least one start URL (or 'urls' in --config)");
        }
        try {
            CrawlOptions.Builder b = CrawlOptions.builder(urls.toArray(String[]::new));
            if (f != null) {
                f.applyTo(b, urls.isEmpty());
            }
            apply(b, maxPages, maxDepth, include, exclude, noExternal == null ? null : !noExternal,
                    ignoreRobots == null ? null : !ignoreRobots, noSitemap == null ? null : !noSitemap, concurrency,
                    rate, retries, timeout, maxTime, slow, maxBody, errorSignatures);
            if (allow != null) {
                allow.forEach(b::allow);
            }
            severities(b);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** --fail-on and --warn-on, over the config file's {@code severity}; a class in both is a usage error. */
    private void severities(CrawlOptions.Builder b) {
        List<String> fails = failOn == null ? List.of() : failOn;
        List<String> warns = warnOn == null ? List.of() : warnOn;
        java.util.Set<Finding.Kind> failing = EnumSet.noneOf(Finding.Kind.class);
        for (String c : fails) {
            Finding.Kind k = Finding.Kind.parse(c);
            failing.add(k);
            b.severity(k, Finding.Severity.FAIL);
        }
        for (String c : warns) {
            Finding.Kind k = Finding.Kind.parse(c);
            if (failing.contains(k)) {
                throw new IllegalArgumentException("--fail-on and --warn-on both name " + k.label());
            }
            b.severity(k, Finding.Severity.WARN);
        }
    }

    private static void apply(CrawlOptions.Builder b, Integer maxPages, Integer maxDepth, List<String> include,
            List<String> exclude, Boolean external, Boolean robots, Boolean sitemap, Integer concurrency, Double rate,
            Integer retries, Duration timeout, Duration maxTime, Duration slow, Long maxBody, List<String> signatures) {
        if (maxPages != null) {
            b.maxPages(maxPages);
        }
        if (maxDepth != null) {
            b.maxDepth(maxDepth);
        }
        if (include != null) {
            include.forEach(b::include);
        }
        if (exclude != null) {
            exclude.forEach(b::exclude);
        }
        if (external != null) {
            b.checkExternal(external);
        }
        if (robots != null) {
            b.respectRobots(robots);
        }
        if (sitemap != null) {
            b.sitemap(sitemap);
        }
        if (concurrency != null) {
            b.concurrency(concurrency);
        }
        if (rate != null) {
            b.rate(rate);
        }
        if (retries != null) {
            b.retries(retries);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (maxTime != null) {
            b.maxTime(maxTime);
        }
        if (slow != null) {
            b.slowBudget(slow);
        }
        if (maxBody != null) {
            b.maxBodyBytes(maxBody);
        }
        if (signatures != null) {
            signatures.forEach(b::addErrorSignature);
        }
    }

    /** Carriage-return updates on a terminal; a line every 5 seconds otherwise. */
    private static Thread progressThread(Crawler crawler, PrintWriter err) {
        boolean tty = System.console() != null;
        Thread t = Threads.daemonThread("crawl-progress", () -> {
            long every = tty ? 250 : 5000;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every);
                    CrawlProgress p = crawler.progress();
                    if (tty) {
                        err.print("\r" + p.line() + "   ");
                    } else {
                        err.println(p.line());
                    }
                    err.flush();
                }
            } catch (InterruptedException e) {
                // crawl finished
            }
            if (tty) {
                err.print("\r" + crawler.progress().line() + "\n");
                err.flush();
            }
        });
        t.start();
        return t;
    }
}
