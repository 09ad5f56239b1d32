package dev.headroom.demo;

import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Crawler;
import dev.headroom.crawl.Finding;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code headroom demo} runs against the reference storefront: the shipped journeys (browse
 * and search, checkout, inventory) as a customer walks them, a crawl of every page and link, then
 * fault drills that switch one fault on at a time and prove that a journey or the crawl catches it
 * where a customer would meet it.
 */
public final class Demo {
    /** The password of the demo accounts seeded into every reference storefront; redacted from every report. */
    public static final String PASSWORD = "shop-secret";
    /** Suite name of the drill verdicts in the report. */
    public static final String DRILL_SUITE = "fault-drills";

    /**
     * The drills: each fault, with the value used and what must catch it: a step of a shipped
     * journey (and how it must end) or a class of crawl finding.
     */
    public static final List<Drill> DRILLS = List.of(
            Drill.journey(Fault.ERROR_RATE, "1", "checkout", "open checkout", Status.FAILED),
            Drill.journey(Fault.SLOW_ROUTE, "checkout:1300", "checkout", "open checkout", Status.DEGRADED),
            Drill.journey(Fault.OVERSELL, "", "inventory", "two simultaneous orders for the last units", Status.FAILED),
            Drill.journey(Fault.HARD_DOWN, "", "browse-and-search", "home page", Status.FAILED),
            Drill.crawl(Fault.BROKEN_LINKS, Finding.Kind.BROKEN),
            Drill.crawl(Fault.ERROR_LEAK, Finding.Kind.ERROR_LEAK));

    /**
     * A drill's crawl follows links from the home page this deep, without the sitemap: every page
     * with a content fault is within two clicks of home, and a complete shallow crawl finds the
     * same things every time (a crawl cut short by a page limit would not).
     */
    static final int DRILL_CRAWL_DEPTH = 2;

    /**
     * One fault drill: switch {@code fault} on, then either run {@code journey} and expect its
     * {@code step} to end {@code caughtAs} (FAILED: failed or no answer), or crawl and expect at
     * least one {@code finding}.
     */
    public record Drill(Fault fault, String value, String journey, String step, Status caughtAs, Finding.Kind finding) {
        static Drill journey(Fault fault, String value, String journey, String step, Status caughtAs) {
            return new Drill(fault, value, journey, step, caughtAs, null);
        }

        static Drill crawl(Fault fault, Finding.Kind finding) {
            return new Drill(fault, "", null, null, null, finding);
        }

        public String label() {
            return value.isEmpty() ? fault.cliName() : fault.cliName() + "=" + value;
        }

        /** Where the fault must be caught, for people: "at checkout: open checkout", "by the crawl". */
        public String caughtWhere() {
            return journey != null ? "at " + journey + ": " + step : "by the crawl";
        }

        boolean caught(Status seen) {
            return caughtAs == Status.FAILED ? seen.isFailure() : seen == caughtAs;
        }
    }

    private Demo() {
    }

    /**
     * Runs the shipped journeys one after the other, reporting each step to {@code progress} as it
     * ends, and returns a case per step (suite: the journey's name).
     */
    public static List<CheckCase> walk(HttpChecker checker, String baseUrl, Consumer<CheckCase> progress) {
        List<CheckCase> cases = new ArrayList<>();
        for (String name : ShippedJourneys.NAMES) {
            cases.addAll(run(checker, baseUrl, name, progress).toReport().cases());
        }
        return cases;
    }

    private static JourneyResult run(HttpChecker checker, String baseUrl, String name, Consumer<CheckCase> progress) {
        RunOptions options = RunOptions.target(baseUrl).withEnv(ShippedJourneys.referenceStorefrontEnv())
                .withListener(step -> progress.accept(CheckCase.builder(name, name + ": " + step.name())
                        .status(step.status()).duration(step.duration())
                        .message(step.message().isEmpty() ? null : step.message()).build()));
        return new JourneyRunner(checker).run(ShippedJourneys.load(name), options);
    }

    /**
     * Runs every drill against {@code shop}, one fault at a time, and returns a verdict per drill:
     * PASSED when the journey (or the crawl) caught the fault where expected, and a journey's cleanup
     * steps still ran; FAILED otherwise. Every fault is switched off again, whatever happens.
     */
    public static List<CheckCase> faultDrills(HttpChecker checker, RunningStorefront shop, Consumer<CheckCase> progress) {
        List<CheckCase> verdicts = new ArrayList<>();
        for (Drill drill : DRILLS) {
            shop.faults().set(drill.fault(), drill.value());
            Instant started = Instant.now();
            String seen;
            boolean caught;
            try {
                if (drill.journey() != null) {
                    JourneyResult r = run(checker, shop.baseUrl(), drill.journey(), c -> { });
                    StepResult step = r.steps().stream().filter(s -> s.name().equals(drill.step())).findFirst().orElseThrow();
                    List<String> cleanup = r.steps().stream().filter(s -> s.always() && s.status() != Status.SKIPPED)
                            .map(s -> s.name() + " " + s.status()).toList();
                    boolean cleanedUp = drill.fault() == Fault.HARD_DOWN
                            || r.steps().stream().filter(StepResult::always).allMatch(s -> !s.status().isFailure());
                    caught = drill.caught(step.status()) && cleanedUp;
                    seen = (drill.caught(step.status()) ? "" : "expected " + drill.caughtAs() + ", ")
                            + "the journey saw " + step.status() + (step.message().isEmpty() ? "" : ": " + step.message())
                            + (cleanup.isEmpty() ? "" : "; cleanup: " + String.join(", ", cleanup));
                } else {
                    CrawlOptions shallow = CrawlOptions.builder(shop.baseUrl() + "/").sitemap(false)
                            .maxDepth(DRILL_CRAWL_DEPTH).maxTime(Duration.ofMinutes(2)).build();
                    List<Finding> found = new Crawler(shallow, checker).crawl().findings(drill.finding());
                    caught = !found.isEmpty();
                    seen = caught
                            ? "the crawl found " + found.size() + " " + drill.finding() + ", e.g. " + found.get(0).url()
                                    + " linked from " + found.get(0).linkedFrom().get(0)
                            : "the crawl found no " + drill.finding() + " finding";
                }
            } finally {
                shop.faults().clear(drill.fault());
            }
            CheckCase verdict = CheckCase.builder(DRILL_SUITE, drill.label() + " is caught " + drill.caughtWhere())
                    .status(caught ? Status.PASSED : Status.FAILED)
                    .duration(Duration.between(started, Instant.now()))
                    .message(seen)
                    .attribute("fault", drill.label())
                    .build();
            verdicts.add(verdict);
            progress.accept(verdict);
        }
        return verdicts;
    }

    /**
     * Crawls the storefront at {@code baseUrl}: every page in scope and every link and asset on
     * them, up to {@code maxPages} URLs.
     */
    public static CrawlResult crawl(HttpChecker checker, String baseUrl, int maxPages) {
        CrawlOptions options = CrawlOptions.builder(baseUrl + "/").maxPages(maxPages).maxTime(Duration.ofMinutes(5)).build();
        return new Crawler(options, checker).crawl();
    }
}
