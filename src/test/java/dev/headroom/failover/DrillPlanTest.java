package dev.headroom.failover;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.http.TargetAllowlist;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillPlanTest {
    private static final TargetAllowlist LOOPBACK = TargetAllowlist.loopbackOnly();

    private static DrillPlan plan(String front, Map<String, String> origins, int rate, Duration during, String down) {
        return new DrillPlan(front, List.of("/"), rate, Duration.ofSeconds(5), during, Duration.ofSeconds(5), down, "true",
                origins, "/health", Duration.ofMillis(500), Duration.ofSeconds(5), 0, null, Duration.ofSeconds(60));
    }

    @Test
    void aLoopbackPlanIsValid() {
        assertThatCode(() -> plan("http://127.0.0.1:8080", Map.of("a", "http://localhost:8081"), 20, Duration.ofSeconds(30), "true")
                .validate(LOOPBACK)).doesNotThrowAnyException();
    }

    @Test
    void aFrontDoorOutsideTheAllowlistIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> plan("http://shop.example.com", Map.of(), 20, Duration.ofSeconds(30), "true").validate(LOOPBACK))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--front: refusing 'shop.example.com'");
    }

    @Test
    void anOriginOutsideTheAllowlistIsRefusedByName() {
        assertThatThrownBy(() -> plan("http://127.0.0.1:8080", Map.of("east", "http://10.1.2.3:8080"), 20, Duration.ofSeconds(30), "true")
                .validate(LOOPBACK)).hasMessageContaining("--origin east: refusing '10.1.2.3'");
    }

    @Test
    void anAllowedHostIsAccepted() {
        assertThatCode(() -> plan("http://shop.example.com", Map.of(), 20, Duration.ofSeconds(30), "true")
                .validate(LOOPBACK.plus("shop.example.com"))).doesNotThrowAnyException();
    }

    @Test
    void theRateIsCapped() {
        assertThatThrownBy(() -> plan("http://127.0.0.1:8080", Map.of(), 5000, Duration.ofSeconds(30), "true").validate(LOOPBACK))
                .hasMessageContaining("--rate: must be 1 to 500");
    }

    @Test
    void theLengthIsCapped() {
        assertThatThrownBy(() -> plan("http://127.0.0.1:8080", Map.of(), 20, Duration.ofHours(1), "true").validate(LOOPBACK))
                .hasMessageContaining("more than the cap of 30 min");
    }

    @Test
    void aDrillWithoutADownCommandIsRefused() {
        assertThatThrownBy(() -> plan("http://127.0.0.1:8080", Map.of(), 20, Duration.ofSeconds(30), " ").validate(LOOPBACK))
                .hasMessageContaining("--down: the command that takes an origin down is required");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> plan("ftp://x", Map.of(), 0, Duration.ofSeconds(30), "").validate(LOOPBACK))
                .hasMessageContaining("--front").hasMessageContaining("--rate").hasMessageContaining("--down");
    }
}
