package dev.headroom.cli;

import dev.headroom.config.Durations;
import dev.headroom.http.Redactor;
import dev.headroom.model.AccessLogGenerator;
import dev.headroom.model.AccessLogReader;
import dev.headroom.model.JsonFields;
import dev.headroom.model.LogFormat;
import dev.headroom.model.ModelSummary;
import dev.headroom.model.Modelling;
import dev.headroom.model.ModelYaml;
import dev.headroom.model.RouteClassifier;
import dev.headroom.model.TrafficAnalyzer;
import dev.headroom.model.TrafficModel;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Format;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code headroom model ACCESS_LOG...}: reads access logs in one streaming pass, writes the traffic
 * model (YAML) the load simulations read, and prints the peak, the hours to avoid for changes, the
 * quietest windows, the mix and the top journeys. {@code headroom model generate} writes a realistic
 * week of access log for the reference storefront.
 */
@Command(name = "model",
        description = {
            "Build a traffic model from access logs (nginx/Apache combined or JSON lines, plain or gzip): the peak,",
            "an hour-of-week heatmap, the request mix, sessions, journeys and think times. Writes a YAML model",
            "for the load tests and prints the peak hours to avoid for changes and the quietest windows.",
            "Exits 0 when a model was written (bad lines are counted, not fatal), 1 when it was written from a file",
            "that could not be read to its end (a truncated or corrupt gzip), 2 on unusable input."},
        subcommands = {ModelCommand.GenerateCommand.class})
