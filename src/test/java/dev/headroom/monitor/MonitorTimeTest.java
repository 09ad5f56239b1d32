package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.Eventually;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's timing with time moved by the test ({@link ManualScheduler}): intervals, retries'
 * delays, runs that outlast their interval, maintenance windows. Nothing here waits for time to pass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitorTimeTest {
    private static final Instant START = Instant.parse("2026-11-24T01:59:00Z");

    @TempDir
    Path dir;

    private final MockWebServer shop = new MockWebServer();
    private final AtomicInteger requests = new AtomicInteger();
    private final ManualScheduler time = new ManualScheduler(START);
    /** The monitor's log: one line per finished run, and one per change of state. */
    private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpChecker checker;
    private Monitor monitor;

    @AfterEach
    void stop() throws IOException {
        if (monitor != null) {
            monitor.close();
        }
        if (checker != null) {
            checker.close();
        }
        shop.shutdown();
    }

    /** Serves every path with {@code answer(n)} for the n-th request (from 1), and monitors it with {@code checks}. */
    private void start(String checks, IntFunction<MockResponse> answer) throws IOException {
        shop.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(requests.incrementAndGet());
            }
        });
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
        MonitorPlan plan = plan(checks);
        checker = plan.checkerBuilder().build();
        monitor = new Monitor(plan, checker, registry, time, log::add, null);
        monitor.start();
    }

    private MonitorPlan plan(String checks) throws IOException {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
                target: http://127.0.0.1:%d/
                checks:
                %s
                maintenance:
                  - {name: nightly deploy, cron: "0 2 * * *", duration: 30m}
                """.formatted(shop.getPort(), checks.strip().indent(2)));
        return MonitorPlan.load(file, null, Map.of());
    }

    /**
     * The check's {@code n}-th run (from 1), once its worker has finished it and planned the one
     * after: waits in real time (bounded) for the worker, never for time to pass.
     */
    private RunRecord run(String check, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (monitor.state(check).runs() < n) {
            assertThat(System.nanoTime()).as("run %d of %s within 10 s; log: %s", n, check, log).isLessThan(deadline);
            log.poll(10, TimeUnit.MILLISECONDS); // a finished run logs a line
        }
        time.awaitPending(monitor.view().size()); // every check's next run planned: time may move on
        return monitor.state(check).recent().get(n - 1);
    }

    @Test
    void theNextRunComesOneIntervalAfterTheLastOneEndedAndNotBefore() throws Exception {
        start("- {name: home, probe: /, interval: 10s, jitter: 0s}", n -> new MockResponse());
        time.advance(Duration.ZERO);
        assertThat(run("home", 1).startedAt()).isEqualTo(START);

        time.advance(Duration.ofMillis(9_999));
        assertThat(requests.get()).as("not yet").isEqualTo(1);
        time.advance(Duration.ofMillis(1));
        assertThat(run("home", 2).startedAt()).isEqualTo(START.plusSeconds(10));
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aFailedTryIsRetriedAfterItsDelayAndTheRunCountsOnlyThen() throws Exception {
        start("- {name: home, probe: /, interval: 1m, jitter: 0s, retry: {policy: exponential, attempts: 3, delay: 5s}}",
                n -> new MockResponse().setResponseCode(n <= 2 ? 503 : 200));
        time.advance(Duration.ZERO);
        time.awaitSleeps(1);
        assertThat(requests.get()).isEqualTo(1);
        time.advance(Duration.ofMillis(4_999));
        assertThat(requests.get()).as("the first retry waits 5 s").isEqualTo(1);
        assertThat(monitor.state("home").runs()).as("a run in its retries has not counted yet").isZero();

        time.advance(Duration.ofMillis(1));
        time.awaitSleeps(2);
        assertThat(requests.get()).isEqualTo(2);
        time.advance(Duration.ofMillis(9_999));
        assertThat(requests.get()).as("the second waits 10 s").isEqualTo(2);
        time.advance(Duration.ofMillis(1));

        RunRecord run = run("home", 1);
        assertThat(run.status()).isEqualTo(Status.PASSED);
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(monitor.state("home").up()).isEqualTo(CheckState.Up.UP);
    }

    @Test
    void aRunThatOutlastsItsIntervalIsNeverOverlappedByTheNext() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        start("- {name: slow, probe: /, interval: 1s, jitter: 0s, timeout: 1h}", n -> {
            try {
                answer.await(); // the shop answers when the test says
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MockResponse();
        });
        time.advance(Duration.ZERO);
        Eventually.await(Duration.ofSeconds(10), "the worker's request to reach the shop", () -> requests.get() > 0);
        for (int i = 0; i < 10; i++) {
            time.advance(Duration.ofSeconds(1));
        }
        assertThat(requests.get()).as("ten intervals later, still the one run").isEqualTo(1);

        answer.countDown();
        RunRecord first = run("slow", 1);
        assertThat(first.startedAt()).isEqualTo(START);
        time.advance(Duration.ofSeconds(1));
        assertThat(run("slow", 2).startedAt()).as("an interval after the first ended").isEqualTo(START.plusSeconds(11));
    }

    @Test
    void runsInAMaintenanceWindowAreKeptAndMarkedButNeverTurnTheCheckDown() throws Exception {
        start("- {name: home, probe: /, interval: 15m, jitter: 0s}",
                n -> new MockResponse().setResponseCode(n == 1 ? 200 : 503));
        time.advance(Duration.ZERO);
        assertThat(run("home", 1).maintenance()).as("01:59, before the window").isFalse();

        time.advance(Duration.ofMinutes(15));
        RunRecord during = run("home", 2);
        time.advance(Duration.ofMinutes(15));
        RunRecord late = run("home", 3);
        assertThat(during.startedAt()).isEqualTo(Instant.parse("2026-11-24T02:14:00Z"));
        assertThat(late.startedAt()).isEqualTo(Instant.parse("2026-11-24T02:29:00Z"));
        assertThat(during.status()).isEqualTo(Status.FAILED);
        assertThat(during.maintenance()).isTrue();
        assertThat(late.maintenance()).isTrue();
        assertThat(monitor.state("home").up()).as("failures in maintenance never count").isEqualTo(CheckState.Up.UP);

        time.advance(Duration.ofMinutes(15));
        RunRecord after = run("home", 4);
        assertThat(after.maintenance()).as("02:44, the window has closed").isFalse();
        assertThat(monitor.state("home").up()).isEqualTo(CheckState.Up.DOWN);
    }

    @Test
    void aReloadKeepsTheHistoryOfUnchangedChecksStartsNewOnesAndDropsTheSeriesOfRemovedOnes() throws Exception {
        start("""
                - {name: home, probe: /, interval: 10s, jitter: 0s}
                - {name: health, probe: /health, interval: 10s, jitter: 0s}
                """, n -> new MockResponse());
        time.advance(Duration.ZERO);
        run("home", 1);
        run("health", 1);

        monitor.reload(plan("""
                - {name: home, probe: /, interval: 10s, jitter: 0s}
                - {name: sitemap, probe: /sitemap.xml, interval: 10s, jitter: 0s}
                """));
        time.advance(Duration.ZERO);
        assertThat(run("sitemap", 1).startedAt()).as("a new check starts at once").isEqualTo(START);
        time.advance(Duration.ofSeconds(10));

        assertThat(run("home", 2).startedAt()).as("an unchanged check keeps its schedule").isEqualTo(START.plusSeconds(10));
        assertThat(monitor.state("home").recent()).as("and its history").hasSize(2);
        assertThat(monitor.state("health")).isNull();
        assertThat(registry.scrape()).contains("probe_success{check=\"sitemap\"}").doesNotContain("check=\"health\"");
        assertThat(monitor.reloads()).isEqualTo(1);
    }
}
