package dev.headroom.journey;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.Redactor;
import dev.headroom.report.Status;
import java.time.Duration;

/**
 * Builds one step's {@link StepResult}, redacting everything it keeps: the request and response
 * are recorded as they happen, then one of {@link #skipped}, {@link #done} or {@link #failed} ends
 * it.
 */
final class StepRecorder {
    private final int index;
    private final Step step;
    private final Redactor redactor;
    private String method;
    private String url;
    private String finalUrl;
    private int status;
    private FailureKind failure = FailureKind.NONE;
    private Duration took = Duration.ZERO;
    private long truncatedAt = -1; // the body cap, when the response was cut at it

    StepRecorder(int index, Step step, Redactor redactor) {
        this.index = index;
        this.step = step;
        this.redactor = redactor;
    }

    void request(CheckRequest request) {
        method = request.method();
        url = red(request.url());
    }

    void response(CheckResult response, Duration duration) {
        finalUrl = red(response.url());
        status = response.statusCode();
        failure = response.failure();
        took = duration;
        truncatedAt = response.truncated() ? response.bodyLength() : -1;
    }

    /** The time recorded with the response; zero before one. */
    Duration took() {
        return took;
    }

    StepResult skipped(String why) {
        return make(Status.SKIPPED, Duration.ZERO, why, "");
    }

    StepResult done(Status s, Duration d, String message) {
        return make(s, d, message, "");
    }

    /** FAILED with {@code message}, the response's time, and an excerpt of {@code page} (null: none). */
    StepResult failed(String message, Page page) {
        return make(Status.FAILED, took, message, page == null ? "" : excerpt(page));
    }

    private StepResult make(Status s, Duration d, String message, String excerpt) {
        if (truncatedAt >= 0) {
            // Assertions and extraction saw only the start of the page: a pass must say so.
            String note = "the response was cut at the body cap of " + truncatedAt
                    + " bytes; the step's checks saw only its start";
            message = message == null || message.isEmpty() ? note : message + " (" + note + ")";
        }
        return new StepResult(index, step.name(), step.kind(), s, d, step.always(), method, url, finalUrl, status,
                failure, message == null ? "" : red(message), excerpt);
    }

    private String excerpt(Page page) {
        if (!page.response().reachable()) {
            return "";
        }
        // The parsed text, not the raw body: the redactor also knows the forms a secret takes
        // once entities are decoded and whitespace collapsed.
        return redactor.redactedExcerpt(page.mainText().strip(), JourneyRunner.EXCERPT_CHARS);
    }

    private String red(String text) {
        return redactor.redactUrl(text);
    }
}
