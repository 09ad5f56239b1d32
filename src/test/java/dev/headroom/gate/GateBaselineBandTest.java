package dev.headroom.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
        GateData few = new GateData("s", "t", "1", "", "PASSED", "", "",
                List.of(new GateData.StageSummary("load", "PASSED", 1, "")), null,
                java.util.Map.of("all", new GateData.LoadGroup(49, 0, 10, 20)), null, null, null);
        GateData enough = new GateData("s", "t", "1", "", "PASSED", "", "",
                List.of(new GateData.StageSummary("load", "PASSED", 1, "")), null,
                java.util.Map.of("all", new GateData.LoadGroup(120, 0, 12, 30)), null, null, null);
        Baseline b = new Baseline(List.of(), List.of(few, enough));

        assertThat(b.load("all", "p95")).containsExactly(12.0);
        assertThat(b.load("all", "p99")).isEmpty();
    }
}
