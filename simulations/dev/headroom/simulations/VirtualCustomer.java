package dev.headroom.simulations;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.RedirectHop;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.http.Timings;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRun;
import dev.headroom.journey.StepResult;
import io.gatling.http.response.Response;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One virtual customer running one journey in the injector: the Gatling-side driver of a {@link
 * JourneyRun}. The run builds each step's request and judges its final response, the same code as
 * in {@code journey run} and the monitor; this sends it with Gatling, hop by hop, following
 * redirects as the HTTP core does (the allowlist on every hop, 303 and 301/302-after-POST become
 * GET without a body, a cross-origin hop keeps no header but the User-Agent, at most {@link
 * HttpChecker#DEFAULT_MAX_REDIRECTS} hops, a loop detected), and turns Gatling's response into the
 * core's {@link CheckResult}.
 *
 * <p>Held in the virtual user's Gatling session; Gatling runs a virtual user's actions and its
 * responses' callbacks one at a time, and the methods are synchronized for the memory edges.
 */
final class VirtualCustomer {
    static final String KEY = "hr_customer";
    static final String OK = "ok";

    private final JourneyRun run;
    private final TargetAllowlist allowlist;
    private final Duration thinkTime;
    private JourneyRun.Next next;
    private boolean previousWasPage; // pace with the think time before the next page, unless a think step did
    // the hop being sent
    private HttpUrl hopUrl;
    private String hopMethod;
    private byte[] hopBody;
    private Headers hopHeaders;
    private final List<RedirectHop> hops = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private long hopStartNs;
    private long chainStartNs;
    private Response arrived;
    private boolean hopPending;
    private String check = OK; // what Gatling's check of the last hop reports
    private StepResult lastStep;

    VirtualCustomer(JourneyRun run, TargetAllowlist allowlist, Duration thinkTime) {
        this.run = run;
        this.allowlist = allowlist;
        this.thinkTime = thinkTime;
    }

    /** Asks the run for its next request or pause. */
    synchronized void advance() {
        next = run.next();
        if (next instanceof JourneyRun.Next.Send send) {
            CheckRequest r = send.request();
            hopUrl = HttpUrl.parse(r.url());
            hopMethod = r.method();
            hopBody = r.encodedBody();
            hopHeaders = r.headers();
            if (r.contentType() != null && hopHeaders.get("Content-Type") == null && hopBody.length > 0) {
                hopHeaders = hopHeaders.newBuilder().set("Content-Type", r.contentType()).build();
            }
            hops.clear();
            visited.clear();
            visited.add(hopMethod + " " + hopUrl);
            arrived = null;
            check = OK;
            hopPending = true;
            chainStartNs = 0; // the clock starts when the first hop is sent, after the pacing pause
            if (!allowlist.isAllowed(hopUrl)) {
                refusal = allowlist.refusal(hopUrl.host());
                end(CheckResult.notReceived(r, r.url(), FailureKind.NOT_ALLOWED, refusal, hops, Duration.ZERO), true);
            }
        }
    }

    synchronized boolean finished() {
        return next instanceof JourneyRun.Next.Finished;
    }

    /** The index of the step waiting (a request or a pause); -1 when the run is finished. */
    synchronized int stepIndex() {
        if (next instanceof JourneyRun.Next.Send s) {
            return s.index();
        }
        return next instanceof JourneyRun.Next.Pause p ? p.index() : -1;
    }

    synchronized Duration pauseDuration() {
        return ((JourneyRun.Next.Pause) next).duration();
    }

    synchronized void paused() {
        run.paused(pauseDuration());
        previousWasPage = false;
    }

    /** The think time to take before this page: none before the first page, nor after a think step. */
    synchronized Duration pacing() {
        long mean = thinkTime.toMillis();
        if (!previousWasPage || mean <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(mean / 2, mean * 3 / 2 + 1));
    }

    // ---- one hop

    synchronized boolean hopPending() {
        return hopPending;
    }

    synchronized String hopMethod() {
        return hopMethod;
    }

    synchronized String hopUrl() {
        hopStartNs = System.nanoTime();
        if (chainStartNs == 0) {
            chainStartNs = hopStartNs;
        }
        return hopUrl.toString();
    }

    synchronized byte[] hopBody() {
        return hopBody;
    }

    /** Puts this hop's headers on Gatling's request (after the protocol's own). */
    synchronized void applyHeaders(HttpHeaders headers) {
        for (int i = 0; i < hopHeaders.size(); i++) {
            headers.set(hopHeaders.name(i), hopHeaders.value(i));
        }
    }

    /** Gatling's response to this hop: a redirect to follow, or the final response, judged now. */
    synchronized void arrived(Response response) {
        arrived = response;
        int status = response.status().code();
        CheckRequest request = ((JourneyRun.Next.Send) next).request();
        long hopMs = Math.max(0, response.endTimestamp() - response.startTimestamp());
        scala.Option<String> location = response.header("Location");
        if (HttpChecker.isRedirect(status) && request.followRedirects() && location.isDefined()) {
            // The HTTP core's rules, in its order (HttpChecker#execute), so a step means the same.
            HttpUrl target = hopUrl.resolve(location.get());
            if (target == null) {
                end(CheckResult.notReceived(request, hopUrl.toString(), FailureKind.PROTOCOL, "redirect " + status
                        + " has an unusable Location: " + run.redactor().redact(location.get()), hops, sinceChain()), false);
                return;
            }
            if (hops.size() >= HttpChecker.DEFAULT_MAX_REDIRECTS) {
                end(CheckResult.notReceived(request, hopUrl.toString(), FailureKind.TOO_MANY_REDIRECTS, "more than "
                        + HttpChecker.DEFAULT_MAX_REDIRECTS + " redirects; next was "
                        + run.redactor().redactUrl(target.toString()), hops, sinceChain()), false);
                return;
            }
            String nextMethod = HttpChecker.redirectMethod(hopMethod, status);
            if (response.header("Set-Cookie").isDefined()) {
                visited.clear();
            }
            if (!visited.add(nextMethod + " " + target)) {
                end(CheckResult.notReceived(request, hopUrl.toString(), FailureKind.REDIRECT_LOOP, "redirect loop: "
                        + nextMethod + " " + run.redactor().redactUrl(target.toString())
                        + " was already requested in this chain", hops, sinceChain()), false);
                return;
            }
            hops.add(new RedirectHop(run.redactor().redactUrl(hopUrl.toString()), hopMethod, status,
                    run.redactor().redactUrl(target.toString()), Timings.ZERO.withTotal(Duration.ofMillis(hopMs))));
            if (!allowlist.isAllowed(target)) {
                refusal = allowlist.refusal(target.host());
                end(CheckResult.notReceived(request, target.toString(), FailureKind.NOT_ALLOWED, refusal + "; a redirect from "
                        + run.redactor().redactUrl(hopUrl.toString()) + " pointed there", hops, sinceChain()), true);
                return;
            }
            Headers.Builder nh = hopHeaders.newBuilder();
            if (!nextMethod.equals(hopMethod)) {
                hopBody = new byte[0]; // a method change drops the body and the headers describing it
                nh.removeAll("Content-Type").removeAll("Content-Length").removeAll("Transfer-Encoding");
            }
            if (!HttpChecker.sameOrigin(target, hopUrl)) {
                // Never hand credentials to another origin: keep only what a browser sends anywhere.
                Headers.Builder fresh = new Headers.Builder();
                String contentType = nh.get("Content-Type");
                if (hopBody.length > 0 && contentType != null) {
                    fresh.set("Content-Type", contentType);
                }
                nh = fresh;
            }
            hopHeaders = nh.build();
            hopMethod = nextMethod;
            hopUrl = target;
            return; // the loop sends the next hop
        }
        Headers.Builder headers = new Headers.Builder();
        response.headers().forEach(h -> headers.addUnsafeNonAscii(h.getKey(), h.getValue()));
        end(CheckResult.received(request, hopUrl.toString(), status, response.status().reasonPhrase(), headers.build(),
                response.body().bytes(), hops, sinceChain()), false);
    }

    /** After a hop: if Gatling got no response at all (refused, reset, timed out), the step ends here. */
    synchronized void afterHop(Duration timeout) {
        if (hopPending && arrived == null) {
            CheckRequest request = ((JourneyRun.Next.Send) next).request();
            Duration took = Duration.ofNanos(System.nanoTime() - hopStartNs);
            boolean timedOut = took.compareTo(timeout.minusMillis(50)) >= 0;
            end(CheckResult.notReceived(request, hopUrl.toString(), timedOut ? FailureKind.TIMEOUT : FailureKind.IO,
                    timedOut ? "no response within " + timeout.toMillis() + " ms" : "no response: the connection failed",
                    hops, sinceChain()), false);
        }
        arrived = null;
    }

    /** What Gatling's check of the last hop says: {@value #OK}, or the failed step's message. */
    synchronized String check() {
        return check;
    }

    private Duration sinceChain() {
        return chainStartNs == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - chainStartNs);
    }

    private boolean refused;
    private String refusal; // the allowlist's words for the host not sent to: counted by message, so no URL in it

    private void end(CheckResult result, boolean notSent) {
        hopPending = false;
        refused = notSent;
        lastStep = run.received(result);
        previousWasPage = true;
        check = lastStep.status().isFailure() ? lastStep.message() : OK;
    }

    /**
     * Records the request step that just ended (one request, its redirects included) under its
     * journey's and step's group, and resets Gatling's failed flag so each step counts alone.
     */
    synchronized void record(dev.headroom.load.RequestSink sink, String group) {
        StepResult r = lastStep;
        if (r == null) {
            return;
        }
        long ms = r.duration().toMillis();
        if (refused) {
            sink.recordFailure(group, ms, refusal, true);
        } else {
            sink.record(group, !r.status().isFailure(), ms);
        }
        lastStep = null;
    }

    /** The run's result, once {@link #finished()}. */
    synchronized JourneyResult result() {
        return ((JourneyRun.Next.Finished) next).result();
    }
}
