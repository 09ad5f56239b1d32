package dev.headroom.monitor;

import dev.headroom.journey.FailureRecord;
import dev.headroom.journey.StepResult;
import dev.headroom.report.Status;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one try of a check found: its status, a one-line message, the time of each phase (the
 * HTTP phases of a probe, the steps of a journey), and, when it did not pass, where and why.
 *
 * @param failure null when the try passed (or was only degraded)
 */
public record ProbeResult(Status status, String message, List<Phase> phases, Failure failure) {
    public ProbeResult {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    /** One timed part of a try: an HTTP phase of a probe or a step of a journey. */
    public record Phase(String name, Status status, Duration duration) {
    }

    /**
     * Where a try failed, as the status API shows it for every kind of check: the step (or
     * probe/page), the request, the HTTP status (0: no response), what went wrong and the start of
     * the body, all redacted. For a journey it is a view of the failed step of its {@link
     * FailureRecord} (the one record of where a journey failed, which the monitor also writes as
     * failure.json): see {@link #of(FailureRecord)}.
     */
    public record Failure(String step, String request, int responseStatus, String message, String bodyExcerpt) {
        public Failure {
            step = step == null ? "" : step;
            request = request == null ? "" : request;
            message = message == null ? "" : message;
            bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
        }

        /** Where {@code record}'s journey failed: its failed step. */
        public static Failure of(FailureRecord record) {
            StepResult s = record.failedStep();
            return new Failure(s.name(), s.request(), s.responseStatus(), s.message(), s.bodyExcerpt());
        }
    }

    static ProbeResult error(String message) {
        return new ProbeResult(Status.ERROR, message, List.of(), new Failure("", "", 0, message, ""));
    }
}
