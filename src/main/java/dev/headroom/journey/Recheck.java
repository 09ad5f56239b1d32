package dev.headroom.journey;

import dev.headroom.http.Redactor;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * On-call's question after a fix: does the customer's journey that failed work now? Reads the
 * {@link FailureRecord} ({@code failure.json}) a failed run left behind, replays the same journey against the same target
 * with the same inputs ({@link #replayInputs}) several times in a row, and says whether the step that failed passes now,
 * every time. One pass proves little (the fault may be intermittent, like a 50% error rate);
 * {@code times} passes in a row is the bar.
 */
public final class Recheck {
    /**
     * The variable values a replay runs with, and what the user should know about them.
     *
     * @param variables for {@link RunOptions#withVariables}
     * @param notes one line per value that is not the failed run's own (redacted, no longer declared)
     */
    public record Inputs(Map<String, String> variables, List<String> notes) {
    }

    /** One replay of the journey. */
    public record Attempt(int number, JourneyResult result) {
        /** The result of the step that failed before, in this replay, if the replay got that far. */
        public Optional<StepResult> step(FailureRecord before) {
            StepResult failed = before.failedStep();
            return result.steps().stream().filter(s -> s.index() == failed.index() && s.name().equals(failed.name())).findFirst();
        }

        /** That step's status in this replay, with its HTTP status: "FAILED (HTTP 503)", or "not reached". */
        public String describeStep(FailureRecord before) {
            return step(before).map(s -> withHttp(s.status().name(), s.responseStatus())).orElse("not reached");
        }
    }

    /** "FAILED (HTTP 503)"; without the HTTP part when no response came. */
    static String withHttp(String status, int responseStatus) {
        return status + (responseStatus > 0 ? " (HTTP " + responseStatus + ")" : "");
    }

    private Recheck() {
    }

    /**
     * Replays the journey {@code times} times, {@code interval} apart, stopping early at the first
     * failed replay (one failure already answers the question).
     *
     * @param options the run options (target, {@link #replayInputs}, environment with the secrets)
     */
    public static List<Attempt> replay(Journey journey, JourneyRunner runner, RunOptions options, int times, Duration interval,
            Consumer<Attempt> listener) throws InterruptedException {
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 1; i <= times; i++) {
            if (i > 1) {
                Thread.sleep(interval.toMillis());
            }
            Attempt a = new Attempt(i, runner.run(journey, options));
            attempts.add(a);
            listener.accept(a);
            if (!a.result().passed()) {
                break;
            }
        }
        return attempts;
    }

    /**
     * The values to replay with: the failed run's, as failure.json recorded them, so the replay
     * signs in as the same customer and buys the same thing; then {@code overrides} ({@code --var}).
     * A recorded value holding {@link Redactor#MASK} (a secret was inside it) cannot be replayed:
     * the journey's default is used again, derived afresh from the secrets in the environment.
     * Secrets themselves are never in failure.json: they always come from the environment.
     */
    public static Inputs replayInputs(FailureRecord before, Journey journey, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        before.variables().forEach((name, value) -> {
            if (overrides.containsKey(name)) {
                values.put(name, overrides.get(name)); // in the recorded order
            } else if (!journey.variables().containsKey(name)) {
                notes.add("variable '" + name + "' is no longer declared by the journey: left out");
            } else if (value.contains(Redactor.MASK)) {
                notes.add("variable '" + name + "' was redacted in failure.json: the journey's default is used"
                        + " (set it with --var " + name + "=VALUE)");
            } else {
                values.put(name, value);
            }
        });
        values.putAll(overrides);
        return new Inputs(values, notes);
    }

    /** Fixed when every replay asked for ran and passed. */
    public static boolean fixed(List<Attempt> attempts, int times) {
        return attempts.size() == times && attempts.stream().allMatch(a -> a.result().passed());
    }

    /** The verdict: a case for the step that failed before, and one per replay. */
    public static Report toReport(FailureRecord before, List<Attempt> attempts, int times, Instant startedAt, Duration took) {
        Report.Builder b = Report.builder("recheck").title("Recheck of " + before.journey()).target(before.target())
                .startedAt(startedAt).duration(took);
        StepResult failed = before.failedStep();
        String was = "failed at " + before.failedAt() + ": " + withHttp(failed.status().name(), failed.responseStatus())
                + (failed.message().isBlank() ? "" : ", " + failed.message());
        Status stepNow = Status.PASSED;
        List<String> now = new ArrayList<>();
        for (Attempt a : attempts) {
            Status st = a.step(before).map(StepResult::status).orElse(Status.FAILED);
            if (st == Status.FAILED || st == Status.ERROR || st == Status.SKIPPED) {
                stepNow = Status.FAILED;
            }
            now.add("replay " + a.number() + ": " + a.describeStep(before));
        }
        b.addCase(CheckCase.builder("recheck", "step '" + failed.name() + "' passes now")
                .status(stepNow).message("before: " + was + "; now: " + String.join(", ", now)).build());
        for (Attempt a : attempts) {
            JourneyResult r = a.result();
            String msg = r.firstFailure().map(f -> "failed at step '" + f.name() + "': " + withHttp(f.status().name(), f.responseStatus())
                    + (f.message() == null || f.message().isBlank() ? "" : ", " + f.message()))
                    .orElse("every step passed in " + r.duration().toMillis() + " ms");
            b.addCase(CheckCase.builder("replays", "replay " + a.number() + " of " + times).status(r.passed() ? Status.PASSED : Status.FAILED)
                    .duration(r.duration()).message(msg).build());
        }
        boolean fixed = fixed(attempts, times);
        b.summary("verdict", fixed ? "FIXED: " + times + " replay(s) in a row passed"
                : "STILL FAILING" + (attempts.isEmpty() ? "" : " (replay " + attempts.get(attempts.size() - 1).number() + " failed)"));
        b.summary("journey", before.journey() + " (" + before.journeyFile() + ")");
        b.summary("before", "step '" + failed.name() + "' " + was);
        return b.build();
    }
}
