package dev.headroom.journey;

import dev.headroom.config.ConfigException;
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
import java.util.Objects;

/**
 * One run of a journey, a step at a time: its customer's variables, current page and results, and
 * the order of steps (skip after a failure but for {@code always} steps, {@code if} guards, an
 * interrupt). Whoever drives it sends the requests and takes the pauses: {@link JourneyRunner}
 * with a blocking {@link CheckSession}, the load test's injector with Gatling. Either way each step
 * is built and judged here, by the same code, so a journey means the same in both.
 *
 * <p>The protocol: call {@link #next()}; for a {@link Next.Send} send its request (following
 * redirects) and hand the final response to {@link #received}; for a {@link Next.Pause} pause and
 * call {@link #paused}; repeat until {@link Next.Finished}. Not thread-safe: one driver at a time,
 * with a happens-before edge between its calls (an injector's virtual user has one).
 */
public final class JourneyRun {

    /** What the driver does next. */
    public sealed interface Next {
        /** Send {@code request} for step {@code index}, follow its redirects, then {@link #received}. */
        record Send(int index, Step step, CheckRequest request) implements Next {
        }

        /** Pause for {@code duration} (a {@code think} step), then {@link #paused}. */
        record Pause(int index, Step step, Duration duration) implements Next {
        }

        /** Every step has ended. */
        record Finished(JourneyResult result) implements Next {
        }
    }

    private final Journey journey;
    private final RunOptions options;
    private final Inputs inputs;
    private final CheckSession session; // null when the driver sends the requests itself
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final List<StepResult> results = new ArrayList<>();
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();
    private int index;
    private Context pending; // the step waiting for received() or paused()
    private Page page;
    private String blockedBy;
    private boolean interrupted;
    private JourneyResult result;

    JourneyRun(Journey journey, RunOptions options, Inputs inputs, CheckSession session) {
        this.journey = journey;
        this.options = options;
        this.inputs = inputs;
        this.session = session;
        vars.putAll(inputs.secrets());
        vars.putAll(inputs.variables());
    }

    /**
     * A run of {@code journey} whose driver sends its requests itself (a {@code race} step cannot
     * run so: a load test refuses journeys with one before it starts).
     *
     * @param redactor the driver's redactor; the journey's secrets are added to it
     * @throws ConfigException when the run's inputs are wrong (as {@link JourneyRunner#run})
     */
    public static JourneyRun start(Journey journey, RunOptions options, Redactor redactor) {
        Objects.requireNonNull(journey, "journey");
        return new JourneyRun(journey, options, Inputs.resolve(journey, options, redactor), null);
    }

    /** The journey being run. */
    public Journey journey() {
        return journey;
    }

    /** The redactor that knows this run's secrets. */
    public Redactor redactor() {
        return inputs.redactor();
    }

    /** Runs every step here, sending with {@code session} and sleeping for think steps. */
    JourneyResult execute() {
        Next next = next();
        while (!(next instanceof Next.Finished done)) {
            if (next instanceof Next.Send send) {
                received(session.execute(send.request()));
            } else {
                finish(pending.step().action().run(pending)); // think: sleeps, and notices an interrupt
            }
            next = next();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return done.result();
    }

    /**
     * Runs the steps that need nothing from the driver (skipped ones, guards, assertions on the
     * current page) and stops at the next request, pause or the end.
     *
     * @throws IllegalStateException while a request or pause is outstanding
     */
    public Next next() {
        if (pending != null) {
            throw new IllegalStateException("step '" + pending.step().name() + "' is still waiting for the driver");
        }
        List<Step> steps = journey.steps();
        while (index < steps.size()) {
            Step step = steps.get(index);
            Context ctx = new Context(step, new StepRecorder(index, step, inputs.redactor()));
            StepResult early = before(step, ctx);
            if (early == null) {
                try {
                    Action action = step.action();
                    if (action instanceof Action.Sends sends && step.race() == null) {
                        CheckRequest request = sends.build(ctx);
                        ctx.result().request(request);
                        pending = ctx;
                        return new Next.Send(index, step, request);
                    }
                    if (action instanceof Action.Think think) {
                        pending = ctx;
                        return new Next.Pause(index, step, think.duration());
                    }
                    early = action.run(ctx); // assertions on the page, a race (with a session only)
                } catch (RuntimeException e) {
                    early = failure(e, ctx);
                }
            }
            finish(early);
        }
        if (result == null) {
            result = build();
        }
        return new Next.Finished(result);
    }

    /** The final response (after redirects) to the outstanding request; judges the step, and returns its result. */
    public StepResult received(CheckResult response) {
        Context ctx = expect(Next.Send.class);
        StepResult r;
        try {
            r = Exchange.judge(response, ctx);
        } catch (RuntimeException e) {
            r = failure(e, ctx);
        }
        finish(r);
        return r;
    }

    /** The outstanding pause is over; it took {@code took}. Returns the step's result. */
    public StepResult paused(Duration took) {
        Context ctx = expect(Next.Pause.class);
        StepResult r = ctx.result().done(Status.PASSED, took, null);
        finish(r);
        return r;
    }

    private Context expect(Class<? extends Next> kind) {
        Context ctx = pending;
        boolean pause = ctx != null && ctx.step().action() instanceof Action.Think;
        if (ctx == null || pause != (kind == Next.Pause.class)) {
            throw new IllegalStateException("no " + (kind == Next.Pause.class ? "pause" : "request") + " is outstanding");
        }
        return ctx;
    }

    private void finish(StepResult r) {
        pending = null;
        index++;
        results.add(r);
        if (r.status().isFailure() && blockedBy == null) {
            blockedBy = r.name();
        }
        options.listener().stepFinished(r);
    }

    /** A step's result decided before it runs (skipped, interrupted), or null if it runs. */
    private StepResult before(Step step, Context ctx) {
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
            return null;
        } catch (RuntimeException e) {
            return failure(e, ctx);
        }
    }

    private StepResult failure(RuntimeException e, Context ctx) {
        StepRecorder r = ctx.result();
        if (e instanceof StepFailure f) {
            return r.failed(f.getMessage(), page);
        }
        if (e instanceof Interpolation.UndefinedVariableException) {
            return r.done(Status.ERROR, Duration.ZERO, e.getMessage());
        }
        return r.done(Status.ERROR, Duration.ZERO, "internal error: " + e);
    }

    private JourneyResult build() {
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
            if (session == null) {
                throw new StepFailure("internal error: this run's driver sends its own requests");
            }
            return session.execute(request);
        }

        @Override
        public List<CheckResult> race(CheckRequest request, int copies) {
            if (session == null) {
                throw new StepFailure("a race cannot run in a load test: " + step.underLoad().why());
            }
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
