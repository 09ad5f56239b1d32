package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.load.Recorder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * For {@code bench/injector-capacity.sh}: virtual users arriving at a constant rate (open model),
 * each making {@code bench.requestsPerUser} GETs of one URL back to back (a customer's visit is
 * several requests), with or without Headroom's recorder hook, so the benchmark can tell what the
 * recorder costs on top of plain Gatling. The rate ramps up from a tenth over {@code
 * bench.rampSeconds} (a cold JVM hit with the full rate piles up connections in its first seconds),
 * then holds for {@code bench.seconds}. Other settings: {@code bench.url}, {@code bench.rate}
 * (requests per second), {@code bench.recorder} (true or false). Loopback only: Gatling's redirect
 * following is off in both modes; with the recorder, requests go through {@link Redirects} (so the
 * benchmark measures its cost too), without it a redirect is a failed status check, never a hop.
 */
public class StaticFileSimulation extends Simulation {
    private final Recorder recorder = new Recorder();
    private final boolean recording = Boolean.getBoolean("bench.recorder");

    public StaticFileSimulation() {
        String url = System.getProperty("bench.url");
        TargetAllowlist.loopbackOnly().check(url);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "1000"));
        int seconds = Integer.getInteger("bench.seconds", 20);
        int perUser = Integer.getInteger("bench.requestsPerUser", 1);
        int ramp = Integer.getInteger("bench.rampSeconds", 5);
        HttpProtocolBuilder protocol = http.disableWarmUp().disableCaching().shareConnections().disableFollowRedirect();
        ChainBuilder request = recording
                ? new Redirects(TargetAllowlist.loopbackOnly(), HttpChecker.DEFAULT_MAX_REDIRECTS)
                        .recorded(recorder, "static", PageRequest.get("static", url))
                : CoreDsl.exec(http("static").get(url).check(status().is(200)));
        ChainBuilder visit = perUser == 1 ? request : CoreDsl.repeat(perUser).on(request);
        setUp(scenario("static").exec(visit).injectOpen(
                        rampUsersPerSec(rate / perUser / 10).to(rate / perUser).during(Duration.ofSeconds(ramp)),
                        constantUsersPerSec(rate / perUser).during(Duration.ofSeconds(seconds))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(ramp + seconds + 30));
    }

    @Override
    public void after() {
        if (recording) {
            System.out.println("headroom-bench: recorder histograms hold " + recorder.snapshot().values().stream()
                    .mapToLong(h -> h.getTotalCount()).sum() + " requests");
        }
    }
}
