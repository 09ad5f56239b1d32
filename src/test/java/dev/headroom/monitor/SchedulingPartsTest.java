package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingPartsTest {

    @Test
    void fixedLinearAndExponentialRetriesWaitAsNamedAndNeverLongerThanTheCap() {
        RetryPolicy fixed = new RetryPolicy(RetryPolicy.Kind.FIXED, 5, Duration.ofSeconds(2), Duration.ofSeconds(5));
        RetryPolicy linear = new RetryPolicy(RetryPolicy.Kind.LINEAR, 5, Duration.ofSeconds(2), Duration.ofSeconds(5));
        RetryPolicy exp = new RetryPolicy(RetryPolicy.Kind.EXPONENTIAL, 5, Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(List.of(fixed.delayBefore(1), fixed.delayBefore(3))).containsOnly(Duration.ofSeconds(2));
        assertThat(List.of(linear.delayBefore(1), linear.delayBefore(2), linear.delayBefore(3)))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(List.of(exp.delayBefore(1), exp.delayBefore(2), exp.delayBefore(3), exp.delayBefore(4), exp.delayBefore(60)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(10));
    }

    @Test
    void theNextRunComesWithinTheIntervalPlusOrMinusTheJitter() {
        for (int i = 0; i < 2000; i++) {
            Duration d = Monitor.nextDelay(Duration.ofSeconds(10), Duration.ofSeconds(2));
            assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        }
        assertThat(Monitor.nextDelay(Duration.ofSeconds(10), Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aCheckGoesDownOnlyAfterNFailuresInARowAndUpAgainAfterMSuccesses() {
        CheckState s = new CheckState(10, 3, 2);
        assertThat(s.record(run(Status.PASSED, false))).isEqualTo(CheckState.Up.UP);
        assertThat(s.record(run(Status.FAILED, false))).isEqualTo(CheckState.Up.UP);
        assertThat(s.record(run(Status.ERROR, false))).isEqualTo(CheckState.Up.UP);
        assertThat(s.record(run(Status.PASSED, false))).as("a success breaks the streak").isEqualTo(CheckState.Up.UP);
        s.record(run(Status.FAILED, false));
        s.record(run(Status.FAILED, false));
        assertThat(s.record(run(Status.FAILED, false))).isEqualTo(CheckState.Up.DOWN);
        assertThat(s.record(run(Status.DEGRADED, false))).as("one success of two").isEqualTo(CheckState.Up.DOWN);
        assertThat(s.record(run(Status.PASSED, false))).isEqualTo(CheckState.Up.UP);
        assertThat(s.lastFailure().status()).isEqualTo(Status.FAILED);
    }

    @Test
    void runsInMaintenanceAreKeptAndMarkedButNeverFlipTheState() {
        CheckState s = new CheckState(10, 1, 1);
        s.record(run(Status.PASSED, false));
        for (int i = 0; i < 5; i++) {
            assertThat(s.record(run(Status.FAILED, true))).isEqualTo(CheckState.Up.UP);
        }
        assertThat(s.recent()).hasSize(6).filteredOn(RunRecord::maintenance).hasSize(5);
        assertThat(s.lastFailure().maintenance()).isTrue();
    }

    @Test
    void theHistoryKeepsOnlyTheMostRecentRuns() {
        CheckState s = new CheckState(3, 1, 1);
        for (int i = 0; i < 10; i++) {
            s.record(run(i % 2 == 0 ? Status.PASSED : Status.FAILED, false));
        }
        assertThat(s.recent()).hasSize(3);
        assertThat(s.runs()).isEqualTo(10);
    }

    @Test
    void aMaintenanceWindowIsOpenFromItsCronStartForItsDuration() {
        MaintenanceWindow w = new MaintenanceWindow("deploy", "0 2 * * *", Duration.ofMinutes(30), List.of(), ZoneId.of("UTC"));
        assertThat(w.isOpen(Instant.parse("2026-11-24T02:00:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-11-24T02:29:59Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-11-24T02:30:00Z"))).isFalse();
        assertThat(w.isOpen(Instant.parse("2026-11-24T01:59:59Z"))).isFalse();
        assertThat(w.appliesTo("anything")).isTrue();
    }

    @Test
    void aMaintenanceWindowFollowsItsTimeZoneAndItsChecks() {
        MaintenanceWindow w = new MaintenanceWindow("sunday", "0 6 * * 0", Duration.ofHours(1), List.of("checkout"),
                ZoneId.of("Europe/Paris"));
        // Sunday 2026-11-22 06:30 in Paris is 05:30 UTC
        assertThat(w.isOpen(Instant.parse("2026-11-22T05:30:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-11-22T06:30:00Z"))).isFalse();
        assertThat(w.isOpen(Instant.parse("2026-11-23T05:30:00Z"))).as("a Monday").isFalse();
        assertThat(w.appliesTo("checkout")).isTrue();
        assertThat(w.appliesTo("home")).isFalse();
    }

    @Test
    void aCronExpressionThatIsNotFiveUnixFieldsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("every night")).hasMessageContaining("'every night'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("0 25 * * *")).hasMessageContaining("'0 25 * * *'");
    }

    private static RunRecord run(Status status, boolean maintenance) {
        return new RunRecord("c", Instant.now(), Duration.ofMillis(5), status, 1, maintenance, "", List.of(), null);
    }
}