final class ModelCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ACCESS_LOG", description = "Access log files, oldest first (plain or .gz).")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|combined|json",
            description = "Log format. Default: ${DEFAULT-VALUE} (JSON if the first line starts with '{').")
    String format;

    @Option(names = "--json-fields", paramLabel = "KEY=FIELD,...",
            description = "JSON field names for ts, path, status, ip, ua, session. Default: " + "ts=time,path=request_uri,status=status,"
                    + "ip=remote_addr,ua=http_user_agent,session=session.")
    String jsonFields;

    @Option(names = "--session-cookie", defaultValue = "HRSESSION", paramLabel = "NAME",
            description = "Session cookie in an extra quoted field after the user agent (combined). Default: ${DEFAULT-VALUE}.")
    String sessionCookie;

    @Option(names = "--classifier", paramLabel = "FILE", description = "Route classes as YAML (see README); default: built-in rules.")
    Path classifierFile;

    @Option(names = "--config", paramLabel = "FILE", description = "A shop file (headroom.yaml): its model section's"
            + " classifier and zone, unless --classifier or --zone is given.")
    Path config;

    @Option(names = "--context-path", paramLabel = "PATH",
            description = "The shop is deployed under PATH (e.g. /shop): route rules see /shop/cart as /cart. Default: none.")
    String contextPath;

    @Option(names = "--out", defaultValue = "model.yaml", paramLabel = "FILE", description = "Model file to write. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write report.json, summary.md and model.md into DIR.")
    Path reportDir;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone for the heatmap and windows, e.g. Europe/Berlin or +01:00. Default: the log's UTC offset.")
    String zone;

    @Option(names = "--session-timeout", defaultValue = "30m", converter = Durations.PicocliConverter.class,
            description = "Idle time that ends a session. Default: ${DEFAULT-VALUE}.")
    Duration sessionTimeout;

    @Option(names = "--top", defaultValue = "10", description = "Journeys to keep. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--window", defaultValue = "2h", converter = Durations.PicocliConverter.class,
            description = "Length of the quiet windows, whole hours. Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--include-static", description = "Count static assets in the mix.")
    boolean includeStatic;

    @Option(names = "--no-progress", description = "No progress lines on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (logs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: ACCESS_LOG");
        }
        fromShopFile();
        LogFormat logFormat;
        try {
            logFormat = LogFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--format: expected auto, combined or json, got '" + format + "'");
        }
        JsonFields fields;
        ZoneId zoneId = null;
        try {
            fields = JsonFields.parse(jsonFields);
            if (zone != null) {
                zoneId = ZoneId.of(zone);
            }
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        } catch (DateTimeException e) {
            throw CliException.usage("--zone: unknown time zone '" + zone + "' (e.g. Europe/Berlin, +01:00, UTC)");
        }
        // A session idle for more than a day is no visit any analytics tool would count; the sweep sizes by it too.
        if (top < 1 || window.toHours() < 1 || window.toHours() > 24 || window.toMinutesPart() != 0 || sessionTimeout.toSeconds() < 1
                || sessionTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw CliException.usage("--top must be >= 1, --window whole hours from 1h to 24h, --session-timeout from 1s to 1d");
        }
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) {
                throw CliException.usage(log + ": " + (Files.exists(log) ? "not a regular file" : "file not found"));
            }
            if (!Files.isReadable(log)) {
                throw CliException.usage(log + ": not readable");
            }
        }
        RouteClassifier classifier = classifierFile == null ? RouteClassifier.defaults() : RouteClassifier.load(classifierFile);
        if (contextPath != null) {
            try {
                classifier = classifier.underContextPath(contextPath);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--context-path: " + e.getMessage());
            }
        }
        Progress progress = new Progress(stderr, !noProgress);
        Instant started = Instant.now();
        Modelling.Result result;
        try {
            result = Modelling.run(logs, new Modelling.Options(classifier, sessionTimeout, logFormat, fields, sessionCookie,
                    new TrafficAnalyzer.Options(zoneId, top, includeStatic, (int) window.toHours(), 3, 5), progress));
        } catch (Modelling.UnusableInput e) {
            throw CliException.usage(e.getMessage());
        }
        TrafficModel model = result.model();
        ModelYaml.write(model, out);
        progress.done(result.lines(), result.bytes(), result.took().toNanos() / 1e9);
        model.notes().forEach(note -> stderr.println("headroom model: warning: " + note));
        stderr.flush();
        stdout.print(result.summaryText());
        stdout.printf("%nModel written to %s (schemaVersion %d)%n", out, model.schemaVersion());
        if (reportDir != null) {
            List<Path> written = writeReport(model, result.files(), started, result.took().toNanos() / 1e9);
            written.forEach(p -> stdout.printf("Report: %s%n", p));
        }
        stdout.flush();
        // a model from a file cut short is written, but is missing an unknown share of that file
        return result.incomplete() ? ExitCode.CHECKS_FAILED : ExitCode.OK;
    }

    /** The one place that reads --config: the shop file's model section under the command line's options (only a shop file). */
    private void fromShopFile() {
        if (config == null) {
            return;
        }
        ShopFile.Model section = ShopFile.load(config).model();
        if (classifierFile == null && section.classifier() != null) {
            classifierFile = Path.of(section.classifier());
        }
        if (zone == null) {
            zone = section.zone();
        }
        if (contextPath == null) {
            contextPath = section.contextPath();
        }
    }

    private List<Path> writeReport(TrafficModel model, List<AccessLogReader.FileResult> results, Instant started, double seconds)
            throws IOException {
        Report.Builder report = Report.builder("model").title("Headroom traffic model")
                .target(String.join(", ", logs.stream().map(Path::toString).toList()))
                .startedAt(started).duration(Duration.ofMillis((long) (seconds * 1000)))
                .summary("requests", model.requests().total())
                .summary("bad lines", model.requests().badLines())
                .summary("requests left out of the time window", model.timeRange().excludedRequests())
                .summary("peak minute", model.peak().minuteStart().toString())
                .summary("peak sustained rps", model.peak().sustainedRps())
                .summary("peak burst rps", model.peak().burstRps())
                .summary("mean rps", model.rates().meanRps())
                .summary("p99 rps", model.rates().p99Rps())
                .summary("sessions", model.sessions().count())
                .summary("think time p50", model.thinkTime().p50())
                .summary("model file", out.toString())
                .data(model);
        if (!model.notes().isEmpty()) {
            report.summary("warnings", String.join("; ", model.notes()));
        }
        for (AccessLogReader.FileResult r : results) {
            report.addCase(CheckCase.builder("read", r.file().toString())
                    .status(r.readError() != null ? Status.FAILED : r.badLines() == 0 ? Status.PASSED : Status.DEGRADED)
                    .message(r.requests() + " requests, " + r.badLines() + " bad lines"
                            + (r.readError() != null ? "; not read to its end: " + r.readError()
                                    : r.firstError() == null ? "" : "; first: " + r.firstError()))
                    .build());
        }
        List<Path> written = new ArrayList<>(ReportWriter.write(report.build(), reportDir, EnumSet.of(Format.JSON, Format.MARKDOWN)));
        // Through the writer: atomic, and a token in a logged URL is masked as in every report.
        written.add(ReportWriter.writeText(ModelSummary.markdown(model), reportDir.resolve("model.md"), Redactor.defaults()));
        return written;
    }

    /** Progress lines on stderr, at most every 2 s, once a file has taken more than 2 s. */
    private static final class Progress implements AccessLogReader.Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private long lastPrint = System.nanoTime();
        private boolean printed;

        Progress(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void update(Path file, long lines, long bytesRead, long fileBytes, long nanosElapsed) {
            long now = System.nanoTime();
            if (!enabled || nanosElapsed < 2_000_000_000L || now - lastPrint < 2_000_000_000L) {
                return;
            }
            lastPrint = now;
            printed = true;
            err.printf(Locale.ROOT, "headroom model: %s: %.0f%% of %.1f MB read, %,d lines, %,.0f lines/s%n", file,
                    fileBytes == 0 ? 100.0 : 100.0 * bytesRead / fileBytes, fileBytes / 1e6, lines, lines / (nanosElapsed / 1e9));
            err.flush();
        }

        void done(long lines, long bytes, double seconds) {
            if (enabled && (printed || seconds > 1)) {
                err.printf(Locale.ROOT, "headroom model: read %,d lines (%.1f MB) in %.2f s, %,.0f lines/s%n", lines, bytes / 1e6,
                        seconds, lines / Math.max(seconds, 1e-9));
                err.flush();
            }
        }
    }

    /** {@code headroom model generate}: a realistic week of access log for the reference storefront. */
    @Command(name = "generate", description = {
        "Write a realistic access log (combined format) for the reference storefront: a weekly rhythm with an",
        "evening peak, quiet nights and a Monday-night rush (Mon 20:00-22:00 at 2x a normal evening), customer",
        "journeys with think times, static assets, a few bots, 404s and (unless --clean) malformed lines."})
    static final class GenerateCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Log file to write; gzip if it ends in .gz.")
        Path out;

        @Option(names = "--days", defaultValue = "7", description = "Days of log. Default: ${DEFAULT-VALUE}.")
        int days;

        @Option(names = "--peak-rps", defaultValue = "20", paramLabel = "N",
                description = "Request rate (all requests) during the Monday-night rush. Default: ${DEFAULT-VALUE}.")
        double peakRps;

        @Option(names = "--start", defaultValue = "2026-11-16", paramLabel = "DATE", description = "First day (UTC). Default: ${DEFAULT-VALUE} (a Monday).")
        String start;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed writes the same log. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--clean", description = "No malformed lines.")
        boolean clean;

        @Override
        public Integer call() throws IOException {
            LocalDate first;
            try {
                first = LocalDate.parse(start);
            } catch (DateTimeException e) {
                throw CliException.usage("--start: expected a date like 2026-11-16, got '" + start + "'");
            }
            if (days < 1 || days > 366 || !(peakRps > 0) || peakRps > 100_000) {
                throw CliException.usage("--days must be 1..366 and --peak-rps between 0 and 100000");
            }
            long t0 = System.nanoTime();
            AccessLogGenerator.Result r = AccessLogGenerator.write(out, new AccessLogGenerator.Options(first, days, peakRps, seed, clean));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(Locale.ROOT, "Wrote %s: %,d lines (%,d malformed), %,d customer sessions, %,d bot sessions, %s to %s, in %.1f s%n",
                    out, r.lines(), r.malformed(), r.customerSessions(), r.botSessions(), first, first.plusDays(days),
                    (System.nanoTime() - t0) / 1e9);
            stdout.printf("Customer page requests by class: %s%n", r.pages());
            stdout.flush();
            return ExitCode.OK;
        }
    }
}
