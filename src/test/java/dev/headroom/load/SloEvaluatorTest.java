package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SloEvaluatorTest {

    private static Recorder sample() {
        Recorder r = new Recorder();
        for (int i = 1; i <= 100; i++) {
            r.record("search", true, i * 10L); // 10..1000 ms: p95 = 950, p99 = 990
        }
        r.record("search", false, 1);
        for (int i = 0; i < 99; i++) {
            r.record("home", true, 5);
        }
        return r;
    }

    @Test
    void latencyPercentilesOfSuccessfulRequests() {
        var o = SloEvaluator.evaluate(new Slo("search", Duration.ofMillis(950), Duration.ofMillis(990), null), sample().snapshot());
        assertThat(o.requests()).isEqualTo(101);
        assertThat(o.failed()).isEqualTo(1);
        assertThat(o.p95Ms()).isBetween(950L, 951L);
        assertThat(o.breached()).as(o.message()).isFalse(); // exactly at the limit holds

        var tight = SloEvaluator.evaluate(new Slo("search", Duration.ofMillis(900), null, null), sample().snapshot());
        assertThat(tight.breached()).isTrue();
        assertThat(tight.message()).startsWith("p95 95").contains("> 900ms");
    }

    @Test
    void errorRateOverAllRequestsOfTheGroupOrAll() {
        assertThat(SloEvaluator.evaluate(new Slo("search", null, null, 0.005), sample().snapshot()).breached()).isTrue();
        assertThat(SloEvaluator.evaluate(new Slo("search", null, null, 0.01), sample().snapshot()).breached()).isFalse();
        var all = SloEvaluator.evaluate(new Slo("all", null, null, 0.004), sample().snapshot());
        assertThat(all.requests()).isEqualTo(200);
        assertThat(all.errorRate()).isEqualTo(0.005);
        assertThat(all.breached()).isTrue();
    }

    @Test
    void oneJunitCasePerSlo() {
        List<CheckCase> cases = SloEvaluator.cases(List.of(
                new Slo("home", Duration.ofMillis(100), null, null),
                new Slo("search", Duration.ofMillis(100), null, null),
                new Slo("checkout", Duration.ofMillis(100), null, null)), sample().snapshot());
        assertThat(cases).extracting(CheckCase::status).containsExactly(Status.PASSED, Status.FAILED, Status.SKIPPED);
        assertThat(cases).allSatisfy(c -> assertThat(c.suite()).isEqualTo("slo"));
        assertThat(cases.get(0).name()).isEqualTo("home p95<=100ms");
    }

    @Test
    void watchAbortsOnlyAfterTheBreachLasts() {
        AtomicLong clock = new AtomicLong(0);
        Recorder r = new Recorder();
        Slo slo = new Slo("search", Duration.ofMillis(500), null, null);
        SloWatch w = new SloWatch(r, List.of(slo), Duration.ofSeconds(2), Duration.ofSeconds(3), clock::get);
        w.tick();
        for (int s = 1; s <= 10; s++) {
            clock.set(s * 1000L);
            r.record("search", true, s <= 3 ? 20 : 1500); // slow from second 4 on
            String reason = w.tick();
            if (s < 7) {
                assertThat(reason).as("second %d", s).isNull();
            } else {
                assertThat(reason).as("second %d", s).contains("search p95<=500ms").contains("breached for 3s");
            }
        }
        assertThat(w.breached(slo)).isTrue();
    }

    @Test
    void watchForgetsABreachThatRecovers() {
        AtomicLong clock = new AtomicLong(0);
        Recorder r = new Recorder();
        Slo slo = new Slo("search", Duration.ofMillis(500), null, null);
        SloWatch w = new SloWatch(r, List.of(slo), Duration.ofSeconds(1), Duration.ofSeconds(3), clock::get);
        w.tick();
        for (int s = 1; s <= 12; s++) {
            clock.set(s * 1000L);
            r.record("search", true, s % 3 == 0 ? 20 : 1500); // never slow for 3 s in a row
            assertThat(w.tick()).as("second %d", s).isNull();
        }
    }

    @Test
    void watchNeverAbortsWhenAfterIsZero() {
        AtomicLong clock = new AtomicLong(0);
        Recorder r = new Recorder();
        SloWatch w = new SloWatch(r, List.of(new Slo("all", null, null, 0.0)), Duration.ofSeconds(1), Duration.ZERO, clock::get);
        for (int s = 1; s <= 5; s++) {
            clock.set(s * 1000L);
            r.record("home", false, 1);
            assertThat(w.tick()).isNull();
        }
    }

    @Test
    void requestsRecordedBeforeTheFirstTickAreInTheFirstWindow() {
        AtomicLong clock = new AtomicLong(0);
        Recorder r = new Recorder();
        Slo slo = new Slo("home", null, null, 0.10);
        SloWatch w = new SloWatch(r, List.of(slo), Duration.ofSeconds(10), Duration.ofSeconds(1), clock::get);
        r.record("home", false, 5); // the run's first second, before the watch's first look
        r.record("home", true, 5);
        clock.set(1000);
        assertThat(w.tick()).isNull();
        assertThat(w.breached(slo)).as("1 of 2 failed, over 10%").isTrue();
        clock.set(2000);
        assertThat(w.tick()).isEqualTo("SLO 'home errors<=10.00%' breached for 1s (over the last 10s: error rate 50.00% > 10.00%"
                + " (2 requests, p95 5ms, p99 5ms, errors 50.00%))");
    }
}
