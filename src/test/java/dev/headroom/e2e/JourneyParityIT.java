package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.demo.ShippedJourneys;
import dev.headroom.http.HttpChecker;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.load.JourneySample;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadJourney;
import dev.headroom.load.LoadProfile;
import dev.headroom.load.LoadTest;
import dev.headroom.load.StopTrigger;
import dev.headroom.report.Verdict;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.headroom.testing.shops.ClassicJavaShop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One journey file means the same in the monitor's runner and under load: the shipped journeys
 * (browse and search; the whole checkout with its cleanup steps, guards, extractions and hidden
 * form fields) run once by {@link JourneyRunner} and then by a real Gatling load test against the
 * same reference storefront, with no fault and under each of its faults. A run's step verdicts,
 * failure messages (digits aside: times and ports differ) and extracted values must be the same;
 * a shop that does not answer at all is unreachable to both.
 */
class JourneyParityIT {

    /** Values that differ between any two runs by design: each run places its own order. */
    private static final List<String> PER_RUN = List.of("order_number");

    @ShopUnderTest(products = 60)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    @AfterEach
    void clearFaults() {
        shop.faults().clearAll();
    }

    @ParameterizedTest(name = "fault: {0}")
    @ValueSource(strings = {"none", "broken-links", "error-leak", "slow-route=search:1200", "error-rate=1.0", "hard-down"})
    void aJourneyGivesTheSameStepVerdictsAndValuesInTheMonitorAndUnderLoad(String fault) throws Exception {
        Path journeys = ShippedJourneys.writeLoadFiles(dir.resolve("journeys"));
        for (String j : List.of("browse-and-search.yaml", "checkout.yaml")) {
            // The same links in both runs (the shipped journeys pick at random), and for a hanging
            // shop a 2 s timeout, not 10.
            Path f = journeys.resolve(j);
            String yaml = Files.readString(f).replace("pick: random", "pick: first");
            Files.writeString(f, fault.equals("hard-down") ? yaml.replace("timeout: 10s", "timeout: 2s") : yaml);
        }
        if (!fault.equals("none")) {
            shop.faults().set(fault);
        }
        Map<String, String> env = new LinkedHashMap<>(EnvFile.read(journeys.resolve("reference-storefront.env")));

        Map<String, JourneyResult> monitor = new LinkedHashMap<>();
        try (HttpChecker checker = HttpChecker.builder().build()) {
            JourneyRunner runner = new JourneyRunner(checker);
            for (String name : List.of("browse-and-search", "checkout")) {
                monitor.put(name, runner.run(JourneyLoader.load(journeys.resolve(name + ".yaml")),
                        RunOptions.target(shop.baseUrl()).withEnv(env)));
            }
        }

        // Under load: ~12 customers over 3 s, half of each journey, the first runs of each kept.
        LoadConfig config = new LoadConfig(null, null, null, null, null, null, -1, null, null, List.of(
                new LoadJourney(null, "browse-and-search.yaml", 1.0, null, null, null, null),
                new LoadJourney(null, "checkout.yaml", 1.0, "reference-storefront.env", null, null, null)))
                .withJourneysUnder(journeys);
        StringWriter console = new StringWriter();
        Path out = dir.resolve("load");
        LoadTest.Result load = LoadTest.plan(LoadTest.Options.of(shop.baseUrl()).withConfig(config)
                .withProfile(new LoadProfile(36.0, null, Duration.ZERO, null)).withMultiplier(1.0)
                .withDuration(Duration.ofSeconds(4)).withOut(out)).run(new PrintWriter(console, true), StopTrigger.none());
        if (fault.equals("hard-down")) {
            // A shop that gives no answer at all is unreachable to both, and says so the same way.
            assertThat(monitor.values()).extracting(JourneyResult::verdict).containsOnly(Verdict.UNREACHABLE);
            assertThat(load.verdict()).as(console.toString()).isEqualTo(Verdict.UNREACHABLE);
            assertThat(out.resolve("run.json")).as("no injector for a shop that does not answer").doesNotExist();
            return;
        }
        assertThat(load.verdict()).as(console.toString()).isIn(Verdict.PASSED, Verdict.FAILED);
        List<JourneySample> samples = JourneySample.readAll(out.resolve("journey-samples.json"));

        assertSameMeaning(monitor, samples, console.toString());
    }

