package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.slo.SloSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloStepBucketsTest {
    @Test
    void latencySlosAcceptExactlyTheMonitorsHistogramBuckets() {
        assertThat(SloSpecs.STEP_BUCKETS).isEqualTo(List.of(CheckMeters.BUCKETS));
    }
}
