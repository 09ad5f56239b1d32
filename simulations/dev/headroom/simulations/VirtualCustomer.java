package dev.headroom.simulations;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.RedirectChain;
import dev.headroom.http.RedirectHop;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.http.Timings;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRun;
import dev.headroom.journey.StepResult;
import io.gatling.http.response.Response;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One virtual customer running one journey in the injector: the Gatling-side driver of a {@link
 * JourneyRun}. The run builds each step's request and judges its final response, the same code as
 * in {@code journey run} and the monitor; this sends it with Gatling, hop by hop, following
 * redirects by the HTTP core's own {@link RedirectChain} (at most {@link
 * HttpChecker#DEFAULT_MAX_REDIRECTS} hops), and turns Gatling's response into the core's {@link
 * CheckResult}.
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
    private RedirectChain chain; // this request's redirects so far; null until the first
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
            chain = null; // made at the first redirect: most requests have none
            arrived = null;
            check = OK;
            hopPending = true;
            chainStartNs = 0; // the clock starts when the first hop is sent, after the pacing pause
            if (!allowlist.isAllowed(hopUrl)) {
                refusal = allowlist.refusal(hopUrl.host());
                end(CheckResult.notReceived(r, r.url(), FailureKind.NOT_ALLOWED, refusal, List.of(), Duration.ZERO), true);
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
        if (RedirectChain.isRedirect(status) && request.followRedirects() && location.isDefined()) {
            if (chain == null) {
                chain = new RedirectChain(allowlist, HttpChecker.DEFAULT_MAX_REDIRECTS, run.redactor(), hopMethod, hopUrl,
                        hopHeaders, hopBody.length > 0);
            }
            RedirectChain.Decision decision = chain.next(status, location.get(), response.header("Set-Cookie").isDefined(),
                    Timings.ZERO.withTotal(Duration.ofMillis(hopMs)));
            if (decision instanceof RedirectChain.Decision.Stop stop) {
                boolean notSent = stop.failure() == FailureKind.NOT_ALLOWED;
                if (notSent) {
                    refusal = allowlist.refusal(stop.at().host());
                }
                end(CheckResult.notReceived(request, stop.at().toString(), stop.failure(), stop.message(), chain.hops(),
                        sinceChain()), notSent);
                return;
            }
            RedirectChain.Decision.Follow follow = (RedirectChain.Decision.Follow) decision;
            hopBody = follow.keepsBody() ? hopBody : new byte[0];
            hopHeaders = follow.headers();
            hopMethod = follow.method();
            hopUrl = follow.url();
            return; // the loop sends the next hop
        }
        Headers.Builder headers = new Headers.Builder();
        response.headers().forEach(h -> headers.addUnsafeNonAscii(h.getKey(), h.getValue()));
        end(CheckResult.received(request, hopUrl.toString(), status, response.status().reasonPhrase(), headers.build(),
                response.body().bytes(), hops(), sinceChain()), false);
    }

    /** After a hop: if Gatling got no response at all (refused, reset, timed out), the step ends here. */
    synchronized void afterHop(Duration timeout) {
        if (hopPending && arrived == null) {
            CheckRequest request = ((JourneyRun.Next.Send) next).request();
            Duration took = Duration.ofNanos(System.nanoTime() - hopStartNs);
            boolean timedOut = took.compareTo(timeout.minusMillis(50)) >= 0;
            end(CheckResult.notReceived(request, hopUrl.toString(), timedOut ? FailureKind.TIMEOUT : FailureKind.IO,
                    timedOut ? "no response within " + timeout.toMillis() + " ms" : "no response: the connection failed",
                    hops(), sinceChain()), false);
        }
        arrived = null;
    }

    /** What Gatling's check of the last hop says: {@value #OK}, or the failed step's message. */
    synchronized String check() {
        return check;
    }

    private List<RedirectHop> hops() {
        return chain == null ? List.of() : chain.hops();
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
