package dev.headroom.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.ConfigException;
import dev.headroom.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Earlier gate runs to compare with ({@code --baseline REPORT|DIR}): their {@code report.json} files. A
 * measure regresses when it goes above its <em>band</em>: the baseline runs' median plus the largest of
 * their own spread (max - min), the tolerance's share of the median, and its minimum, so the gate fails
 * on a real regression and not on the noise the baseline itself shows. Gates that ran (passed or failed,
 * not refused or unreachable) are read: the crawl findings of any of them are known, the journeys' step
 * times (of steps that passed) and the load groups come only from runs whose stage passed. Load groups
 * are compared on the requests recorded while the load test held its rate, the ramp-up excluded
 * ({@link #hasLoadHolds()}).
 */
public final class Baseline {
    private final List<Path> files;
    private final List<GateData> runs;

    Baseline(List<Path> files, List<GateData> runs) {
        this.files = List.copyOf(files);
        this.runs = List.copyOf(runs);
    }

    /**
     * Reads a gate {@code report.json}, or every gate {@code report.json} in a folder (and one level of
     * sub-folders), keeping those of gates that ran (passed or failed).
     *
     * @throws ConfigException naming the file: not found, not a gate report, or no passing gate run in it
     */
    public static Baseline read(Path reportOrDir) {
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(reportOrDir)) {
            try (Stream<Path> s = Files.walk(reportOrDir, 2)) {
                s.filter(p -> p.getFileName().toString().equals("report.json")).sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw new ConfigException("--baseline: cannot read " + reportOrDir + ": " + e.getMessage());
            }
        } else if (Files.isRegularFile(reportOrDir)) {
            candidates.add(reportOrDir);
        } else {
            throw new ConfigException("--baseline: " + reportOrDir + ": no such file or folder");
        }
        List<Path> used = new ArrayList<>();
        List<GateData> runs = new ArrayList<>();
        for (Path p : candidates) {
            GateData d = readGate(p, "--baseline");
            if (d != null && ("PASSED".equals(d.verdict()) || "FAILED".equals(d.verdict()))) {
                used.add(p);
                runs.add(d);
            }
        }
        if (runs.isEmpty()) {
            throw new ConfigException("--baseline: " + reportOrDir + ": no gate report.json of a run that ran"
                    + (candidates.isEmpty() ? " in it" : " among " + candidates.size() + " report(s)"));
        }
        return new Baseline(used, runs);
    }

    /**
     * The reports a gate was compared with, as its report.json lists them (those still there), or null if
     * none is left: what {@code recheck} compares with again.
     */
    public static Baseline readFiles(List<Path> reports) {
        List<Path> used = new ArrayList<>();
        List<GateData> runs = new ArrayList<>();
        for (Path p : reports) {
            if (Files.isRegularFile(p)) {
                GateData d = readGate(p, "baseline");
                if (d != null) {
                    used.add(p);
                    runs.add(d);
                }
            }
        }
        return runs.isEmpty() ? null : new Baseline(used, runs);
    }

    /** True if {@code path} is a folder with no {@code report.json} in it (or one level down): a pipeline's first run. */
    public static boolean isEmptyFolder(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(path, 2)) {
            return s.noneMatch(p -> p.getFileName().toString().equals("report.json"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A gate report's data; null if the file is a report of another tool (a folder may hold those too). */
    static GateData readGate(Path file, String option) {
        try {
            JsonNode root = Json.REPORT.readTree(Files.readString(file));
            if (root == null || !"gate".equals(root.path("tool").asText()) || !root.has("data")) {
                return null;
            }
            return Json.REPORT.treeToValue(root.get("data"), GateData.class);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(option + ": " + file + ": not a readable gate report.json: " + e.getMessage());
        }
    }

    /** The reports used, in path order. */
    public List<Path> files() {
        return files;
    }

    /** The runs used. */
    public List<GateData> runs() {
        return runs;
    }

    /** Every failing crawl finding of any baseline run ({@code KIND path}). */
    public Set<String> knownFindings() {
        Set<String> out = new HashSet<>();
        runs.forEach(r -> out.addAll(r.findings()));
        return out;
    }

    /** Every run's times of {@code journey}'s {@code step} (ms); empty if the baseline never ran it. */
    public List<Double> stepTimes(String journey, String step) {
        List<Double> out = new ArrayList<>();
        for (GateData r : runs) {
            if (!stagePassed(r, GateStage.JOURNEYS)) {
                continue;
            }
            var steps = r.journeySteps().get(journey);
            if (steps != null && steps.get(step) != null) {
                out.addAll(steps.get(step));
            }
        }
        return out;
    }

    /**
     * Fewest requests of a load group for its measure to be compared at all: a p95 of 10 requests is its
     * second-worst request, noise, not a measure. A run (this one or a baseline's) with fewer is left out.
     */
    public static long minRequests(String measure) {
        return switch (measure) {
            case "p99" -> 200;
            default -> 50;
        };
    }

    /**
     * Whether the load groups are compared on their hold-only figures ({@link GateData#loadHolds()}, the
     * ramp-up left out): true when any baseline run whose load stage passed has them. False only when
     * every such report predates them; then both sides are compared on the whole run, like with like.
     */
    public boolean hasLoadHolds() {
        return loadRuns(true) > 0;
    }

    /**
     * How many runs whose load stage passed have hold-only figures ({@code holds}), or load figures
     * at all: when a folder mixes reports from before and after hold figures, the two differ.
     */
    public int loadRuns(boolean holds) {
        return (int) runs.stream()
                .filter(r -> stagePassed(r, GateStage.LOAD) && (holds ? r.loadHolds() : r.load()) != null).count();
    }

    /**
     * Each run's measure of a load group ({@code p95}, {@code p99} or {@code errorRate}), over its holds
     * ({@code holds}; runs without hold figures are left out) or its whole run; runs without the group,
     * or with fewer than {@link #minRequests} requests in it, are left out.
     */
    public List<Double> load(String group, String measure, boolean holds) {
        List<Double> out = new ArrayList<>();
        for (GateData r : runs) {
            Map<String, GateData.LoadGroup> groups = holds ? r.loadHolds() : r.load();
            if (!stagePassed(r, GateStage.LOAD) || groups == null) {
                continue;
            }
            GateData.LoadGroup g = groups.get(group);
            if (g == null || g.requests() < minRequests(measure)) {
                continue;
            }
            double v = switch (measure) {
                case "p95" -> g.p95Ms();
                case "p99" -> g.p99Ms();
                default -> g.errorRate();
            };
            if (v >= 0) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean stagePassed(GateData r, GateStage stage) {
        return r.stages().stream().anyMatch(s -> s.stage().equals(stage.label())
                && (s.status().equals("PASSED") || s.status().equals("DEGRADED")));
    }

    /**
     * A measure against its band.
     *
     * @param what what was measured, for people
     * @param current this run's value
     * @param median the baseline's median
     * @param allowed the top of the band: above it is a regression
     * @param samples how many baseline values the band is built from
     */
    public record Comparison(String what, double current, double median, double allowed, int samples) {
        public boolean regressed() {
            return current > allowed;
        }

        /** "412 ms against a baseline of 12 ms (band up to 112 ms, 6 samples)". */
        public String message(String unit) {
            return String.format(Locale.ROOT, "%s %s against a baseline of %s %s (band up to %s %s, %d sample%s)%s",
                    num(current), unit, num(median), unit, num(allowed), unit, samples, samples == 1 ? "" : "s",
                    regressed() ? ": a regression" : "");
        }

        private static String num(double d) {
            return Math.abs(d) < 1 && d != 0 ? String.format(Locale.ROOT, "%.4f", d) : String.format(Locale.ROOT, "%.0f", d);
        }
    }

    /** A latency against its band: median + max(spread, share x median, minimum). */
    public static Comparison latency(String what, double current, Collection<Double> baseline, GateConfig.Tolerance t) {
        double median = median(baseline);
        double spread = baseline.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                - baseline.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double allowance = Math.max(spread, Math.max(t.latency() * median, t.minLatency().toNanos() / 1e6));
        return new Comparison(what, current, median, median + allowance, baseline.size());
    }

    /** An error rate against the baseline's worst plus the tolerance. */
    public static Comparison errorRate(String what, double current, Collection<Double> baseline, GateConfig.Tolerance t) {
        double worst = baseline.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Comparison(what, current, median(baseline), worst + t.errorRate(), baseline.size());
    }

    /** The median of {@code values}; 0 for none. */
    public static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
