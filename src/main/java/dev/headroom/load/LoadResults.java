package dev.headroom.load;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one injector (or several, merged) measured: the histograms by request group and outcome,
 * serialised with HdrHistogram's compressed encoding, plus when it ran and whether it stopped early.
 * The simulation writes it as {@code results.json}; the report carries it as {@code data} in
 * {@code report.json}; {@code headroom load merge} reads either and adds the histograms exactly.
 *
 * @param target base URL
 * @param shards the shards these results cover, e.g. ["1/2", "2/2"]
 * @param startedAtMs epoch milliseconds of the first shard's start
 * @param endedAtMs epoch milliseconds of the last shard's end
 * @param aborted whether any shard stopped early
 * @param abortReasons why, one line per shard that stopped
 * @param groups one entry per request group and outcome
 * @param holds the same, counting only the requests recorded while the plan held a stage's rate (its
 *     ramps, and customers finishing after the plan's end, left out); groups with none are absent; null
 *     in results written before Headroom kept them (or merged with such)
 * @param failures the failures Headroom can name (a refused redirect, too many redirects), counted by
 *     request group and message; the failed requests are in {@code groups} too
 * @param journeys the journeys' verdicts: per journey, step and status, and per whole run (step "")
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadResults(
        String target,
        List<String> shards,
        long startedAtMs,
        long endedAtMs,
        boolean aborted,
        List<String> abortReasons,
        List<GroupHistogram> groups,
        List<GroupHistogram> holds,
        List<Failure> failures,
        List<StepCount> journeys) {

    private static final ObjectMapper JSON = Json.DATA;

    public LoadResults {
        shards = shards == null ? List.of() : List.copyOf(shards);
        abortReasons = abortReasons == null ? List.of() : List.copyOf(abortReasons);
        groups = groups == null ? List.of() : List.copyOf(groups);
        holds = holds == null ? null : List.copyOf(holds);
        failures = failures == null ? List.of() : List.copyOf(failures);
        journeys = journeys == null ? List.of() : List.copyOf(journeys);
    }

    /** How many times one step of one journey (or a whole run, step "") ended with one status. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepCount(String journey, String step, String status, long count) {
    }

    /** Counts of {@code journey}'s step {@code step} ("" for whole runs) by status. */
    public Map<String, Long> statuses(String journey, String step) {
        Map<String, Long> m = new TreeMap<>();
        journeys.stream().filter(c -> c.journey().equals(journey) && c.step().equals(step))
                .forEach(c -> m.merge(c.status(), c.count(), Long::sum));
        return m;
    }

    /**
     * Failed requests of one group with one message.
     *
     * @param refused a hop was not sent: its host is not on the allowlist
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String group, String message, boolean refused, long count) {
    }

    /**
     * One histogram, in milliseconds; the percentiles are for reading, {@code histogram} is the data.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GroupHistogram(String group, String outcome, long count, double meanMs, long p50Ms, long p95Ms,
            long p99Ms, long maxMs, String histogram) {
        static GroupHistogram of(Recorder.Key key, Histogram h) {
            return new GroupHistogram(key.group(), key.outcome(), h.getTotalCount(), round(h.getMean()),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getMaxValue(),
                    Recorder.encode(h));
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /** Everything {@code recorder} kept, hold-only histograms included. */
    public static LoadResults of(String target, String shard, long startedAtMs, long endedAtMs, String abortReason,
            Recorder recorder) {
        return new LoadResults(target, List.of(shard), startedAtMs, endedAtMs, abortReason != null,
                abortReason == null ? List.of() : List.of(abortReason), groupList(recorder.snapshot()),
                groupList(recorder.holdSnapshot()), failureList(recorder.failures()), stepList(recorder.steps()));
    }

    private static List<GroupHistogram> groupList(Map<Recorder.Key, Histogram> histograms) {
        List<GroupHistogram> out = new ArrayList<>();
        new TreeMap<>(histograms).forEach((k, h) -> out.add(GroupHistogram.of(k, h)));
        return out;
    }

    private static List<StepCount> stepList(Map<Recorder.StepKey, Long> steps) {
        List<StepCount> out = new ArrayList<>();
        new TreeMap<>(steps).forEach((k, n) -> out.add(new StepCount(k.journey(), k.step(), k.status(), n)));
        return out;
    }

    private static List<Failure> failureList(Map<Recorder.FailureKey, Long> failures) {
        List<Failure> out = new ArrayList<>();
        new TreeMap<>(failures).forEach((k, n) -> out.add(new Failure(k.group(), k.message(), k.refused(), n)));
        return out;
    }

    /**
     * The same results, marked as stopped early for {@code reason} (kept once), which replaces the
     * injector's own "terminated" (it cannot know why).
     */
    public LoadResults stopped(String reason) {
        List<String> reasons = new ArrayList<>(abortReasons);
        reasons.remove(InjectorRuntime.STOPPED_REASON);
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
        return new LoadResults(target, shards, startedAtMs, endedAtMs, true, reasons, groups, holds, failures, journeys);
    }

    /** Requests whose redirect was refused (not sent: host not on the allowlist). */
    public long refusedRequests() {
        return failures.stream().filter(Failure::refused).mapToLong(Failure::count).sum();
    }

    /** The decoded histograms by key. */
    public Map<Recorder.Key, Histogram> histograms() {
        return decode(groups);
    }

    /** The decoded hold-only histograms by key ({@link #holds}); null if these results have none. */
    public Map<Recorder.Key, Histogram> holdHistograms() {
        return holds == null ? null : decode(holds);
    }

    private static Map<Recorder.Key, Histogram> decode(List<GroupHistogram> list) {
        Map<Recorder.Key, Histogram> out = new TreeMap<>();
        for (GroupHistogram g : list) {
            out.merge(new Recorder.Key(g.group(), g.outcome()), Recorder.decode(g.histogram()), (a, b) -> {
                a.add(b);
                return a;
            });
        }
        return out;
    }

    public long totalRequests() {
        return groups.stream().mapToLong(GroupHistogram::count).sum();
    }

    public long failedRequests() {
        return groups.stream().filter(g -> Recorder.KO.equals(g.outcome())).mapToLong(GroupHistogram::count).sum();
    }

    /**
     * Adds the histograms exactly (bucket by bucket) and spans the time of all parts. The hold-only
     * histograms are added the same way; if a part has none (older results), neither has the merge:
     * a sum missing a part's holds would look complete and be wrong.
     */
    public static LoadResults merge(List<LoadResults> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Map<Recorder.Key, Histogram> sum = new TreeMap<>();
        Map<Recorder.Key, Histogram> holdSum = parts.stream().allMatch(p -> p.holds() != null) ? new TreeMap<>() : null;
        Map<Recorder.FailureKey, Long> failures = new TreeMap<>();
        Map<Recorder.StepKey, Long> steps = new TreeMap<>();
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        List<String> shards = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        boolean aborted = false;
        for (LoadResults p : parts) {
            addInto(sum, p.histograms());
            if (holdSum != null) {
                addInto(holdSum, p.holdHistograms());
            }
            p.failures().forEach(f -> failures.merge(new Recorder.FailureKey(f.group(), f.message(), f.refused()),
                    f.count(), Long::sum));
            p.journeys().forEach(c -> steps.merge(new Recorder.StepKey(c.journey(), c.step(), c.status()), c.count(), Long::sum));
            targets.add(p.target());
            shards.addAll(p.shards());
            reasons.addAll(p.abortReasons());
            start = Math.min(start, p.startedAtMs());
            end = Math.max(end, p.endedAtMs());
            aborted |= p.aborted();
        }
        return new LoadResults(String.join(", ", targets), shards, start, end, aborted, reasons, groupList(sum),
                holdSum == null ? null : groupList(holdSum), failureList(failures), stepList(steps));
    }

    private static void addInto(Map<Recorder.Key, Histogram> sum, Map<Recorder.Key, Histogram> part) {
        part.forEach((k, h) -> sum.computeIfAbsent(k, x -> Recorder.newHistogram()).add(h));
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads a {@code results.json}, a {@code report.json} of a load run (its {@code data}), or a
     * directory holding either.
     */
    public static LoadResults read(Path path) throws IOException {
        Path file = path;
        if (Files.isDirectory(path)) {
            file = Files.exists(path.resolve("report.json")) ? path.resolve("report.json") : path.resolve("results.json");
        }
        if (!Files.exists(file)) {
            throw new IOException(path + ": no report.json or results.json there");
        }
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode node = root.has("data") && root.has("schemaVersion") ? root.get("data") : root;
        if (node == null || !node.has("groups")) {
            throw new IOException(file + ": not the results of a load run (no histogram groups)");
        }
        return JSON.treeToValue(node, LoadResults.class);
    }
}
