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
 * @param http what an HTTP probe's answer was, for its blackbox_exporter series; null for the other kinds
 */
public record ProbeResult(Status status, String message, List<Phase> phases, Failure failure, Http http) {
    public ProbeResult {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    /** A try of a kind that is not an HTTP probe. */
    public ProbeResult(Status status, String message, List<Phase> phases, Failure failure) {
        this(status, message, phases, failure, null);
    }

    /**
     * What an HTTP probe's answer was, in blackbox_exporter's terms: each field is the value of one of
     * its {@code probe_*} series (see {@code CheckMeters}).
     *
     * @param statusCode the final response's status; 0 if none came ({@code probe_http_status_code})
     * @param contentLength the final response's {@code Content-Length}; -1 if it had none, as when
     *     chunked or decompressed ({@code probe_http_content_length})
     * @param bodyLength the bytes of the body read, decompressed ({@code probe_http_uncompressed_body_length})
     * @param redirects redirects followed ({@code probe_http_redirects})
     * @param ssl whether the final response came over TLS ({@code probe_http_ssl})
     * @param version the HTTP version: 1.0, 1.1, 2; 0 if no response ({@code probe_http_version})
     * @param failedDueToRegex the body did not match {@code bodyMatches} ({@code probe_failed_due_to_regex})
     * @param dnsLookup time resolving the names, all hops ({@code probe_dns_lookup_time_seconds})
     * @param certExpiry the earliest {@code notAfter} of the final response's certificate chain; null
     *     if not over TLS ({@code probe_ssl_earliest_cert_expiry})
     */
    public record Http(int statusCode, long contentLength, long bodyLength, int redirects, boolean ssl, double version,
            boolean failedDueToRegex, Duration dnsLookup, java.time.Instant certExpiry) {
        public Http {
            Objects.requireNonNull(dnsLookup, "dnsLookup");
        }
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
