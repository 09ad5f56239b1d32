package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.headroom.load.Recorder;
import dev.headroom.http.TargetAllowlist;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;

/**
 * For {@code bench/injector-capacity.sh}: one GET of one URL per virtual user, at a constant
 * arrival rate (open model), with or without Headroom's recorder hook, so the benchmark can tell
 * what the recorder costs on top of plain Gatling. Settings from system properties:
 * {@code bench.url}, {@code bench.rate} (users, i.e. requests, per second), {@code bench.seconds},
 * {@code bench.recorder} (true or false). Loopback only.
 */
public class StaticFileSimulation extends Simulation {
    private final Recorder recorder = new Recorder();
    private final boolean recording = Boolean.getBoolean("bench.recorder");

    public StaticFileSimulation() {
        String url = System.getProperty("bench.url");
        TargetAllowlist.loopbackOnly().check(url);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "1000"));
        int seconds = Integer.getInteger("bench.seconds", 20);
        HttpProtocolBuilder protocol = http.disableWarmUp().shareConnections();
        HttpRequestActionBuilder get = http("static").get(url).check(status().is(200));
        ChainBuilder request = recording ? Recording.recorded(recorder::record, "static", get) : CoreDsl.exec(get);
        setUp(scenario("static").exec(request).injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(seconds + 30));
    }

    @Override
    public void after() {
        if (recording) {
            System.out.println("headroom-bench: recorder histograms hold " + recorder.snapshot().values().stream()
                    .mapToLong(h -> h.getTotalCount()).sum() + " requests");
        }
    }
}
