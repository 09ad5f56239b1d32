package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's checker enforces the plan's allowlist on every hop; a monitor cannot run a plan
 * with a checker that enforces another one, at start or after a reload.
 */
class MonitorAllowlistTest {
    @TempDir
    Path dir;

    private MonitorPlan plan(String allowlist) throws IOException {
        Path file = Files.writeString(dir.resolve("monitor.yaml"),
                "target: http://127.0.0.1:1/\n" + allowlist + "checks: [{name: home, probe: /}]\n");
        return MonitorPlan.load(file, null, Map.of());
    }

    @Test
    void thePlansCheckerEnforcesThePlansAllowlist() throws IOException {
        MonitorPlan plan = plan("allowlist: [127.0.0.1, shop.example.test]\n");
        try (HttpChecker checker = plan.checkerBuilder().build()) {
            assertThat(checker.allowlist()).isEqualTo(TargetAllowlist.of("127.0.0.1", "shop.example.test"));
        }
    }

    @Test
    void aCheckerWithAnotherAllowlistIsRefused() throws IOException {
        MonitorPlan plan = plan("allowlist: [127.0.0.1, shop.example.test]\n");
        try (HttpChecker loopbackOnly = HttpChecker.builder().build()) {
            assertThatThrownBy(() -> new Monitor(plan, loopbackOnly, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    Clock.systemUTC(), line -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the checker enforces the allowlist [127.0.0.1, localhost, ::1], the plan's is"
                            + " [127.0.0.1, shop.example.test]: build it with MonitorPlan.checkerBuilder()");
        }
    }

    @Test
    void aReloadThatChangesTheAllowlistIsRefusedWholeAndTheRunningPlanCarriesOn() throws IOException {
        MonitorPlan running = plan("");
        MonitorPlan wider = plan("allowlist: [127.0.0.1, shop.example.test]\n");
        try (HttpChecker checker = running.checkerBuilder().build();
                Monitor monitor = new Monitor(running, checker, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        Clock.systemUTC(), line -> { })) {
            assertThatThrownBy(() -> monitor.reload(wider))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a reload cannot change the allowlist (from [127.0.0.1, localhost, ::1] to"
                            + " [127.0.0.1, shop.example.test]); restart the monitor to apply it");
            assertThat(monitor.plan()).isSameAs(running);
            assertThat(monitor.reloads()).isZero();
        }
    }
}
