package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.cli.ExitCode;
import dev.headroom.crawl.ContinuousCrawl;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Crawler;
import dev.headroom.crawl.Finding;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every finding class, at either severity, a crawl whose only findings are of that class gets
 * one answer everywhere: the exit code of {@code headroom crawl} ({@code ExitCode.of(verdict)}, what
 * the command returns), the report (junit.xml goes red exactly when the crawl fails), the monitor's
 * crawl check, and {@code headroom_crawl_failing_findings}, the alert rule's only input. Before,
 * a crawl with only missing fragments exited 1 while its report and the monitor said it passed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrawlVerdictParityTest {
    private static final HeldCertificate LOCALHOST = new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost").build();

    private final MockWebServer site = new MockWebServer();
    private final MockWebServer plain = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        plain.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setHeader("Content-Type", "image/png").setBody("png");
            }
        });
        plain.start();
        site.useHttps(new HandshakeCertificates.Builder().heldCertificate(LOCALHOST).build().sslSocketFactory(), false);
        site.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return respond(request.getPath());
            }
        });
        site.start();
    }

    @AfterEach
    void stop() throws IOException {
        site.shutdown();
        plain.shutdown();
    }

    /** Each class's start page links to (or loads) one URL showing exactly that problem. */
    private MockResponse respond(String path) {
        return switch (path) {
            case "/broken/" -> page("<a href='/gone'>gone</a>");
            case "/error_leak/" -> page("<a href='/leak'>leak</a>");
            case "/leak" -> page("<p>You have an error in your SQL syntax near 'x'</p>");
            case "/slow/" -> page("<a href='/slow-page'>slow</a>");
            case "/slow-page" -> page("<p>eventually</p>").setHeadersDelay(600, TimeUnit.MILLISECONDS);
            case "/soft_404/" -> page("<a href='/soft'>soft</a>");
            case "/soft" -> html("Page not found", "<p>sorry</p>");
            case "/blocked/" -> page("<a href='/private'>private</a>");
            case "/private" -> new MockResponse().setResponseCode(403).setBody("no");
            case "/timeout/" -> page("<a href='/hang'>hang</a>");
            case "/hang" -> page("<p>too late</p>").setHeadersDelay(4, TimeUnit.SECONDS);
            case "/redirect/" -> page("<a href='/loop'>loop</a>");
            case "/loop" -> new MockResponse().setResponseCode(302).setHeader("Location", "/loop");
            case "/mixed_content/" -> page("<img src='" + plain.url("/pixel.png") + "'>");
            case "/missing_fragment/" -> page("<a href='/plain#nowhere'>there</a>");
            case "/empty_page/" -> page("<a href='/empty'>empty</a>");
            case "/empty" -> new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody("");
            case "/truncated/" -> page("<a href='/huge'>huge</a>");
            case "/huge" -> page("<p>" + "x".repeat(5000) + "</p>");
            case "/plain" -> page("<p id='here'>plain</p>");
            default -> new MockResponse().setResponseCode(404).setBody("not here");
        };
    }

    private static MockResponse page(String body) {
        return html("Shop", "<h1>Shop</h1>" + body);
    }

    private static MockResponse html(String title, String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!doctype html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>");
    }

    static Stream<Arguments> everyClassAtEverySeverity() {
        return Arrays.stream(Finding.Kind.values())
                .flatMap(k -> Arrays.stream(Finding.Severity.values()).map(s -> Arguments.of(k, s)));
    }

    @ParameterizedTest(name = "{0} at severity {1}")
    @MethodSource("everyClassAtEverySeverity")
    void theExitCodeTheReportTheMonitorAndTheAlertAgree(Finding.Kind kind, Finding.Severity severity) {
        String label = kind.name().toLowerCase(Locale.ROOT);
        CrawlOptions options = CrawlOptions.builder("https://localhost:" + site.getPort() + "/" + label + "/")
                .sitemap(false).retries(0)
                // tight budgets only for the class they test: a loaded machine must not make the start page SLOW
                .timeout(Duration.ofMillis(kind == Finding.Kind.TIMEOUT ? 1500 : 30_000))
                .slowBudget(Duration.ofMillis(kind == Finding.Kind.SLOW ? 200 : 30_000))
                .maxBodyBytes(1024).severity(kind, severity).build();
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(LOCALHOST.certificate()).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HttpChecker checker = Crawler.checkerBuilder(options)
                .tls(trust.sslSocketFactory(), trust.trustManager()).build();
                ContinuousCrawl crawl = new ContinuousCrawl(options, checker, registry)) {
            ProbeResult monitor = new CrawlProbe(crawl).run();
            CrawlResult r = crawl.lastResult().orElseThrow();

            assertThat(r.findings()).as("the site shows exactly one class").isNotEmpty()
                    .allMatch(f -> f.kind() == kind, kind.name());
            boolean fails = severity == Finding.Severity.FAIL;
            assertThat(r.verdict()).isEqualTo(fails ? Verdict.FAILED : Verdict.PASSED);
            assertThat(ExitCode.of(r.verdict())).isEqualTo(fails ? ExitCode.CHECKS_FAILED : ExitCode.OK);
            assertThat(r.toReport().passed()).isEqualTo(!fails);
            assertThat(r.toReport().status()).isEqualTo(fails ? Status.FAILED : Status.DEGRADED);
            assertThat(monitor.status()).isEqualTo(fails ? Status.FAILED : Status.PASSED);
            assertThat(registry.get("headroom.crawl.failing.findings").tag("class", label).gauge().value())
                    .isEqualTo(fails ? r.findings().size() : 0);
            assertThat(registry.get("headroom.crawl.findings").tag("class", label).gauge().value())
                    .isEqualTo(r.findings().size());
        } finally {
            registry.close();
        }
    }
}
