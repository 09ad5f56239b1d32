package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CrawlScheduleTest {
    private final MockWebServer server = new MockWebServer();
    private ContinuousCrawl crawl;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setHeader("Content-Type", "text/html")
                        .setBody("<html><head><title>One</title></head><body><h1>One page</h1></body></html>");
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        crawl = new ContinuousCrawl(CrawlOptions.builder(server.url("/").toString()).sitemap(false).build(),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws IOException {
        crawl.close();
        server.shutdown();
    }

    @Test
    void crawlsStartOnAFixedGridAndACrawlThatRunsPastATickSkipsItInsteadOfOverlapping() {
        long s = 1_000_000_000L;
        assertThat(CrawlSchedule.nextStart(0, 10 * s, 2 * s)).isEqualTo(10 * s); // short crawl: wait for the tick
        assertThat(CrawlSchedule.nextStart(0, 10 * s, 10 * s)).isEqualTo(10 * s); // ended on the tick: start now
        assertThat(CrawlSchedule.nextStart(0, 10 * s, 13 * s)).isEqualTo(20 * s); // ran long: the next tick
        assertThat(CrawlSchedule.nextStart(0, 10 * s, 35 * s)).isEqualTo(40 * s); // no catch-up burst
    }

    @Test
    void iterationsBoundTheLoopAndEachResultIsHandedOver() throws InterruptedException {
        List<CrawlResult> seen = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        Optional<CrawlResult> last = new CrawlSchedule(crawl, Duration.ofMillis(300), 3, seen::add).run();
        assertThat(seen).hasSize(3);
        assertThat(last).containsSame(seen.get(2));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(crawl.runs()).isEqualTo(3);
    }

    @Test
    void stopWakesTheWaitBetweenCrawlsAtOnce() throws Exception {
        CrawlSchedule schedule = new CrawlSchedule(crawl, Duration.ofHours(1), 0, r -> { });
        CompletableFuture<Optional<CrawlResult>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return schedule.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.await(Duration.ofSeconds(10), crawl::runs, n -> n >= 1);
        schedule.stop();
        assertThat(run.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(schedule.stopped()).isTrue();
        assertThat(crawl.runs()).isEqualTo(1);
    }

    @Test
    void aClosedContinuousCrawlRefusesToRunAndBadSchedulesAreRejected() {
        assertThatThrownBy(() -> new CrawlSchedule(crawl, Duration.ZERO, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrawlSchedule(crawl, Duration.ofSeconds(1), -1, null))
                .isInstanceOf(IllegalArgumentException.class);
        crawl.close();
        assertThatThrownBy(crawl::runOnce).isInstanceOf(IllegalStateException.class);
    }
}
