package dev.headroom.monitor;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.Timings;
import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The blackbox_exporter-style probe: one GET, passed if an answer came with an expected status
 * (any 2xx by default) and, if asked, a body matching a regex. Phases: resolve, connect, tls,
 * processing, transfer.
 */
final class HttpProbe implements Probe {
    /** Characters of the body kept in a failure (cut after redaction). */
    static final int EXCERPT_CHARS = 500;
    private static final String NOT_MATCHING = "body does not match /";

    private final HttpChecker checker;
    private final String url;
    private final List<Integer> expectStatus;
    private final Pattern bodyMatches;
    private final Duration timeout;
    /** Built on the first run, then sent as it is by every run (runs of a check never overlap). */
    private CheckRequest checkRequest;

    HttpProbe(HttpChecker checker, String url, List<Integer> expectStatus, Pattern bodyMatches, Duration timeout) {
        this.checker = checker;
        this.url = url;
        this.expectStatus = expectStatus;
        this.bodyMatches = bodyMatches;
        this.timeout = timeout;
    }

    @Override
    public ProbeResult run() {
        if (checkRequest == null) {
            checkRequest = CheckRequest.builder().url(url).timeout(timeout).build();
        }
        CheckResult r = checker.execute(checkRequest);
        Timings t = r.timings();
        String request = "GET " + r.url();
        String problem = problem(r);
        ProbeResult.Http http = http(r, problem != null && problem.startsWith(NOT_MATCHING));
        // a hop refused by the allowlist is the target's doing (it redirected there): a finding, not "no answer"
        Status status = problem == null ? Status.PASSED
                : r.reachable() || r.failure() == FailureKind.NOT_ALLOWED ? Status.FAILED : Status.ERROR;
        List<ProbeResult.Phase> phases = List.of(
                new ProbeResult.Phase("resolve", status, t.resolve()),
                new ProbeResult.Phase("connect", status, t.connect()),
                new ProbeResult.Phase("tls", status, t.tls()),
                new ProbeResult.Phase("processing", status, t.processing()),
                new ProbeResult.Phase("transfer", status, t.transfer()));
        if (problem == null) {
            return new ProbeResult(Status.PASSED, r.statusCode() + " " + r.reason(), phases, null, http);
        }
        String excerpt = r.reachable() ? checker.redactor().redactedExcerpt(r.bodyText(), EXCERPT_CHARS) : "";
        return new ProbeResult(status, problem, phases,
                new ProbeResult.Failure("probe", request, r.statusCode(), checker.redactor().redact(problem), excerpt), http);
    }

    /** The answer in blackbox_exporter's terms. */
    static ProbeResult.Http http(CheckResult r, boolean failedDueToRegex) {
        String length = r.header("Content-Length");
        long contentLength = -1;
        if (length != null) {
            try {
                contentLength = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                contentLength = -1;
            }
        }
        Instant expiry = r.peerCertificates().stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo)
                .orElse(null);
        return new ProbeResult.Http(r.statusCode(), contentLength, r.bodyLength(), r.redirects().size(),
                !r.peerCertificates().isEmpty() || r.url().startsWith("https:") && r.reachable(),
                version(r.protocol()), failedDueToRegex, r.timings().resolve(), expiry);
    }

    /** {@code http/1.1} as blackbox_exporter's {@code probe_http_version} says it: 1.1; {@code h2}: 2; none: 0. */
    static double version(String protocol) {
        return switch (protocol) {
            case "http/1.0" -> 1.0;
            case "http/1.1" -> 1.1;
            case "h2", "h2_prior_knowledge" -> 2;
            case "quic", "h3" -> 3;
            default -> 0;
        };
    }

    /** Why the answer does not pass, or null if it does. */
    private String problem(CheckResult r) {
        if (r.failure() != FailureKind.NONE) {
            return r.failureSummary();
        }
        boolean statusOk = expectStatus.isEmpty() ? r.statusCode() / 100 == 2 : expectStatus.contains(r.statusCode());
        if (!statusOk) {
            return "status " + r.statusCode() + ", expected " + (expectStatus.isEmpty() ? "2xx" : expectStatus);
        }
        if (bodyMatches != null && !bodyMatches.matcher(r.bodyText()).find()) {
            return NOT_MATCHING + bodyMatches.pattern() + "/";
        }
        return null;
    }
}
