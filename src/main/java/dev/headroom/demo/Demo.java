package dev.headroom.demo;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code headroom demo} runs against the reference storefront: a customer's walk through the
 * shop, then fault drills that switch one fault on at a time and prove the walk catches it.
 */
public final class Demo {
    /** Demo account seeded into every reference storefront. */
    public static final String EMAIL = "shopper1@example.test";
    /** Its password; redacted from every report. */
    public static final String PASSWORD = "shop-secret";
    /** Suite name of the drill verdicts in the report. */
    public static final String DRILL_SUITE = "fault-drills";

    /**
     * The drills: each fault, with the value used, the step of the walk that must catch it and how.
     * Faults the walk cannot see (broken links, leaked errors, overselling) are the crawler's and the
     * journeys' to catch, not the walk's.
     */
    public static final List<Drill> DRILLS = List.of(
            new Drill(Fault.ERROR_RATE, "1", "checkout", Status.FAILED),
            new Drill(Fault.SLOW_ROUTE, "checkout:" + (StorefrontTour.SLOW_STEP.toMillis() + 300), "checkout", Status.DEGRADED),
            new Drill(Fault.HARD_DOWN, "", "home page", Status.FAILED));

    /** How long one step may take before the walk gives up on it; a hard-down shop costs this much. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(3);

    /** One fault drill: switch {@code fault} on, walk, and expect {@code step} to end {@code caughtAs}. */
    public record Drill(Fault fault, String value, String step, Status caughtAs) {
        public String label() {
            return value.isEmpty() ? fault.cliName() : fault.cliName() + "=" + value;
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
            List<CheckCase> walk;
            try {
                walk = storefrontTour(checker, shop.baseUrl(), step -> { });
            } finally {
                shop.faults().clear(drill.fault());
            }
            CheckCase seen = walk.stream().filter(c -> c.name().equals(drill.step())).findFirst().orElseThrow();
            boolean caught = seen.status() == drill.caughtAs();
            CheckCase verdict = CheckCase.builder(DRILL_SUITE, drill.label() + " is caught at " + drill.step())
                    .status(caught ? Status.PASSED : Status.FAILED)
                    .duration(walk.stream().map(CheckCase::duration).reduce(Duration.ZERO, Duration::plus))
                    .message((caught ? "" : "expected " + drill.caughtAs() + ", ") + "the walk saw " + seen.status()
                            + (seen.message() == null ? "" : ": " + seen.message()))
                    .attribute("fault", drill.label())
                    .build();
            verdicts.add(verdict);
            progress.accept(verdict);
        }
        return verdicts;
    }
}