    @Test
    void aClassicJavaShopsJourneysMeanTheSameInTheMonitorAndUnderLoadAndTheLoadTestPlacesRealOrders() throws Exception {
        Path journeys = Path.of("src/test/resources/shops/classic").toAbsolutePath();
        Map<String, String> env = new LinkedHashMap<>(EnvFile.read(journeys.resolve("classic-shop.env")));
        try (ClassicJavaShop classic = new ClassicJavaShop()) {
            Map<String, JourneyResult> monitor = new LinkedHashMap<>();
            try (HttpChecker checker = HttpChecker.builder().build()) {
                JourneyRunner runner = new JourneyRunner(checker);
                for (String name : List.of("browse", "search", "checkout")) {
                    JourneyResult r = runner.run(JourneyLoader.load(journeys.resolve(name + ".yaml")),
                            RunOptions.target(classic.baseUrl()).withEnv(env));
                    assertThat(r.passed()).as(name + ": " + r).isTrue();
                    monitor.put(r.journey(), r);
                }
            }
            int ordersBefore = classic.ordersPlaced();
            LoadConfig config = new LoadConfig(null, null, null, null, null, null, -1, null, null, List.of(
                    new LoadJourney("classic-browse", "browse.yaml", 1.0, null, null, null, null),
                    new LoadJourney("classic-search", "search.yaml", 1.0, null, null, null, null),
                    new LoadJourney("classic-checkout", "checkout.yaml", 1.0, "classic-shop.env", null, null, null)))
                    .withJourneysUnder(journeys);
            StringWriter console = new StringWriter();
            Path out = dir.resolve("load");
            // Each customer picks one of the three journeys at random: 10 s (~25 customers) so that every
            // journey runs at least once but for a chance of 3 x (2/3)^25, about 1 in 8,000; 4 s (~10
            // customers) missed one in about 1 run in 20.
            LoadTest.Result load = LoadTest.plan(LoadTest.Options.of(classic.baseUrl()).withConfig(config)
                    .withProfile(new LoadProfile(20.0, null, Duration.ZERO, null)).withMultiplier(1.0)
                    .withDuration(Duration.ofSeconds(10)).withOut(out)).run(new PrintWriter(console, true), StopTrigger.none());
            assertThat(load.verdict()).as(console.toString()).isEqualTo(Verdict.PASSED);
            List<JourneySample> samples = JourneySample.readAll(out.resolve("journey-samples.json"));
            Map<String, JourneyResult> byEntry = new LinkedHashMap<>();
            monitor.forEach((name, r) -> byEntry.put(name, r)); // entry names are the journeys' own
            assertSameMeaning(byEntry, samples, console.toString());
            long placed = samples.stream().filter(x -> x.journey().equals("classic-checkout") && x.status().equals("PASSED"))
                    .count();
            assertThat(classic.ordersPlaced() - ordersBefore).as("orders the shop counted").isGreaterThanOrEqualTo((int) placed)
                    .isPositive();
        }
    }

    private static void assertSameMeaning(Map<String, JourneyResult> monitor, List<JourneySample> samples, String console) {
        for (Map.Entry<String, JourneyResult> e : monitor.entrySet()) {
            JourneyResult once = e.getValue();
            JourneySample underLoad = samples.stream().filter(s -> s.journey().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no run of " + e.getKey() + " under load:\n" + console));
            assertThat(underLoad.status()).as(e.getKey() + " verdict").isEqualTo(once.status().name());
            assertThat(underLoad.steps()).as(e.getKey() + " steps")
                    .extracting(s -> s.name() + ": " + s.status() + " " + normalised(s.message()))
                    .containsExactlyElementsOf(once.steps().stream()
                            .map((StepResult s) -> s.name() + ": " + s.status().name() + " " + normalised(s.message())).toList());
            Map<String, String> expected = new LinkedHashMap<>(once.variables());
            Map<String, String> actual = new LinkedHashMap<>(underLoad.variables());
            for (String perRun : PER_RUN) {
                assertThat(actual.containsKey(perRun)).as(perRun + " extracted in both or neither")
                        .isEqualTo(expected.containsKey(perRun));
                expected.remove(perRun);
                actual.remove(perRun);
            }
            assertThat(actual).as(e.getKey() + " variables").isEqualTo(expected);
        }
    }

    /** A message without its numbers (times, ports, order numbers differ run to run). */
    private static String normalised(String message) {
        return message.replaceAll("\\d+", "#");
    }
}
