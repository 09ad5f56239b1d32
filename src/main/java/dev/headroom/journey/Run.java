package dev.headroom.journey;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.CheckSession;
import dev.headroom.http.Redactor;
import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a journey: its customer's session (cookies), variables and current page, and the
 * order of steps (skip after a failure but for {@code always} steps, {@code if} guards, an
 * interrupt). Each step runs itself through a {@link StepContext} this gives it. Confined to the
 * running thread.
 */
final class Run {
    private final Journey journey;
    private final RunOptions options;
    private final Inputs inputs;
    private final CheckSession session;
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final List<StepResult> results = new ArrayList<>();
    private Page page;
    private String blockedBy;
    private boolean interrupted;

    Run(Journey journey, RunOptions options, Inputs inputs, CheckSession session) {
        this.journey = journey;
        this.options = options;
        this.inputs = inputs;
        this.session = session;
        vars.putAll(inputs.secrets());
        vars.putAll(inputs.variables());
    }

    JourneyResult execute() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Step> steps = journey.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepResult r = step(i, steps.get(i));
            results.add(r);
            if (r.status().isFailure() && blockedBy == null) {
                blockedBy = r.name();
            }
            options.listener().stepFinished(r);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> shownInputs = new LinkedHashMap<>();
        inputs.variables().forEach((k, v) -> shownInputs.put(k, shown(k, v)));
        Map<String, String> shownVars = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (!inputs.secrets().containsKey(k)) { // secrets are never shown, not even masked
                shownVars.put(k, shown(k, v));
            }
        });
        Redactor red = inputs.redactor();
        return new JourneyResult(journey.name(), journey.source(), red.redactUrl(inputs.target()), started,
                Duration.ofNanos(System.nanoTime() - t0), results, shownInputs, shownVars, red);
    }

    /**
     * A variable as results show it. A declared variable is not a secret (the journey file holds
     * its value, and the loader refuses secret-looking names), so it shows its value, with any
     * secret inside it masked: {@code recheck} replays it. A value extracted from a page under a
     * sensitive name ({@code csrf_token}, {@code session_id}) is a credential the site handed
     * out: masked whole.
     */
    private String shown(String name, String value) {
        Redactor red = inputs.redactor();
        boolean declared = inputs.variables().containsKey(name);
        return !declared && red.isSensitiveParam(name) ? Redactor.MASK : red.redact(value);
    }

    private StepResult step(int index, Step step) {
        Context ctx = new Context(step, new StepRecorder(index, step, inputs.redactor()));
        StepRecorder r = ctx.result();
        if (interrupted || Thread.currentThread().isInterrupted()) {
            interrupted = true;
            return r.skipped("run interrupted");
        }
        if (blockedBy != null && !step.always()) {
            return r.skipped("skipped: step '" + blockedBy + "' failed");
        }
        try {
            if (step.guard() != null && !holds(step.guard(), ctx)) {
                return r.skipped("skipped: " + describe(step.guard()));
            }
            return step.action().run(ctx);
        } catch (StepFailure e) {
            return r.failed(e.getMessage(), page);
        } catch (Interpolation.UndefinedVariableException e) {
            return r.done(Status.ERROR, Duration.ZERO, e.getMessage());
        } catch (RuntimeException e) {
            return r.done(Status.ERROR, Duration.ZERO, "internal error: " + e);
        }
    }

    private boolean holds(Step.Guard g, StepContext ctx) {
        if (g.defined() != null) {
            String v = vars.get(g.defined());
            return v != null && !v.isEmpty();
        }
        return page != null && page.response().reachable() && page.doc().selectFirst(ctx.interpolate(g.selector())) != null;
    }

    private static String describe(Step.Guard g) {
        return g.defined() != null ? "${" + g.defined() + "} has no value" : "nothing on the page matches '" + g.selector() + "'";
    }

    /** What one step sees of the run. */
    private final class Context implements StepContext {
        private final Step step;
        private final StepRecorder result;

        Context(Step step, StepRecorder result) {
            this.step = step;
            this.result = result;
        }

        @Override
        public Step step() {
            return step;
        }

        @Override
        public Duration timeout() {
            return journey.timeoutOf(step);
        }

        @Override
        public Step.Budget budget() {
            return journey.budgetOf(step);
        }

        @Override
        public String target() {
            return inputs.target();
        }

        @Override
        public String interpolate(String text) {
            return Interpolation.apply(text, ref -> Inputs.lookup(ref, vars, options.env()));
        }

        @Override
        public Map<String, String> variables() {
            return vars;
        }

        @Override
        public Page page() {
            return page;
        }

        @Override
        public Page setPage(CheckResult response) {
            page = new Page(response);
            return page;
        }

        @Override
        public CheckResult send(CheckRequest request) {
            return session.execute(request);
        }

        @Override
        public List<CheckResult> race(CheckRequest request, int copies) {
            try {
                return Racing.sendAtOnce(session, request, copies);
            } catch (InterruptedException e) {
                interrupted();
                Thread.currentThread().interrupt();
                throw new StepFailure("run interrupted during the race");
            }
        }

        @Override
        public Redactor redactor() {
            return inputs.redactor();
        }

        @Override
        public StepRecorder result() {
            return result;
        }

        @Override
        public void interrupted() {
            interrupted = true;
        }
    }
}
