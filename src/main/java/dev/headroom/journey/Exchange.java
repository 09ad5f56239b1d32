package dev.headroom.journey;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.report.Status;
import java.time.Duration;

/**
 * How every request-sending step ({@link Action.Sends}) is judged, whatever built its request:
 * send it (or {@link Racing race} its copies), make the response the current page, then in this
 * order: a response at all; the status (2xx unless the step asserts one) and the assertions that
 * read the page; the extractions; the assertions on values; the budget. The first problem fails
 * the step.
 */
final class Exchange {
    private Exchange() {
    }

    /** Sends {@code request} (or races its copies) in the run's own session, then judges the step. */
    static StepResult run(CheckRequest request, StepContext ctx) {
        StepRecorder r = ctx.result();
        r.request(request);
        if (ctx.step().race() == null) {
            CheckResult response = ctx.send(request);
            return judge(response, ctx);
        }
        Racing.Outcome race = Racing.run(request, ctx.step(), ctx);
        return judge(race.shown(), race.took(), race, ctx);
    }

    /**
     * Judges a step from the final response to its request, whoever sent it (the run's session or
     * a load test's injector): the one place a request step's verdict is decided.
     */
    static StepResult judge(CheckResult response, StepContext ctx) {
        return judge(response, response.timings().total(), null, ctx);
    }

    private static StepResult judge(CheckResult response, Duration took, Racing.Outcome race, StepContext ctx) {
        StepRecorder r = ctx.result();
        Step step = ctx.step();
        Page page = ctx.setPage(response);
        r.response(response, took);
        if (!response.reachable()) {
            return r.failed(response.failureSummary(), page);
        }
        // A race's copies were checked one by one already: what is left is its winners' values.
        String problem = race == null ? beforeExtraction(page, ctx) : null;
        if (problem == null && (race == null || !race.winners().isEmpty())) {
            problem = Extract.into(step.extract(), page, ctx);
        }
        if (race != null) {
            race.extractOtherWinners(ctx); // even when the race failed: cleanup needs every winner
            if (race.problem() != null) {
                return r.failed(race.problem(), page);
            }
        }
        if (problem == null) {
            problem = afterExtraction(page, ctx);
        }
        if (problem != null) {
            return r.failed(problem, page);
        }
        Step.Budget budget = ctx.budget();
        if (budget.failed() != null && took.compareTo(budget.failed()) > 0) {
            return r.failed("took " + ms(took) + ", over the failed budget of " + ms(budget.failed()), page);
        }
        if (budget.degraded() != null && took.compareTo(budget.degraded()) > 0) {
            return r.done(Status.DEGRADED, took, "took " + ms(took) + ", over the degraded budget of " + ms(budget.degraded()));
        }
        return r.done(Status.PASSED, took, null);
    }

    /**
     * The checks of a step that has no request of its own ({@link Action.OnPage}), on the current
     * page, in the same order as a request step's (no default status check: it sent nothing).
     */
    static String onPage(Page page, StepContext ctx) {
        String problem = beforeExtraction(page, ctx);
        if (problem == null) {
            problem = Extract.into(ctx.step().extract(), page, ctx);
        }
        return problem != null ? problem : afterExtraction(page, ctx);
    }

    /** The default status check (2xx, unless the step asserts a status) and the assertions that run before extraction. */
    static String beforeExtraction(Page page, StepContext ctx) {
        Step step = ctx.step();
        CheckResult response = page.response();
        boolean statusAsserted = step.assertions().stream().anyMatch(Assertion::assertsStatus);
        if (!statusAsserted && step.sendsRequest() && (response.statusCode() < 200 || response.statusCode() > 299)) {
            return "HTTP " + response.statusCode() + (response.reason().isEmpty() ? "" : " " + response.reason())
                    + " from " + response.url();
        }
        for (Assertion a : step.assertions()) {
            if (!a.afterExtraction()) {
                String problem = a.check(page, ctx);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** The assertions that run after extraction (on values, which may be the step's own). */
    static String afterExtraction(Page page, StepContext ctx) {
        for (Assertion a : ctx.step().assertions()) {
            if (a.afterExtraction()) {
                String problem = a.check(page, ctx);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}
