package dev.headroom.monitor;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every check run once ({@code headroom monitor --once}): its runs in config order, its verdict,
 * its report and its verdict line.
 *
 * @param runs one per check, in config order
 */
public record MonitorRound(Instant startedAt, Duration duration, List<RunRecord> runs) implements Outcome {
    public MonitorRound {
        runs = List.copyOf(runs);
    }

    /**
     * {@link Verdict#UNREACHABLE} if no check could run at all (every run an ERROR), else
     * {@link Verdict#FAILED} if a check failed, else {@link Verdict#PASSED} (degraded ones pass).
     */
    @Override
    public Verdict verdict() {
        if (runs.stream().allMatch(r -> r.status() == Status.ERROR)) {
            return Verdict.UNREACHABLE;
        }
        return runs.stream().anyMatch(r -> r.status().isFailure()) ? Verdict.FAILED : Verdict.PASSED;
    }

    /** One case per check, with where its last try failed. */
    @Override
    public Report toReport() {
        Report.Builder report = Report.builder("monitor").title("Monitor: every check once")
                .startedAt(startedAt).duration(duration);
        for (RunRecord r : runs) {
            CheckCase.Builder c = CheckCase.builder("monitor", r.check()).status(r.status()).duration(r.duration())
                    .message(r.message()).attribute("attempts", r.attempts());
            if (r.failure() != null) {
                c.details("step: " + r.failure().step() + "\nrequest: " + r.failure().request() + "\nresponse status: "
                        + r.failure().responseStatus() + "\n" + r.failure().message()
                        + (r.failure().bodyExcerpt().isEmpty() ? "" : "\n\n" + r.failure().bodyExcerpt()));
            }
            report.addCase(c.build());
        }
        return report.build();
    }

    /**
     * The verdict line: {@code PASSED: all 3 checks passed}, or {@code FAILED: 1 of 3 checks failed:
     * checkout} (an ERROR, a check that could not be evaluated, is marked as such).
     */
    public String summary() {
        List<RunRecord> failed = runs.stream().filter(r -> r.status().isFailure()).toList();
        List<String> degraded = runs.stream().filter(r -> r.status() == Status.DEGRADED).map(RunRecord::check).toList();
        String checks = runs.size() == 1 ? "check" : "checks";
        if (failed.isEmpty()) {
            return (runs.size() == 1 ? "PASSED: the check passed" : "PASSED: all " + runs.size() + " checks passed")
                    + (degraded.isEmpty() ? "" : " (" + degraded.size() + " degraded: " + String.join(", ", degraded) + ")");
        }
        return "FAILED: " + failed.size() + " of " + runs.size() + " " + checks + " failed: " + failed.stream()
                .map(r -> r.check() + (r.status() == Status.ERROR ? " (error)" : ""))
                .collect(Collectors.joining(", "));
    }
}
