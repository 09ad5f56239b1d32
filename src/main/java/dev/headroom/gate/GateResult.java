package dev.headroom.gate;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a gate came to: the verdict, every check by stage, and what it measured ({@link GateData}, which a
 * later gate reads back as its baseline). {@link #toReport()} is the shared report: tool {@code gate}, a
 * suite per stage ({@code preflight} first), a case per check; {@code version}, {@code target}, the
 * override and the refusal in its summary and data.
 */
public final class GateResult implements Outcome {
    private final Verdict verdict;
    private final String shop;
    private final String target;
    private final Instant startedAt;
    private final Duration duration;
    private final List<CheckCase> cases;
    private final GateData data;
    private final Path out;

    private GateResult(Verdict verdict, String shop, String target, Instant startedAt, Duration duration,
            List<CheckCase> cases, GateData data, Path out) {
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.shop = shop;
        this.target = target;
        this.startedAt = startedAt;
        this.duration = duration;
        this.cases = List.copyOf(cases);
        this.data = data;
        this.out = out;
    }

    /**
     * PASSED when every stage run passed (degraded checks included); FAILED when a check failed;
     * UNREACHABLE when a stage could not reach the shop at all; STOPPED by Ctrl-C or SIGTERM; REFUSED when
     * the preflight refused it (nothing was sent to the shop).
     */
    @Override
    public Verdict verdict() {
        return verdict;
    }

    /** Every check, preflight first, then the stages in the order run (skipped ones as SKIPPED). */
    public List<CheckCase> cases() {
        return cases;
    }

    /** What the run measured, as report.json keeps it. */
    public GateData data() {
        return data;
    }

    /** Where the reports go. */
    public Path out() {
        return out;
    }

    /** The target the gate ran against. */
    public String target() {
        return target;
    }

    /** The checks that failed (FAILED or ERROR), worst first, in the order run. */
    public List<CheckCase> failures() {
        List<CheckCase> f = new ArrayList<>(cases.stream().filter(c -> c.status().isFailure()).toList());
        f.sort((a, b) -> Integer.compare(b.status().severity(), a.status().severity()));
        return f;
    }

    @Override
    public Report toReport() {
        Report.Builder b = Report.builder("gate")
                .title("Headroom gate: " + shop + (data.version().isEmpty() ? "" : " " + data.version()))
                .target(target).startedAt(startedAt).duration(duration).addCases(cases);
        b.summary("verdict", verdict.name());
        b.summary("shop", shop);
        b.summary("version", data.version());
        b.summary("target", target);
        if (!data.environment().isEmpty()) {
            b.summary("environment", data.environment());
        }
        if (!data.refusal().isEmpty()) {
            b.summary("refused", data.refusal());
        }
        if (!data.override().isEmpty()) {
            b.summary("override", data.override());
        }
        b.summary("stages", data.stages().stream().map(s -> s.stage() + " " + s.status()).collect(Collectors.joining(", ")));
        b.summary("failed checks", failures().size());
        if (!data.baselineFiles().isEmpty()) {
            b.summary("baseline", data.baselineFiles().size() + " report(s)");
        }
        return b.data(data).build();
    }

    /** Collects a gate's checks as it runs. */
    static final class Builder {
        private final Gate.Options options;
        private final String target;
        private final Instant startedAt;
        private final List<CheckCase> preflight = new ArrayList<>();
        private final Map<GateStage, List<CheckCase>> stages = new EnumMap<>(GateStage.class);
        private final Map<GateStage, Duration> durations = new EnumMap<>(GateStage.class);
        private final List<GateStage> order;
        private String refusal = "";
        private Map<String, Map<String, List<Double>>> journeySteps = new LinkedHashMap<>();
        private Map<String, GateData.LoadGroup> load = new LinkedHashMap<>();
        private Map<String, GateData.LoadGroup> loadHolds = new LinkedHashMap<>();
        private List<String> findings = new ArrayList<>();

        Builder(Gate.Options options, String target, List<GateStage> order, Instant startedAt) {
            this.options = options;
            this.target = target;
            this.order = order;
            this.startedAt = startedAt;
        }

        Builder preflight(CheckCase c) {
            preflight.add(c);
            return this;
        }

        Builder refused(String why) {
            refusal = why;
            for (GateStage s : order) {
                skipped(s, "not run: the gate was refused");
            }
            return this;
        }

        void skipped(GateStage stage, String why) {
            stages.put(stage, List.of(CheckCase.of(stage.label(), stage.label() + " stage", Status.SKIPPED, why)));
            durations.put(stage, Duration.ZERO);
        }

        void stage(GateStage stage, List<CheckCase> cases, Duration took) {
            stages.put(stage, cases.isEmpty()
                    ? List.of(CheckCase.of(stage.label(), stage.label() + " stage", Status.SKIPPED, "nothing to check"))
                    : List.copyOf(cases));
            durations.put(stage, took);
        }

        Status stageStatus(GateStage stage) {
            Status worst = Status.SKIPPED;
            for (CheckCase c : stages.getOrDefault(stage, List.of())) {
                worst = worst.worst(c.status());
            }
            return worst;
        }

        void journeySteps(Map<String, Map<String, List<Double>>> t) {
            journeySteps = t;
        }

        void load(Map<String, GateData.LoadGroup> groups, Map<String, GateData.LoadGroup> holds) {
            load = groups;
            loadHolds = holds;
        }

        void findings(List<String> keys) {
            findings = keys;
        }

        GateResult build(Verdict verdict) {
            List<CheckCase> all = new ArrayList<>(preflight);
            List<GateData.StageSummary> summaries = new ArrayList<>();
            for (GateStage s : order) {
                List<CheckCase> cs = stages.getOrDefault(s, List.of());
                all.addAll(cs);
                Status st = stageStatus(s);
                String message = cs.stream().filter(c -> c.status() == st).findFirst().map(CheckCase::message).orElse("");
                if (!st.isFailure() && st != Status.SKIPPED) {
                    long n = cs.stream().filter(c -> c.status() != Status.SKIPPED).count();
                    message = n + " check" + (n == 1 ? "" : "s") + " passed" + (st == Status.DEGRADED ? " (some degraded)" : "");
                }
                summaries.add(new GateData.StageSummary(s.label(), st.name(),
                        durations.getOrDefault(s, Duration.ZERO).toNanos() / 1e6, message));
            }
            Duration took = Duration.between(startedAt, Instant.now());
            GateData data = new GateData(options.shop().shop(), target, options.version(), options.environment(),
                    verdict.name(), refusal, options.override(), summaries, journeySteps, load, loadHolds, findings,
                    options.baseline() == null ? List.of()
                            : options.baseline().files().stream().map(p -> p.toAbsolutePath().toString()).toList(),
                    options.shop().file().toAbsolutePath().normalize().toString());
            return new GateResult(verdict, options.shop().shop(), target, startedAt, took, all, data, options.out());
        }
    }
}
