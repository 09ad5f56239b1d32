package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact run history: what it keeps of each run, its order and its bound. */
class CheckStateTest {
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00.123456789Z");

    private static RunRecord run(int i, Status status) {
        ProbeResult.Failure failure = status.isFailure()
                ? new ProbeResult.Failure("GET", "GET http://127.0.0.1/", 500, "HTTP 500", "<html>oops</html>") : null;
        return new RunRecord("home", T0.plusSeconds(10L * i), Duration.ofNanos(3_000_123L + i), status, 1 + i % 2,
                i % 7 == 0, new String(status.isFailure() ? "500 Internal Server Error" : "200 OK"),
                List.of(new ProbeResult.Phase("connect", Status.PASSED, Duration.ofMillis(1))), failure,
                new ProbeResult.Http(200, 10, 10, 0, false, 1.1, false, Duration.ZERO, null));
    }

    @Test
    void keepsTheNewestRunsOldestFirstWithTheirTimesStatusesAndMessages() {
        CheckState s = new CheckState(5, 3, 2);
        for (int i = 0; i < 13; i++) {
            s.record(run(i, i == 10 ? Status.FAILED : Status.PASSED));
        }
        List<RunRecord> recent = s.recent();
        assertThat(recent).hasSize(5);
        for (int k = 0; k < 5; k++) {
            RunRecord expected = run(8 + k, 8 + k == 10 ? Status.FAILED : Status.PASSED);
            RunRecord r = recent.get(k);
            assertThat(r.check()).isEqualTo("home");
            assertThat(r.startedAt()).isEqualTo(expected.startedAt());
            assertThat(r.duration()).isEqualTo(expected.duration());
            assertThat(r.status()).isEqualTo(expected.status());
            assertThat(r.attempts()).isEqualTo(expected.attempts());
            assertThat(r.maintenance()).isEqualTo(expected.maintenance());
            assertThat(r.message()).isEqualTo(expected.message());
        }
        assertThat(recent.get(2).failure()).as("a failed run is kept whole").isEqualTo(run(10, Status.FAILED).failure());
        assertThat(recent.get(4)).as("the last run is kept whole").isEqualTo(run(12, Status.PASSED));
        assertThat(s.last()).isEqualTo(run(12, Status.PASSED));
        assertThat(recent.get(3).phases()).as("a passing run in the history is compact").isEmpty();
        assertThat(recent.get(3).http()).isNull();
        assertThat(recent.get(0).message()).as("the same text, one instance").isSameAs(recent.get(1).message());
        assertThat(s.lastFailure()).isEqualTo(run(10, Status.FAILED));
        assertThat(s.runs()).isEqualTo(13);
    }

    @Test
    void aSmallerHistoryOnReloadKeepsTheNewestAndALargerOneGrows() {
        CheckState s = new CheckState(50, 3, 2);
        assertThat(s.recent()).isEmpty();
        assertThat(s.last()).isNull();
        for (int i = 0; i < 40; i++) {
            s.record(run(i, Status.PASSED));
        }
        assertThat(s.recent()).hasSize(40);
        s.configure(3, 3, 2);
        assertThat(s.recent()).extracting(RunRecord::startedAt)
                .containsExactly(run(37, Status.PASSED).startedAt(), run(38, Status.PASSED).startedAt(),
                        run(39, Status.PASSED).startedAt());
        s.configure(10, 3, 2);
        for (int i = 40; i < 52; i++) {
            s.record(run(i, Status.PASSED));
        }
        assertThat(s.recent()).hasSize(10).extracting(RunRecord::startedAt).first()
                .isEqualTo(run(42, Status.PASSED).startedAt());
        assertThat(s.last()).isEqualTo(run(51, Status.PASSED));
    }
}
