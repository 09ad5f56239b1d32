package dev.headroom.dashboards;

import dev.headroom.monitor.Check;
import dev.headroom.monitor.CrawlCheck;
import dev.headroom.monitor.JourneyCheck;
import dev.headroom.monitor.MonitorPlan;
import dev.headroom.monitor.ProbeCheck;
import dev.headroom.slo.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the generated dashboards are made of: the shop's name (their uids and titles), the
 * monitor's checks by kind, the journeys with their steps in order, and the SLOs whose Sloth series
 * the generated rules record.
 *
 * @param shop the shop's name, as in a shop file's {@code shop:}
 * @param journeys the monitor's journey checks, in config order
 * @param probes the names of its HTTP probes
 * @param crawls the names of its crawl checks
 * @param slos the SLOs of the specs, in spec order
 */
public record DashboardInputs(String shop, List<Journey> journeys, List<String> probes, List<String> crawls,
        List<Slo> slos) {

    public DashboardInputs {
        Objects.requireNonNull(shop, "shop");
        journeys = List.copyOf(journeys);
        probes = List.copyOf(probes);
        crawls = List.copyOf(crawls);
        slos = List.copyOf(slos);
    }

    /**
     * A journey check: its check name (the {@code check} and {@code journey} label values) and its
     * steps in order.
     */
    public record Journey(String check, List<Step> steps) {
        public Journey {
            Objects.requireNonNull(check, "check");
            steps = List.copyOf(steps);
        }
    }

    /**
     * A journey step: its name (the {@code step} label value) and, for a step with an {@code if:},
     * when it runs ({@code "order_number_2 is defined"}); null when it always runs.
     */
    public record Step(String name, String condition) {
        public Step {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The checks of a resolved monitor plan, and {@code slos}. */
    public static DashboardInputs of(String shop, MonitorPlan plan, List<Slo> slos) {
        List<Journey> journeys = new ArrayList<>();
        List<String> probes = new ArrayList<>();
        List<String> crawls = new ArrayList<>();
        for (Check c : plan.checks()) {
            if (c.kind() instanceof JourneyCheck j) {
                List<Step> steps = new ArrayList<>();
                for (dev.headroom.journey.Step s : j.journey().steps()) {
                    if (steps.stream().noneMatch(known -> known.name().equals(s.name()))) {
                        steps.add(new Step(s.name(), condition(s.guard())));
                    }
                }
                journeys.add(new Journey(c.name(), steps));
            } else if (c.kind() instanceof ProbeCheck) {
                probes.add(c.name());
            } else if (c.kind() instanceof CrawlCheck) {
                crawls.add(c.name());
            }
        }
        return new DashboardInputs(shop, journeys, probes, crawls, slos);
    }

    private static String condition(dev.headroom.journey.Step.Guard guard) {
        if (guard == null) {
            return null;
        }
        return guard.defined() != null ? guard.defined() + " is defined" : "the page has " + guard.selector();
    }
}
