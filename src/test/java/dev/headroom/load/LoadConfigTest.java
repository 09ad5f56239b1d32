package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadConfigTest {

    private static LoadConfig yaml(String text) {
        return ConfigLoader.load("load.yaml", text, LoadConfig.class);
    }

    @Test
    void theExampleConfigLoads() {
        LoadConfig c = LoadConfig.load(Path.of("simulations/load.example.yaml"));
        assertThat(c.allowlist()).contains("127.0.0.1");
        assertThat(c.slos()).isNotEmpty();
        assertThat(c.targetAllowlist().isAllowedHost("localhost")).isTrue();
    }

    @Test
    void defaultsAreLoopbackAndCapped() {
        LoadConfig c = yaml("metricsPort: 0\n");
        assertThat(c.allowlist()).containsExactly("127.0.0.1", "localhost", "::1");
        assertThat(c.limits().maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.limits().maxRps()).isEqualTo(2000.0);
        assertThat(c.stages().multipliers()).containsExactly(1.0, 5.0, 10.0);
        assertThat(c.profile().peakRps()).isEqualTo(20.0);
    }

    @Test
    void everyProblemIsReportedWithLineAndField() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> yaml("""
                allowlist: []
                limits:
                  maxRps: 0
                profile:
                  mix: {browse: 1, teleport: 2}
                slos:
                  - group: search
                  - group: all
                    errorRate: 2
                    p95: 5
                abort:
                  windw: 1s
                """));
        assertThat(e.getMessage())
                .contains("load.yaml:10:10: slos[1].p95: expected a duration like 500ms, 2s or 1m, got 5 (add a unit)")
                .contains("load.yaml:12:3: abort.windw: unknown field 'windw'; did you mean 'window'?");
        ConfigException semantic = catchThrowableOfType(ConfigException.class, () -> yaml("""
                allowlist: []
                limits:
                  maxRps: 0
                profile:
                  mix: {browse: 1, teleport: -2}
                slos:
                  - group: search
                  - group: all
                    errorRate: 2
                """));
        assertThat(semantic.getMessage())
                .contains("load.yaml:1:12: allowlist: must list at least one host")
                .contains("load.yaml:3:11: limits.maxRps: must be greater than 0")
                .contains("load.yaml:5:30: profile.mix.teleport: must be a share of 0 or more")
                .contains("load.yaml:7:5: slos[0]: set at least one of p95, p99, errorRate")
                .contains("load.yaml:9:16: slos[1].errorRate: must be between 0 and 1");
    }

    @Test
    void badAllowlistPattern() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> yaml("allowlist: ['exa*mple.com']\n"));
        assertThat(e.getMessage()).contains("allowlist: invalid host pattern 'exa*mple.com'");
    }
}
