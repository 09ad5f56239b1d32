package dev.headroom.monitor;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The origins of a {@link MonitorPlan} as Dropwizard health checks: one {@link HealthCheck} per
 * origin, named {@code GROUP/ORIGIN}, healthy while the origin's probe check is UP (after its
 * thresholds), in one {@link HealthCheckRegistry}; a group's {@link Redundancy} is read from its
 * origins' results. Nothing is probed here: the probes are ordinary probe checks run by the
 * {@link Monitor}, and the health checks only read their state, so they are cheap to run on every
 * scrape.
 */
final class OriginHealth {
    /** A group's redundancy, from how many of its origins are UP. */
    enum Redundancy {
        /** Every origin UP, and there are at least two. */
        FULL,
        /** At least two UP, but not all. */
        DEGRADED,
        /** Exactly one UP: one more failure and the group is down. */
        SINGLE_POINT_OF_FAILURE,
        /** None UP. */
        DOWN;

        /** Its {@code state} label value: {@code full}, {@code degraded}, {@code single_point_of_failure}, {@code down}. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state of a group with {@code up} of its {@code total} origins UP. */
        static Redundancy of(int up, int total) {
            if (up == 0) {
                return DOWN;
            }
            if (up == 1) {
                return SINGLE_POINT_OF_FAILURE;
            }
            return up == total ? FULL : DEGRADED;
        }
    }

    /** What the health check of one origin says. {@code up} is null before its state is known. */
    record OriginView(String name, String url, String check, Boolean up, String message) {
    }

    /** One group: its entry, its origins and its redundancy (null until every origin's state is known). */
    record GroupView(String name, String entry, String entryCheck, List<OriginView> origins, Redundancy redundancy) {
    }

    private final List<MonitorPlan.OriginGroup> groups;
    private final HealthCheckRegistry health = new HealthCheckRegistry();

    /** @param states the state of a check by name; null if there is none (yet) */
    OriginHealth(List<MonitorPlan.OriginGroup> groups, Function<String, CheckState> states) {
        this.groups = List.copyOf(groups);
        for (MonitorPlan.OriginGroup g : groups) {
            for (MonitorPlan.Member m : g.origins()) {
                health.register(key(g.name(), m.name()), new OriginCheck(m.check(), states));
            }
        }
    }

    List<MonitorPlan.OriginGroup> groups() {
        return groups;
    }

    /** 1 UP, 0 DOWN, NaN before the origin's state is known. */
    double up(String group, String origin) {
        Boolean up = up(health.runHealthCheck(key(group, origin)));
        return up == null ? Double.NaN : up ? 1 : 0;
    }

    /** Each group with its origins' health checks run now. */
    List<GroupView> view() {
        List<GroupView> out = new ArrayList<>();
        for (MonitorPlan.OriginGroup g : groups) {
            List<OriginView> origins = new ArrayList<>();
            int up = 0;
            boolean known = true;
            for (MonitorPlan.Member m : g.origins()) {
                HealthCheck.Result r = health.runHealthCheck(key(g.name(), m.name()));
                Boolean isUp = up(r);
                known &= isUp != null;
                up += Boolean.TRUE.equals(isUp) ? 1 : 0;
                origins.add(new OriginView(m.name(), m.url(), m.check(), isUp, r.getMessage()));
            }
            out.add(new GroupView(g.name(), g.entry(), g.entryCheck(), origins,
                    known ? Redundancy.of(up, g.origins().size()) : null));
        }
        return out;
    }

    /** The group's redundancy now; null until every origin of it has a state. */
    Redundancy redundancy(String group) {
        return view().stream().filter(g -> g.name().equals(group)).findFirst().map(GroupView::redundancy).orElse(null);
    }

    private static Boolean up(HealthCheck.Result r) {
        return Boolean.FALSE.equals(r.getDetails() == null ? null : r.getDetails().get("known")) ? null : r.isHealthy();
    }

    private static String key(String group, String origin) {
        return group + "/" + origin;
    }

    /** Healthy while the origin's probe check is UP; not known (a detail) before its first counted run. */
    private static final class OriginCheck extends HealthCheck {
        private final String check;
        private final Function<String, CheckState> states;

        OriginCheck(String check, Function<String, CheckState> states) {
            this.check = check;
            this.states = states;
        }

        @Override
        protected Result check() {
            CheckState s = states.apply(check);
            if (s == null || s.up() == CheckState.Up.UNKNOWN) {
                return Result.builder().unhealthy().withMessage("not probed yet").withDetail("known", false).build();
            }
            RunRecord last = s.last();
            String message = last == null ? "" : last.message();
            return s.up() == CheckState.Up.UP ? Result.builder().healthy().withMessage(message).build()
                    : Result.builder().unhealthy().withMessage(message).build();
        }
    }
}
