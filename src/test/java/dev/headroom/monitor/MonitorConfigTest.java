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
        JourneyCheck journey = (JourneyCheck) tiny.kind();
        assertThat(journey.journey().name()).isEqualTo("tiny");
        assertThat(journey.env()).containsEntry("HEADROOM_SHOP_PASSWORD", "pw").containsEntry("HOME", "/root");
    }

    @Test
    void aCrawlChecksCrawlerOptionsAreValidatedByTheCrawlerAndReportedAtTheirLines() throws IOException {
        Path file = write("monitor.yaml", """
                target: http://127.0.0.1:1/
                checks:
                  - name: site
                    crawl: /
                    concurrency: 0
                    rate: -1
                    exclude: ['^/cart', '(']
                    requestTimeout: 0s
                    maxBody: 100
                    maxPages: 0
                    errorSignatures: ['[']
                  - {name: home, probe: /, exclude: ['^/cart'], robots: false}
                """);
        String f = file.toString();

        assertThatThrownBy(() -> MonitorPlan.load(file, null, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).map(Object::toString).containsExactly(
                        f + ":5:18: checks[0].concurrency: must be at least 1, got 0",
                        f + ":6:11: checks[0].rate: must be >= 0 requests/s (0 = unlimited), got -1.0",
                        f + ":7:25: checks[0].exclude[1]: exclude '(' is not a valid regex: Unclosed group",
                        f + ":8:21: checks[0].requestTimeout: must be a positive duration, got 0s",
                        f + ":9:14: checks[0].maxBody: must be at least 1024, got 100",
                        f + ":10:15: checks[0].maxPages: must be at least 1, got 0",
                        f + ":11:23: checks[0].errorSignatures[0]: error signature '[' is not a valid regex: Unclosed character class",
                        f + ":12:37: checks[1].exclude: only a crawl check takes exclude",
                        f + ":12:57: checks[1].robots: only a crawl check takes robots"));
    }

    @Test
    void everyCrawlerOptionOfACrawlCheckReachesTheCrawler() throws IOException {
        Path file = write("monitor.yaml", """
                target: http://127.0.0.1:8080/shop/
                checks:
                  - name: site
                    crawl: /
                    timeout: 4m
                    maxPages: 300
                    maxDepth: 4
                    include: ['^http://127\\.0\\.0\\.1:8080/shop/']
                    exclude: ['/cart', '/signout']
                    external: false
                    robots: false
                    sitemap: false
                    concurrency: 3
                    rate: 12.5
                    requestRetries: 0
                    requestTimeout: 7s
                    slow: 900ms
                    maxBody: 65536
                    errorSignatures: ['Oops, the shop broke']
                    soft404Patterns: ['(?i)nothing to see']
                """);
        Check site = MonitorPlan.load(file, null, Map.of()).checks().get(0);

        dev.headroom.crawl.CrawlOptions o = ((CrawlCheck) site.kind()).settings().builder(site.url(), site.timeout()).build();

        assertThat(o.startUrls()).containsExactly("http://127.0.0.1:8080/shop/");
        assertThat(o.maxTime()).hasMinutes(4);
        assertThat(o.maxPages()).isEqualTo(300);
        assertThat(o.maxDepth()).isEqualTo(4);
        assertThat(o.includes()).map(java.util.regex.Pattern::pattern).containsExactly("^http://127\\.0\\.0\\.1:8080/shop/");
        assertThat(o.excludes()).map(java.util.regex.Pattern::pattern).containsExactly("/cart", "/signout");
        assertThat(o.checkExternal()).isFalse();
        assertThat(o.respectRobots()).isFalse();
        assertThat(o.sitemap()).isFalse();
        assertThat(o.concurrency()).isEqualTo(3);
        assertThat(o.rate()).isEqualTo(12.5);
        assertThat(o.retries()).isZero();
        assertThat(o.timeout()).hasSeconds(7);
        assertThat(o.slowBudget()).hasMillis(900);
        assertThat(o.maxBodyBytes()).isEqualTo(65536);
        assertThat(o.errorSignatures()).contains("Oops, the shop broke").hasSizeGreaterThan(1); // added to the defaults
        assertThat(o.soft404Patterns()).map(java.util.regex.Pattern::pattern).containsExactly("(?i)nothing to see");
    }

    @Test
    void aCrawlCheckWithoutOptionsHasTheCrawlersDefaultsAndTheMonitorsLimits() throws IOException {
        Path file = write("monitor.yaml", "target: http://127.0.0.1:8080/\nchecks: [{name: site, crawl: /, timeout: 2m}]\n");
        Check site = MonitorPlan.load(file, null, Map.of()).checks().get(0);

        dev.headroom.crawl.CrawlOptions o = ((CrawlCheck) site.kind()).settings().builder(site.url(), site.timeout()).build();
        dev.headroom.crawl.CrawlOptions crawler = dev.headroom.crawl.CrawlOptions.builder(site.url()).build();

        assertThat(o.maxPages()).isEqualTo(5000);
        assertThat(o.maxDepth()).isEqualTo(50);
        assertThat(o.maxTime()).hasMinutes(2);
        assertThat(o.checkExternal()).isEqualTo(crawler.checkExternal());
        assertThat(o.respectRobots()).isEqualTo(crawler.respectRobots());
        assertThat(o.sitemap()).isEqualTo(crawler.sitemap());
        assertThat(o.concurrency()).isEqualTo(crawler.concurrency());
        assertThat(o.timeout()).isEqualTo(crawler.timeout());
        assertThat(o.errorSignatures()).isEqualTo(crawler.errorSignatures());
    }

    @Test
    void eachCheckIsBoundIntoTheKindItsKeyNamesWithItsOwnSettings() throws IOException {
        write("tiny.yaml", JOURNEY);
        Path file = write("monitor.yaml", """
                target: http://127.0.0.1:8080/
                checks:
                  - {name: tiny, journey: tiny.yaml, vars: {q: lamp}}
                  - {name: health, probe: /health, expectStatus: [200], bodyMatches: up}
                  - {name: site, crawl: /, maxPages: 10}
                """);
        java.util.List<Check> checks = MonitorPlan.load(file, null, Map.of()).checks();

        assertThat(checks.get(0).kind()).isInstanceOfSatisfying(JourneyCheck.class, j -> {
            assertThat(j.journey().name()).isEqualTo("tiny");
            assertThat(j.vars()).containsEntry("q", "lamp");
        });
        assertThat(checks.get(1).kind()).isEqualTo(new ProbeCheck("/health", java.util.List.of(200), "up"));
        assertThat(checks.get(2).kind()).isInstanceOfSatisfying(CrawlCheck.class,
                c -> assertThat(c.settings().maxPages()).isEqualTo(10));
        assertThat(checks).extracting(c -> c.kind().label()).containsExactly("journey", "probe", "crawl");
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
