package dev.headroom.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The noise band a measure is compared with: the baseline's median plus the largest of its own spread, the
 * tolerance's share of the median and the tolerance's minimum; error rates get the baseline's worst plus
 * the tolerance.
 */
class GateBaselineBandTest {
    private static final GateConfig.Tolerance DEFAULT = new GateConfig.Tolerance(null, null, null);

    @Test
    void aSteadyFastBaselineGetsTheMinimumAllowance() {
        Baseline.Comparison c = Baseline.latency("search", 90, List.of(10.0, 12.0, 11.0), DEFAULT);

        assertThat(c.median()).isEqualTo(11.0);
        assertThat(c.allowed()).isEqualTo(111.0);
        assertThat(c.regressed()).isFalse();
        assertThat(Baseline.latency("search", 112, List.of(10.0, 12.0, 11.0), DEFAULT).regressed()).isTrue();
    }

    @Test
    void aNoisyBaselineWidensItsOwnBandSoItsNoiseIsNotARegression() {
        List<Double> noisy = List.of(100.0, 400.0, 150.0, 120.0);

        Baseline.Comparison c = Baseline.latency("checkout", 420, noisy, DEFAULT);

        assertThat(c.median()).isEqualTo(135.0);
        assertThat(c.allowed()).isEqualTo(135.0 + 300.0);
        assertThat(c.regressed()).isFalse();
        assertThat(c.message("ms")).isEqualTo("420 ms against a baseline of 135 ms (band up to 435 ms, 4 samples)");
    }

    @Test
    void aSlowBaselineIsAllowedItsShareOfTheMedian() {
        GateConfig.Tolerance t = new GateConfig.Tolerance(0.2, Duration.ofMillis(10), null);

        assertThat(Baseline.latency("p95", 1250, List.of(1000.0, 1010.0), t).allowed()).isEqualTo(1005.0 + 201.0);
        assertThat(Baseline.latency("p95", 1250, List.of(1000.0, 1010.0), t).regressed()).isTrue();
    }

    @Test
    void anErrorRateMayRiseByTheToleranceOverTheBaselinesWorst() {
        assertThat(Baseline.errorRate("all", 0.015, List.of(0.0, 0.01), DEFAULT).regressed()).isFalse();
        assertThat(Baseline.errorRate("all", 0.021, List.of(0.0, 0.01), DEFAULT).regressed()).isTrue();
    }

    @Test
    void aLoadGroupIsComparedOnlyWithEnoughRequestsForTheMeasure() {
        assertThat(Baseline.minRequests("p95")).isEqualTo(50);
        assertThat(Baseline.minRequests("errorRate")).isEqualTo(50);
        assertThat(Baseline.minRequests("p99")).isEqualTo(200);
        GateData few = loadRun(Map.of("all", new GateData.LoadGroup(49, 0, 10, 20)), null);
        GateData enough = loadRun(Map.of("all", new GateData.LoadGroup(120, 0, 12, 30)), null);
        Baseline b = new Baseline(List.of(), List.of(few, enough));

        assertThat(b.load("all", "p95", false)).containsExactly(12.0);
        assertThat(b.load("all", "p99", false)).isEmpty();
    }

    @Test
    void loadGroupsAreComparedOnTheirHoldsAndOnWholeRunsOnlyWhenEveryBaselineReportPredatesThem() {
        // The whole run's p95 is the ramp-up's cold start; the holds' is the steady rate.
        GateData current = loadRun(Map.of("search", new GateData.LoadGroup(300, 0, 400, 900)),
                Map.of("search", new GateData.LoadGroup(220, 0, 25, 40)));
        GateData older = loadRun(Map.of("search", new GateData.LoadGroup(300, 0, 380, 800)), null);
        GateData rampOnly = loadRun(Map.of("search", new GateData.LoadGroup(300, 0, 390, 800)), Map.of());

        Baseline mixed = new Baseline(List.of(), List.of(current, older, rampOnly));
        assertThat(mixed.hasLoadHolds()).isTrue();
        assertThat(mixed.load("search", "p95", true)).as("the older report has no holds, the other none in this group")
                .containsExactly(25.0);
        assertThat(mixed.load("search", "p99", true)).containsExactly(40.0);
        assertThat(mixed.loadRuns(true)).isEqualTo(2);
        assertThat(mixed.loadRuns(false)).isEqualTo(3);
        assertThat(Gate.loadFigures(mixed)).isEqualTo(
                "hold only, ramp-up excluded; 1 of the 3 baseline reports predates hold-only figures and is left out");
        assertThat(Gate.loadFigures(new Baseline(List.of(), List.of(current, rampOnly))))
                .isEqualTo("hold only, ramp-up excluded");

        Baseline predating = new Baseline(List.of(), List.of(older));
        assertThat(predating.hasLoadHolds()).isFalse();
        assertThat(predating.load("search", "p95", false)).containsExactly(380.0);
        assertThat(predating.load("search", "p95", true)).isEmpty();
        assertThat(Gate.loadFigures(predating))
                .isEqualTo("whole run, ramp-up included: the baseline reports predate hold-only figures");

        GateData failedLoad = new GateData("s", "t", "1", "", "FAILED", "", "",
                List.of(new GateData.StageSummary("load", "FAILED", 1, "")), null, current.load(), current.loadHolds(),
                null, null, null);
        assertThat(new Baseline(List.of(), List.of(older, failedLoad)).hasLoadHolds())
                .as("holds of a run whose load stage failed are not used").isFalse();
    }

    @Test
    void aSlowedGroupRegressesOnItsHoldsWhereItsRampWouldHaveHiddenIt() {
        // Two clean baseline runs whose ramps were slow (cold start) and spread: on whole runs the band is wide.
        Baseline b = new Baseline(List.of(), List.of(
                loadRun(Map.of("search", new GateData.LoadGroup(300, 0, 300, 600)),
                        Map.of("search", new GateData.LoadGroup(220, 0, 20, 30))),
                loadRun(Map.of("search", new GateData.LoadGroup(300, 0, 700, 900)),
                        Map.of("search", new GateData.LoadGroup(220, 0, 24, 35)))));
        Baseline.Comparison whole = Baseline.latency("search p95", 420, b.load("search", "p95", false), DEFAULT);
        Baseline.Comparison holds = Baseline.latency("search p95", 320, b.load("search", "p95", true), DEFAULT);

        assertThat(whole.regressed()).as(whole.message("ms")).isFalse();
        assertThat(holds.median()).isEqualTo(22.0);
        assertThat(holds.regressed()).as(holds.message("ms")).isTrue();
    }

    private static GateData loadRun(Map<String, GateData.LoadGroup> load, Map<String, GateData.LoadGroup> holds) {
        return new GateData("s", "t", "1", "", "PASSED", "", "", List.of(new GateData.StageSummary("load", "PASSED", 1, "")),
                null, load, holds, null, null, null);
    }
}
