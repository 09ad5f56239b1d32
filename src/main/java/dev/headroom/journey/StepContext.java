package dev.headroom.journey;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the runner gives a step while it runs: its customer's session, the current page, the
 * variables, the redactor and the builder of its result. A step kind ({@link Action}) and an
 * {@link Assertion} see the run only through this. One per step of a run; confined to the
 * running thread.
 */
interface StepContext {
    /** The step being run. */
    Step step();

    /** The step's request deadline (its own, else the journey's). */
    Duration timeout();

    /** The step's time budget (its own levels, each falling back to the journey's). */
    Step.Budget budget();

    /** The run's target, the base URL relative step URLs resolve against (no trailing slash). */
    String target();

    /**
     * Replaces {@code ${name}} references in a journey string with this run's values.
     *
     * @throws Interpolation.UndefinedVariableException when one has no value (the step ends in ERROR)
     */
    String interpolate(String text);

    /** The run's variables (secrets, declared and extracted), mutable: extraction writes here. */
    Map<String, String> variables();

    /** The page the last request left; null before any. */
    Page page();

    /** Makes {@code response} the current page, and returns it. */
    Page setPage(CheckResult response);

    /** Sends {@code request} in the customer's session (its cookies), following redirects. */
    CheckResult send(CheckRequest request);

    /**
     * Sends {@code copies} copies of {@code request} at the same moment in the customer's session.
     *
     * @throws StepFailure when the run is interrupted meanwhile
     */
    List<CheckResult> race(CheckRequest request, int copies);

    /** Knows the run's secrets; everything a result keeps goes through it. */
    Redactor redactor();

    /** Builds the step's result. */
    StepRecorder result();

    /** The run was interrupted during the step: the remaining steps will be skipped. */
    void interrupted();
}
