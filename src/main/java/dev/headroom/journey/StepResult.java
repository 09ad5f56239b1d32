package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.http.FailureKind;
import dev.headroom.report.Status;
import java.time.Duration;
import java.util.Objects;

/**
 * What one step of a journey run did. Every text in it has been redacted already (the run's
 * secrets and the usual sensitive headers and parameters), so it can be logged, stored and shown.
 *
 * @param index 0-based position in the journey
 * @param name the step's name as written (never interpolated: safe as a metrics label)
 * @param kind request, follow, submit, think, extract or assert
 * @param status PASSED, DEGRADED (over the degraded budget), FAILED, ERROR (the journey itself
 *     went wrong at run time, e.g. a variable with no value) or SKIPPED
 * @param duration the step's time: its request(s) including redirects, or the pause; zero if skipped
 * @param always the step is a cleanup step that runs even after a failure
 * @param method the HTTP method of the step's request, null if it sent none
 * @param url the (redacted) URL requested, null if none
 * @param finalUrl the (redacted) URL of the last response after redirects, null if none
 * @param responseStatus the final HTTP status, 0 if no response arrived (or no request was sent)
 * @param failure why no (complete) response arrived; NONE otherwise
 * @param message one line: what went wrong or why the step was skipped; empty when it passed, but
 *     for a note (a response cut at the body cap)
 * @param bodyExcerpt the start of the response's text when the step did not pass, else empty
 */
public record StepResult(
        int index,
        String name,
        String kind,
        Status status,
        @JsonProperty("durationMs") Duration duration,
        boolean always,
        String method,
        String url,
        String finalUrl,
        int responseStatus,
        FailureKind failure,
        String message,
        String bodyExcerpt) {

    public StepResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        duration = duration == null ? Duration.ZERO : duration;
        failure = failure == null ? FailureKind.NONE : failure;
        message = message == null ? "" : message;
        bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
    }

    /** True if the step sent at least one HTTP request. */
    public boolean sentRequest() {
        return method != null;
    }

    /** {@code METHOD URL}, or empty if the step sent no request. */
    public String request() {
        return method == null ? "" : method + " " + url;
    }

    /**
     * True if the step sent a request and no HTTP response came back at all. A request refused by
     * the allowlist was never sent, so it is a failed step, not a sign that the target is down.
     */
    public boolean noResponse() {
        return sentRequest() && responseStatus == 0 && failure != FailureKind.NOT_ALLOWED;
    }
}
