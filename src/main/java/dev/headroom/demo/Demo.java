package dev.headroom.demo;

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
 * What {@code headroom demo} runs against the reference storefront: a customer's walk through the
 * shop, a crawl of every page and link, then fault drills that switch one fault on at a time and
 * prove that the walk or the crawl catches it.
 */
public final class Demo {
    /** Demo account seeded into every reference storefront. */
    public static final String EMAIL = "shopper1@example.test";
    /** Its password; redacted from every report. */
    public static final String PASSWORD = "shop-secret";
    /** Suite name of the drill verdicts in the report. */
    public static final String DRILL_SUITE = "fault-drills";

    /**
     * The drills: each fault, with the value used and what must catch it: a step of the walk (and
     * how it must end) or a class of crawl finding. Overselling needs concurrent buyers to show,
     * which is the journeys' and the load tests' to catch, not the demo's.
     */
    public static final List<Drill> DRILLS = List.of(
            Drill.walk(Fault.ERROR_RATE, "1", "checkout", Status.FAILED),
            Drill.walk(Fault.SLOW_ROUTE, "checkout:" + (StorefrontTour.SLOW_STEP.toMillis() + 300), "checkout", Status.DEGRADED),
            Drill.walk(Fault.HARD_DOWN, "", "home page", Status.FAILED),
            Drill.crawl(Fault.BROKEN_LINKS, Finding.Kind.BROKEN),
            Drill.crawl(Fault.ERROR_LEAK, Finding.Kind.ERROR_LEAK));

    /**
     * A drill's crawl follows links from the home page this deep, without the sitemap: every page
     * with a content fault is within two clicks of home, and a complete shallow crawl finds the
     * same things every time (a crawl cut short by a page limit would not).
     */
    static final int DRILL_CRAWL_DEPTH = 2;

    /** How long one step may take before the walk gives up on it; a hard-down shop costs this much. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(3);

    /**
     * One fault drill: switch {@code fault} on, then either walk and expect {@code step} to end
     * {@code caughtAs}, or crawl and expect at least one {@code finding}.
     */
    public record Drill(Fault fault, String value, String step, Status caughtAs, Finding.Kind finding) {
        static Drill walk(Fault fault, String value, String step, Status caughtAs) {
            return new Drill(fault, value, step, caughtAs, null);
        }

        static Drill crawl(Fault fault, Finding.Kind finding) {
            return new Drill(fault, "", null, null, finding);
        }

        public String label() {
            return value.isEmpty() ? fault.cliName() : fault.cliName() + "=" + value;
        }

        /** Where the fault must be caught, for people: "at checkout", "by the crawl". */
        public String caughtWhere() {
            return step != null ? "at " + step : "by the crawl";
        }
    }

    private Demo() {
    }

    /** Walks the storefront as a customer, reporting each step to {@code progress} as it ends. */
    public static List<CheckCase> storefrontTour(HttpChecker checker, String baseUrl, Consumer<CheckCase> progress) {
        return new StorefrontTour(checker.newSession(), baseUrl, EMAIL, PASSWORD, STEP_TIMEOUT, progress).walk();
    }

    /**
     * Runs every drill against {@code shop}, one fault at a time, and returns a verdict per drill:
     * PASSED when the walk caught the fault at the expected step, FAILED when it did not. Every
     * fault is switched off again, whatever happens.
     */
    public static List<CheckCase> faultDrills(HttpChecker checker, RunningStorefront shop, Consumer<CheckCase> progress) {
        List<CheckCase> verdicts = new ArrayList<>();
        for (Drill drill : DRILLS) {
            shop.faults().set(drill.fault(), drill.value());
            Instant started = Instant.now();
            String seen;
            boolean caught;
            try {
                if (drill.step() != null) {
                    CheckCase step = storefrontTour(checker, shop.baseUrl(), c -> { }).stream()
                            .filter(c -> c.name().equals(drill.step())).findFirst().orElseThrow();
                    caught = step.status() == drill.caughtAs();
                    seen = (caught ? "" : "expected " + drill.caughtAs() + ", ") + "the walk saw " + step.status()
                            + (step.message() == null ? "" : ": " + step.message());
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
