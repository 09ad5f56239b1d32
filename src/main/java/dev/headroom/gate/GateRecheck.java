package dev.headroom.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.ConfigException;
import dev.headroom.load.StopTrigger;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Json;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code headroom recheck REPORT} for a failed gate: reruns the stages of exactly the checks that failed
 * (the journeys, the crawl, the load test's SLOs, the origin probes), with the same shop file, target,
 * version and baseline, and says for each of those checks whether it is fixed. A crawl finding the new
 * crawl no longer finds is fixed. No preflight (it checks a fix, it does not release), every stage runs.
 */
public final class GateRecheck {
    /** Suite of the verdicts, one per check that failed. */
    public static final String SUITE = "recheck";

    private GateRecheck() {
    }

    /** A failed check of the gate being rechecked. */
    record Failed(String suite, String name, String message) {
    }

    /**
     * What the recheck came to: PASSED when every check that failed passes now, FAILED when one still
     * fails, UNREACHABLE when the shop did not answer.
     *
     * @param verdict the verdict
     * @param cases a case per check that failed, PASSED if fixed
     * @param rerun the gate that was rerun
     */
    public record Result(Verdict verdict, List<CheckCase> cases, GateResult rerun, Instant startedAt, Duration duration,
            Path report) implements Outcome {
        @Override
        public Report toReport() {
            long fixed = cases.stream().filter(c -> c.status() == Status.PASSED).count();
            return Report.builder("recheck").title("Headroom recheck of the gate " + report).target(rerun.target())
                    .startedAt(startedAt).duration(duration).addCases(cases)
                    .summary("verdict", fixed == cases.size() ? "FIXED: every check that failed passes now"
                            : "STILL FAILING: " + (cases.size() - fixed) + " of " + cases.size() + " checks")
                    .summary("gate", report.toString())
                    .summary("version", rerun.data().version())
                    .data(rerun.data()).build();
        }
    }

    /** True if {@code file} is a gate's report.json (else it is left to the journey recheck). */
    public static boolean isGateReport(Path file) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".json")) {
            return false;
        }
        try {
            JsonNode root = Json.REPORT.readTree(file.toFile());
            return root != null && "gate".equals(root.path("tool").asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reruns the failed checks of the gate {@code report}.
     *
     * @param shopFile the shop file; null: the one the gate recorded
     * @param target another target; null: the one the gate ran against
     * @param out where the rerun's gate reports go
     * @throws ConfigException when the report is unreadable, not a gate, or has no failed check
     */
    public static Result run(Path report, Path shopFile, String target, Path out, Map<String, String> env,
            PrintWriter progress, StopTrigger stop) throws InterruptedException {
        GateData d = Baseline.readGate(report, "recheck");
        if (d == null) {
            throw new ConfigException(report + ": not a gate report.json");
        }
        List<Failed> failed = new ArrayList<>();
        try {
            for (JsonNode c : Json.REPORT.readTree(report.toFile()).path("cases")) {
                Status s = Status.valueOf(c.path("status").asText("PASSED"));
                if (s.isFailure() && !c.path("suite").asText().equals(Gate.PREFLIGHT)) {
                    failed.add(new Failed(c.path("suite").asText(), c.path("name").asText(), c.path("message").asText()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(report + ": cannot read its cases: " + e.getMessage());
        }
        if (failed.isEmpty()) {
            throw new ConfigException(report + ": the gate " + d.verdict() + " with no failed check to recheck"
                    + (d.refusal().isEmpty() ? "" : " (it was refused: " + d.refusal() + ")"));
        }
        Set<GateStage> stages = new LinkedHashSet<>();
        for (GateStage s : GateStage.values()) {
            if (failed.stream().anyMatch(f -> f.suite().equals(s.label()))) {
                stages.add(s);
            }
        }
        Path file = shopFile != null ? shopFile : d.config() == null ? null : Path.of(d.config());
        if (file == null) {
            throw new ConfigException(report + ": it does not say which shop file it ran; give it with --config");
        }
        ShopFile shop = ShopFile.load(file);
        Baseline baseline = Baseline.readFiles(d.baselineFiles().stream().map(Path::of).toList());
        progress.printf("Rechecking %d failed check(s) of %s (%s) against %s: stages %s%n", failed.size(), report,
                d.verdict(), target != null ? target : d.target(),
                String.join(", ", stages.stream().map(GateStage::label).toList()));
        progress.flush();
        Instant started = Instant.now();
        Gate gate = Gate.plan(new Gate.Options(shop, target != null ? target : d.target(), List.copyOf(stages), out,
                baseline, d.version(), d.environment(), null, null, null, null, null, null, env, true));
        GateResult rerun = gate.run(progress, stop);
        List<CheckCase> verdicts = new ArrayList<>();
        for (Failed f : failed) {
            Optional<CheckCase> now = rerun.cases().stream()
                    .filter(c -> c.suite().equals(f.suite()) && c.name().equals(f.name())).findFirst();
            CheckCase.Builder v = CheckCase.builder(SUITE, f.suite() + ": " + f.name()).attribute("before", f.message());
            if (now.isEmpty()) {
                boolean finding = f.suite().equals(GateStage.CRAWL.label()) && rerun.data().stages().stream()
                        .anyMatch(s -> s.stage().equals(GateStage.CRAWL.label()) && !s.status().equals("SKIPPED")
                                && !s.status().equals("ERROR"));
                v.status(finding ? Status.PASSED : Status.FAILED).message(finding ? "fixed: the crawl no longer finds it"
                        : "not checked again: " + rerun.verdict());
            } else if (now.get().status().isFailure()) {
                v.status(Status.FAILED).message("still failing: " + now.get().message());
            } else {
                v.status(Status.PASSED).message("fixed: " + (now.get().message().isEmpty() ? now.get().status().name()
                        : now.get().message()));
            }
            CheckCase c = v.build();
            verdicts.add(c);
            progress.printf("  %-6s %s: %s%n", c.status() == Status.PASSED ? "FIXED" : "FAILED", c.name(), c.message());
        }
        progress.flush();
        boolean allFixed = verdicts.stream().allMatch(c -> c.status() == Status.PASSED);
        Verdict verdict = rerun.verdict() == Verdict.UNREACHABLE ? Verdict.UNREACHABLE
                : rerun.verdict() == Verdict.STOPPED ? Verdict.STOPPED : allFixed ? Verdict.PASSED : Verdict.FAILED;
        return new Result(verdict, verdicts, rerun, started, Duration.between(started, Instant.now()), report);
    }
}
