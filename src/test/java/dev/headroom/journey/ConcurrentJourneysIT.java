package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One runner, many journeys at once, as a monitor runs them. An IT (its own JVM, apart from the
 * unit tests) because jsoup 1.18.1, once used from several threads at once, can return selected
 * elements out of page order for the rest of the JVM, which order-sensitive unit tests of HtmlForm
 * would then see.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentJourneysIT {

    @Test
    void oneRunnerRunsManyJourneysAtOnceEachInItsOwnSession(@ShopUnderTest RunningStorefront shop) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (HttpChecker checker = HttpChecker.builder().build()) {
            JourneyRunner runner = new JourneyRunner(checker);
            RunOptions options = RunOptions.target(shop.baseUrl()).withEnv(ShippedJourneysTest.ENV);
            List<Future<JourneyResult>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> runner.run(ShippedJourneysTest.journey("browse-and-search"), options)));
            }
            runs.add(pool.submit(() -> runner.run(ShippedJourneysTest.journey("checkout"), options)));
            runs.add(pool.submit(() -> runner.run(ShippedJourneysTest.journey("inventory"), options)));
            for (Future<JourneyResult> f : runs) {
                JourneyResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.journey() + ": " + r.steps()).isEqualTo(Status.PASSED);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
