package dev.headroom.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A traffic model: what {@code headroom model} learnt from access logs, as written to
 * {@code model.yaml} and read back by the load simulations with {@link #load(Path)}.
 *
 * <p>The file layout is {@link #SCHEMA_VERSION} 1; fields are only ever added within a version. Rates
 * are requests per second (rps) over <em>all</em> requests the server logged (pages, static assets,
 * bots), unless named {@code page...}. Shares are fractions in [0, 1]. Times carry the log's UTC
 * offset (read back as {@link OffsetDateTime}; compare with {@code isEqual}). Durations are human
 * durations ({@code 8s}, {@code 1m30s}). {@code notes} says, for people, what the model had to work
 * around (a file cut short, requests far outside the log's time range, a long silent gap); empty
 * when nothing. See README, "./headroom model", for every field.
 */
public record TrafficModel(
        @JsonProperty(required = true) int schemaVersion,
        String generatedBy,
        List<Source> sources,
        TimeRange timeRange,
        Requests requests,
        Rates rates,
        @JsonProperty(required = true) Peak peak,
        Map<String, List<Double>> heatmap,
        @JsonProperty(required = true) Map<String, Double> mix,
        double staticShare,
        List<Journey> journeys,
        ThinkTime thinkTime,
        Sessions sessions,
        Windows windows,
        List<String> notes) implements Validatable {

    public static final int SCHEMA_VERSION = 1;
    /** Day names used as heatmap keys and in windows, Monday first. */
    public static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

    public TrafficModel {
        sources = sources == null ? List.of() : List.copyOf(sources);
        heatmap = heatmap == null ? Map.of() : heatmap;
        journeys = journeys == null ? List.of() : List.copyOf(journeys);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Reads a model file through {@link ConfigLoader} (file:line:column errors, exit code 2 in the CLI). */
    public static TrafficModel load(Path file) {
        return ConfigLoader.load(file, TrafficModel.class);
    }

    @Override
    public void validate(Validation v) {
        v.require(schemaVersion == SCHEMA_VERSION, "schemaVersion",
                "this Headroom reads schemaVersion " + SCHEMA_VERSION + ", got " + schemaVersion);
        v.require(peak.sustainedRps() >= 0, "peak.sustainedRps", "must not be negative");
        mix.forEach((k, share) -> v.require(share != null && share >= 0 && share <= 1, "mix." + k, "must be a share between 0 and 1"));
        for (int i = 0; i < journeys.size(); i++) {
            Journey j = journeys.get(i);
            v.require(j.share() >= 0 && j.share() <= 1, "journeys[" + i + "].share", "must be a share between 0 and 1");
        }
        heatmap.forEach((day, hours) -> {
            v.require(DAYS.contains(day), "heatmap." + day, "must be one of " + String.join(", ", DAYS));
            v.require(hours == null || hours.size() == 24, "heatmap." + day, "must list 24 hours");
        });
    }

    /**
     * One input file. {@code readError} is null when it was read to its end, else {@code file:line: why}
     * (a gzip cut short or corrupt): the model holds what came before, the tail counts as one bad line.
     */
    public record Source(@JsonProperty(required = true) String file, String format, long lines, long requests, long badLines,
            String readError) {
    }

    /**
     * The time window: first and last request, the zone the heatmap and windows use, and the seconds
     * covered. {@code excludedRequests} were dated far outside the rest of the log (see {@code notes}):
     * they are counted in {@link Requests} but left out of the window, the rates, the peak and the heatmap.
     */
    public record TimeRange(OffsetDateTime start, OffsetDateTime end, String zone, long seconds, long excludedRequests) {
    }

    /** Request counts; {@code pages} excludes static assets, {@code bots} are page requests by crawlers. */
    public record Requests(long total, long pages, @JsonProperty("static") long staticAssets, long bots,
            Map<String, Long> status, long badLines) {
    }

    /** Per-second request rates over the time window (silent seconds count as 0). */
    public record Rates(double meanRps, double p50Rps, double p90Rps, double p99Rps, double maxSecondRps,
            OffsetDateTime maxSecond, double busiestHourRps, OffsetDateTime busiestHourStart) {
    }

    /**
     * The peak: the busiest clock minute. {@code sustainedRps} = its requests / 60, the rate to
     * multiply for a load test; {@code burstRps} = its busiest second; {@code pageRps} and {@code
     * sessionStartsPerSecond} are the page requests and new customer sessions per second in it.
     */
    public record Peak(@JsonProperty(required = true) OffsetDateTime minuteStart, long requests,
            @JsonProperty(required = true) double sustainedRps, double burstRps, OffsetDateTime burstSecond,
            double pageRps, double sessionStartsPerSecond) {
    }

    /** A journey shape: the route classes a session went through, repeats collapsed. */
    public record Journey(@JsonProperty(required = true) String shape, double share, long sessions, List<String> steps) {
        public Journey {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    /** Gaps between consecutive page requests of a customer session (redirect follow-ups excluded). */
    public record ThinkTime(Duration p50, Duration p90, Duration p99, Duration mean, long samples) {
    }

    /**
     * Customer sessions (bots apart): count, pages per session, session length (first to last page),
     * and {@code reach}: the share of sessions that visited each route class at least once.
     */
    public record Sessions(long count, long bots, Duration timeout, double pagesMean, int pagesP50, int pagesP90,
            Duration durationP50, Duration durationP90, Map<String, Double> reach) {
    }

    /** The busiest hours of the week to avoid for changes, and the quietest windows to make them in. */
    public record Windows(List<HourLoad> avoid, List<Window> quiet) {
        public Windows {
            avoid = avoid == null ? List.of() : List.copyOf(avoid);
            quiet = quiet == null ? List.of() : List.copyOf(quiet);
        }
    }

    /** An hour of the week ({@code day} Mon..Sun, {@code hour} 0..23) and its average rps. */
    public record HourLoad(@JsonProperty(required = true) String day, int hour, double rps) {
        public String label() {
            return String.format("%s %02d:00-%02d:00", day, hour, (hour + 1) % 24);
        }
    }

    /** A window of {@code hours} hours starting at {@code day} {@code hour}:00, and its average rps. */
    public record Window(@JsonProperty(required = true) String day, int hour, int hours, double rps) {
        public String label() {
            int endHour = (hour + hours) % 24;
            String endDay = DAYS.get((DAYS.indexOf(day) + (hour + hours) / 24) % 7);
            return String.format("%s %02d:00 - %s%02d:00", day, hour, endDay.equals(day) ? "" : endDay + " ", endHour);
        }
    }
}
