package dev.headroom.journey;

import dev.headroom.config.ConfigException;
import dev.headroom.http.CheckSession;
import dev.headroom.http.HttpChecker;
import java.util.Objects;

/**
 * Runs {@link Journey}s with one shared {@link HttpChecker}. Thread-safe and stateless: many
 * journeys (or the same one) can run at once, each run in its own {@link CheckSession} (its own
 * cookies), so a monitor needs exactly one runner.
 *
 * <p>{@link #run} never throws because of the target: timeouts, refused connections, error pages
 * and missing elements are step results. It throws {@link ConfigException} before sending anything
 * when the run's inputs are wrong (a required variable without a value, an unknown variable, a
 * secret whose environment variable or file is missing, a malformed target URL).
 *
 * <p>Semantics: steps run in order; after a step FAILS (or ends in ERROR) the remaining steps are
 * SKIPPED except those marked {@code always}. A step with an {@code if} that does not hold is
 * SKIPPED. A step that sends a request fails when no response arrives, when the final status is not
 * 2xx (unless the step asserts a status itself), when an assertion fails or a non-optional
 * extraction finds nothing; then its budget makes it DEGRADED or FAILED. An interrupted run skips
 * the steps it did not get to and keeps the thread's interrupt flag.
 */
public final class JourneyRunner {
    /** Characters of response text kept in a step result that did not pass (cut after redaction). */
    public static final int EXCERPT_CHARS = 500;

    private final HttpChecker checker;

    public JourneyRunner(HttpChecker checker) {
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    /** Runs {@code journey} once with {@code options}; blocks until every step has ended. */
    public JourneyResult run(Journey journey, RunOptions options) {
        Inputs inputs = Inputs.resolve(journey, options, checker.redactor());
        return new JourneyRun(journey, options, inputs, checker.newSession()).execute();
    }

    /** Runs {@code journey} once against {@code target} with its own variables and the process environment. */
    public JourneyResult run(Journey journey, String target) {
        return run(journey, RunOptions.target(target));
    }
}
