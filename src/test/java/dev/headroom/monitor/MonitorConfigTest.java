package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One fixture per mistake: each is refused at load, with the file, line and field. */
class MonitorConfigTest {
    @TempDir
    Path dir;

    private static final String JOURNEY = """
            name: tiny
            steps:
              - name: home
                request: {url: /}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no checks                 | 'port: 9470'                                                               | checks
            two kinds in one check    | 'checks: [{name: a, probe: /, crawl: /}]'                                  | must set exactly one of journey, probe or crawl
            no kind                   | 'checks: [{name: a}]'                                                      | must set exactly one of journey, probe or crawl
            name unfit for a label    | 'checks: [{name: Check Out, probe: /}]'                                    | must be lower case
            duplicate names           | 'checks: [{name: a, probe: /}, {name: a, probe: /x}]'                      | duplicate check name 'a'
            jitter as long as interval| 'checks: [{name: a, probe: /, interval: 5s, jitter: 5s}]'                  | must be shorter than the interval
            bad duration              | 'checks: [{name: a, probe: /, interval: soon}]'                            | interval
            bad retry policy          | 'checks: [{name: a, probe: /, retry: {policy: random}}]'                   | policy
            too many attempts         | 'checks: [{name: a, probe: /, retry: {attempts: 50}}]'                     | must be 1..10
            zero failures before down | 'checks: [{name: a, probe: /, failuresBeforeDown: 0}]'                     | must be at least 1
            bad regex                 | 'checks: [{name: a, probe: /, bodyMatches: \"(\"}]'                          | not a valid regular expression
            status out of range       | 'checks: [{name: a, probe: /, expectStatus: [42]}]'                        | is not an HTTP status
            env file on a probe       | 'checks: [{name: a, probe: /, envFile: x.env}]'                            | only a journey check reads an env file
            bad cron                  | 'checks: [{name: a, probe: /}]\nmaintenance: [{name: m, cron: nightly, duration: 1h}]' | is not a Unix cron expression
            window for unknown check  | 'checks: [{name: a, probe: /}]\nmaintenance: [{name: m, cron: \"0 2 * * *\", duration: 1h, checks: [b]}]' | no check named 'b'
            unknown field             | 'checks: [{name: a, probe: /, every: 5s}]'                                 | every
            bad port                  | 'port: 70000\nchecks: [{name: a, probe: /}]'                               | port
            """)
    void aMistakeIsRefusedAtLoadNamingTheFileAndField(String what, String yaml, String expected) throws IOException {
        Path file = write("monitor.yaml", "target: http://127.0.0.1:1/\n" + yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> MonitorPlan.load(file, null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitor.yaml")
                .hasMessageContaining(expected);
    }

    @Test
    void aJourneyFileWithAMistakeIsReportedWithItsOwnFileAndLine() throws IOException {
        write("broken.yaml", "name: broken\nsteps:\n  - name: home\n    reqest: {url: /}\n");
        Path file = write("monitor.yaml", "target: http://127.0.0.1:1/\nchecks: [{name: j, journey: broken.yaml}]\n");
        assertThatThrownBy(() -> MonitorPlan.load(file, null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.yaml:4");
    }

    @Test
    void aMissingJourneyFileIsNamed() throws IOException {
        Path file = write("monitor.yaml", "target: http://127.0.0.1:1/\nchecks: [{name: j, journey: nowhere.yaml}]\n");
        assertThatThrownBy(() -> MonitorPlan.load(file, null, Map.of())).hasMessageContaining("nowhere.yaml");
    }

    @Test
    void aHostOutsideTheAllowlistIsRefused() throws IOException {
        Path file = write("monitor.yaml", "target: http://shop.example.com/\nchecks: [{name: a, probe: /}]\n");
        assertThatThrownBy(() -> MonitorPlan.load(file, null, Map.of()))
                .hasMessageContaining("shop.example.com").hasMessageContaining("allowlist");
    }

    @Test
    void pathsResolveAgainstTheTargetAndChecksInheritTheDefaults() throws IOException {
        write("tiny.yaml", JOURNEY);
        write("shop.env", "HEADROOM_SHOP_PASSWORD=pw\n");
        Path file = write("monitor.yaml", """
                target: http://127.0.0.1:8080/shop/
                defaults: {interval: 20s, jitter: 2s, retry: {policy: linear, attempts: 3}, failuresBeforeDown: 2}
                checks:
                  - {name: home, probe: ./}
                  - {name: tiny, journey: tiny.yaml, envFile: shop.env, interval: 5s, jitter: 0s}
                """);
        MonitorPlan plan = MonitorPlan.load(file, "http://localhost:9999/", Map.of("HOME", "/root"));
        Check home = plan.checks().get(0);
        assertThat(home.url()).isEqualTo("http://localhost:9999/");
        assertThat(home.interval()).hasSeconds(20);
        assertThat(home.retry().kind()).isEqualTo(RetryPolicy.Kind.LINEAR);
        assertThat(home.retry().attempts()).isEqualTo(3);
        assertThat(home.failuresBeforeDown()).isEqualTo(2);
        Check tiny = plan.checks().get(1);
        assertThat(tiny.interval()).hasSeconds(5);
        assertThat(tiny.jitter()).isZero();
        assertThat(tiny.journey().name()).isEqualTo("tiny");
        assertThat(tiny.env()).containsEntry("HEADROOM_SHOP_PASSWORD", "pw").containsEntry("HOME", "/root");
    }

    @Test
    void theShippedMonitorConfigLoads() {
        MonitorPlan plan = MonitorPlan.load(Path.of("monitors/monitor.yaml"), null, Map.of());
        assertThat(plan.checks()).extracting(Check::name)
                .contains("browse-and-search", "checkout", "inventory", "home", "health", "site");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
