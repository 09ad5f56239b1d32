package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.report.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile shop tries to send a journey somewhere else: a redirect, a link and an absolute step URL
 * all point at 127.0.0.2 ("another host"), which counts what reaches it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JourneyAllowlistTest {
    private MockWebServer shop;
    private MockWebServer otherHost;
    private String other;

    @BeforeEach
    void start() throws IOException {
        otherHost = new MockWebServer();
        otherHost.start(InetAddress.getByName("127.0.0.2"), 0);
        other = "http://127.0.0.2:" + otherHost.getPort();
        otherHost.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("<html><body><h1>elsewhere</h1></body></html>");
            }
        });
        shop = new MockWebServer();
        shop.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.equals("/go")) {
                    return new MockResponse().setResponseCode(302).setHeader("Location", other + "/landing");
                }
                if (path.equals("/big")) {
                    return html("<p>" + "x".repeat(5000) + "</p><p id=tail>tail</p>");
                }
                return html("<a class=out href=\"" + other + "/offers\">offers</a>");
            }
        });
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<html><body>" + body + "</body></html>");
    }

    @AfterEach
    void stop() throws IOException {
        shop.shutdown();
        otherHost.shutdown();
    }

    private String target() {
        return "http://127.0.0.1:" + shop.getPort();
    }

    private JourneyResult run(TargetAllowlist allowlist, String steps) {
        Journey journey = JourneyLoader.load("hostile.yaml", "name: hostile\nsteps:\n" + steps);
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).build()) {
            return new JourneyRunner(checker).run(journey, RunOptions.target(target()));
        }
    }

    private static final String EVERY_WAY_OUT = """
              - name: home
                request: {url: /}
              - name: follow the link out
                follow: {selector: a.out}
                always: true
              - name: a redirect out
                request: {url: /go}
                always: true
              - name: an absolute URL out
                request: {url: "%s/direct"}
                always: true
            """;

    @Test
    void noStepReachesAHostOffTheAllowlistAndEachFailsUnsentWithTheReason() {
        JourneyResult r = run(TargetAllowlist.forTargets(java.util.List.of(target()), java.util.List.of()),
                EVERY_WAY_OUT.formatted(other));

        assertThat(r.steps()).extracting(StepResult::status)
                .containsExactly(Status.PASSED, Status.FAILED, Status.FAILED, Status.FAILED);
        assertThat(r.steps().subList(1, 4)).allSatisfy(s -> {
            assertThat(s.failure()).isEqualTo(FailureKind.NOT_ALLOWED);
            assertThat(s.message()).contains("not sent: host '127.0.0.2' is not on the allowlist");
        });
        assertThat(r.unreachable()).as("the shop answered: a refusal is a failed check, not a dead target").isFalse();
        assertThat(otherHost.getRequestCount()).isZero();
    }

    @Test
    void aHostAddedToTheAllowlistIsReachedAsBefore() {
        JourneyResult r = run(TargetAllowlist.forTargets(java.util.List.of(target()), java.util.List.of("127.0.0.2")),
                EVERY_WAY_OUT.formatted(other));

        assertThat(r.status()).as(r.steps().toString()).isEqualTo(Status.PASSED);
        assertThat(otherHost.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aStepThatPassesOnAPageCutAtTheBodyCapSaysSo() {
        Journey journey = JourneyLoader.load("big.yaml", """
                name: big page
                steps:
                  - name: big
                    request: {url: /big}
                    assert:
                      - no-text: "Exception"
                """);
        try (HttpChecker checker = HttpChecker.builder().maxBodyBytes(1000).build()) {
            JourneyResult r = new JourneyRunner(checker).run(journey, RunOptions.target(target()));

            assertThat(r.status()).isEqualTo(Status.PASSED);
            assertThat(r.steps().get(0).message())
                    .isEqualTo("the response was cut at the body cap of 1000 bytes; the step's checks saw only its start");
        }
    }
}
