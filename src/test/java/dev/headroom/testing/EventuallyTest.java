package dev.headroom.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {
    @Test
    void returnsTheFirstValueThatSatisfiesTheCondition() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Eventually.await(Duration.ofSeconds(5), calls::incrementAndGet, n -> n >= 3)).isEqualTo(3);
    }

    @Test
    void failsWithTheLastValueSeenWhenTheTimeIsUp() {
        assertThatThrownBy(() -> Eventually.await(Duration.ofMillis(100), () -> "still starting", "ready"::equals))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not there within PT0.1S")
                .hasMessageContaining("the last value seen was still starting");
    }

    @Test
    void failsWithWhatTheProbeLastThrew() {
        assertThatThrownBy(() -> Eventually.await(Duration.ofMillis(100), () -> {
            throw new IOException("no such file");
        }, v -> true)).isInstanceOf(AssertionError.class).hasMessageContaining("the probe threw java.io.IOException: no such file")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void stopsWaitingAtOnceWhenThereIsNothingLeftToWaitFor() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Eventually.await(Duration.ofMinutes(1), () -> 0, n -> n > 0, () -> false))
                .hasMessageContaining("nothing left to wait for").hasMessageContaining("the last value seen was 0");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aConditionThatNeverHoldsIsNamedInTheFailure() {
        assertThatThrownBy(() -> Eventually.await(Duration.ofMillis(50), "the crawl to start", () -> false))
                .hasMessage("not within PT0.05S: the crawl to start");
    }

    @Test
    void theFailuresTextIsBuiltWhenItFailsNotWhenTheWaitStarts() {
        AtomicInteger polls = new AtomicInteger();
        assertThatThrownBy(() -> Eventually.await(Duration.ofMillis(100), () -> "polled " + polls.get() + " times", () -> {
            polls.incrementAndGet();
            return false;
        })).hasMessageNotContaining("polled 0 times").hasMessageStartingWith("not within PT0.1S: polled ");
    }
}
