package dev.headroom.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The traffic-model engine: reads access logs in one streaming pass and builds the {@link
 * TrafficModel}. {@code headroom model} and the demo both call it; the command only parses its
 * options, calls {@link #run}, writes and exits.
 */
public final class Modelling {

    /**
     * How to read and analyse the logs.
     *
     * @param classifier route classes for the mix
     * @param sessionTimeout idle time that ends a visit
     * @param format the log format (or AUTO)
     * @param jsonFields field names for JSON lines
     * @param sessionCookie the shop's session cookie name, if logged
     * @param analysis zone, top journeys, quiet-window length...
     * @param progress called as files are read
     */
    public record Options(RouteClassifier classifier, Duration sessionTimeout, LogFormat format, JsonFields jsonFields,
            String sessionCookie, TrafficAnalyzer.Options analysis, AccessLogReader.Progress progress) {
        public Options {
            Objects.requireNonNull(classifier, "classifier");
            Objects.requireNonNull(sessionTimeout, "sessionTimeout");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(jsonFields, "jsonFields");
            Objects.requireNonNull(analysis, "analysis");
            progress = progress == null ? (file, lines, read, size, nanos) -> { } : progress;
        }
    }

    /**
     * A model and how its logs were read.
     *
     * @param model the model (written by the caller: {@link ModelYaml#write})
     * @param files each log's counts, and the error that cut it short, if any
     * @param badExamples a few bad lines, for the summary
     * @param bytes bytes of log read
     * @param took the reading and analysis time
     */
    public record Result(TrafficModel model, List<AccessLogReader.FileResult> files, List<String> badExamples, long bytes,
            Duration took) {
        /** Lines read across the files. */
        public long lines() {
            return files.stream().mapToLong(AccessLogReader.FileResult::lines).sum();
        }

        /** True if a file was cut short (a broken gzip, say): the model misses an unknown share of it. */
        public boolean incomplete() {
            return files.stream().anyMatch(r -> r.readError() != null);
        }

        /** The one-screen summary {@code headroom model} prints. */
        public String summaryText() {
            return ModelSummary.text(model, badExamples);
        }
    }

    /** Input no model can come from (a file that is not a log, empty logs); the message names the file. */
    public static final class UnusableInput extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableInput(String message) {
            super(message);
        }
    }

    private Modelling() {
    }

    /** Reads {@code logs} in order and models them. */
    public static Result run(List<Path> logs, Options options) throws UnusableInput {
        TrafficAnalyzer analyzer = new TrafficAnalyzer(options.classifier(), options.sessionTimeout());
        AccessLogReader reader = new AccessLogReader(analyzer, options.format(), options.jsonFields(),
                options.sessionCookie(), options.progress());
        long t0 = System.nanoTime();
        long bytes = 0;
        List<AccessLogReader.FileResult> results = new ArrayList<>();
        for (Path log : logs) {
            AccessLogReader.FileResult r;
            try {
                r = reader.read(log);
                bytes += Files.size(log);
            } catch (IOException e) { // opening it failed (reading errors are the reader's tail)
                throw new UnusableInput(log + ": cannot read it: " + e.getMessage());
            }
            results.add(r);
            if (r.readError() != null && r.requests() == 0 && r.lines() == 1) {
                throw new UnusableInput(r.readError());
            }
            if (r.lines() > 0 && r.requests() == 0) {
                throw new UnusableInput(log + ": none of its " + r.lines() + " lines is a "
                        + r.format().name().toLowerCase(Locale.ROOT) + " access log line (first: " + r.firstError() + ")"
                        + (r.format() == LogFormat.JSON ? "; check --json-fields" : "; is it --format json?"));
            }
        }
        if (analyzer.requests() == 0) {
            throw new UnusableInput("no requests in " + logs + " (the files are empty)");
        }
        TrafficModel model = analyzer.model(reader.sources(), reader.badLines(), options.analysis());
        return new Result(model, List.copyOf(results), reader.examples(), bytes,
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
