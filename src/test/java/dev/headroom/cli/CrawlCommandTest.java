package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.Eventually;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CrawlCommandTest {
    @ShopUnderTest(products = 60)
    static RunningStorefront shop;

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void aCleanShopExitsZeroAndWritesTheReportsAndTheCatalogue() throws IOException {
        Path catalogue = tmp.resolve("catalogue.json");
        int code = run("crawl", shop.baseUrl() + "/", "--out", tmp.resolve("r").toString(), "--quiet",
                "--catalogue", catalogue.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.OK);
        assertThat(tmp.resolve("r/report.json")).exists();
        assertThat(tmp.resolve("r/junit.xml")).exists();
        assertThat(tmp.resolve("r/summary.md")).exists();
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("r/report.json").toFile());
        assertThat(json.at("/data/pages").size()).isGreaterThan(60);
        assertThat(json.at("/data/findings").size()).isZero();
        JsonNode cat = new ObjectMapper().readTree(catalogue.toFile());
        assertThat(cat.at("/product").size()).isEqualTo(60);
        assertThat(cat.at("/category").size()).isPositive();
    }

    @Test
    void findingsExitOneAndShowEachBrokenPageInJunitAndMarkdown() throws IOException {
        shop.faults().set(Fault.BROKEN_LINKS);
        try {
            int code = run("crawl", shop.baseUrl() + "/", "--out", tmp.toString(), "--quiet", "--no-external");
            assertThat(code).isEqualTo(ExitCode.CHECKS_FAILED);
        } finally {
            shop.faults().clearAll();
        }
        String junit = Files.readString(tmp.resolve("junit.xml"));
        assertThat(junit).contains("/promo/winter-sale").contains("<failure");
        String md = Files.readString(tmp.resolve("summary.md"));
        assertThat(md).contains("BROKEN: 404").contains("findings: broken");
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(json.at("/data/findings/0/kind").asText()).isEqualTo("BROKEN");
        assertThat(json.at("/data/findings/0/linkedFrom").size()).isPositive();
    }

    @Test
    void anUnreachableStartUrlExitsThreeAndStillWritesAReportSayingSo() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = run("crawl", "http://127.0.0.1:" + port + "/", "--out", tmp.toString(), "--quiet", "--timeout", "2s");
        assertThat(code).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString()).startsWith("headroom: cannot reach the start URL").doesNotContain("\tat ");
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(json.at("/status").asText()).isEqualTo("ERROR");
        assertThat(json.at("/data/complete").asBoolean()).isFalse();
        assertThat(json.at("/data/startProblems/0").asText()).contains("connection refused");
        assertThat(Files.readString(tmp.resolve("summary.md"))).contains("nothing could be crawled");
        assertThat(out.toString()).startsWith("UNREACHABLE:");
    }

    /** A site on 127.0.0.1 whose pages answer as {@code dispatcher} says; closed by the caller. */
    private static MockWebServer site(java.util.function.Function<RecordedRequest, MockResponse> dispatcher, String host)
            throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse r = dispatcher.apply(request);
                return "HEAD".equals(request.getMethod()) ? r.setBody("") : r;
            }
        });
        server.start(InetAddress.getByName(host), 0);
        return server;
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(body);
    }

    @Test
    void aStartUrlStillRateLimitedAfterTheRetriesExitsThreeNotClean() throws IOException {
        try (MockWebServer limited = site(r -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "0"),
                "127.0.0.1")) {
            int code = run("crawl", limited.url("/").toString(), "--out", tmp.toString(), "--quiet", "--retries", "1");

            assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(err.toString()).startsWith("headroom: cannot crawl: no start URL gave a usable page: ")
                    .contains("turned away: 429 Client Error (rate limited), still after 1 retry").doesNotContain("\tat ");
            assertThat(out.toString()).startsWith("UNREACHABLE:").doesNotContain("CLEAN");
            JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
            assertThat(json.at("/status").asText()).isEqualTo("ERROR");
        }
    }

    /** A shop on 127.0.0.1 that links to and redirects to a site on 127.0.0.2, which counts what reaches it. */
    private int crawlAShopLinkingTo127002(String... extra) throws IOException {
        try (MockWebServer other = site(r -> r.getPath().equals("/gone") ? new MockResponse().setResponseCode(404)
                : html("<title>Partner</title><p>partner</p>"), "127.0.0.2")) {
            try (MockWebServer shop = site(r -> switch (r.getPath()) {
                case "/" -> html("<title>Shop</title><h1>Shop</h1><a href='" + other.url("/partner") + "'>partner</a>"
                        + "<a href='" + other.url("/gone") + "'>old partner page</a><a href='/go'>go</a>");
                case "/go" -> new MockResponse().setResponseCode(302).setHeader("Location", other.url("/landing"));
                default -> new MockResponse().setResponseCode(404);
            }, "127.0.0.1")) {
                String[] args = new String[] {"crawl", shop.url("/").toString(), "--out", tmp.toString(), "--quiet"};
                int code = run(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                        .toArray(String[]::new));
                otherRequests = other.getRequestCount();
                return code;
            }
        }
    }

    private int otherRequests;

    @Test
    void linksAndRedirectsToAHostOffTheAllowlistAreNotRequestedAndTheSummarySaysHowToAllowIt() throws IOException {
        int code = crawlAShopLinkingTo127002();

        assertThat(otherRequests).isZero();
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).startsWith("CLEAN:")
                .contains("3 URLs not checked: not on the allowlist (127.0.0.2 3)")
                .contains("to check them, allow their hosts: --allow 127.0.0.2");
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(json.at("/summary/not checked: not on the allowlist").asInt()).isEqualTo(3);
        assertThat(json.at("/data/notChecked/0/reason").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(json.at("/data/notChecked/0/hosts/127.0.0.2").asInt()).isEqualTo(3);
        assertThat(json.at("/data/stats/skippedNotAllowed").asInt()).isEqualTo(3);
        assertThat(Files.readString(tmp.resolve("junit.xml"))).contains("name=\"127.0.0.2\"").contains("<skipped");
    }

    @Test
    void withAllowTheOtherHostsLinksAreChecked() throws IOException {
        int code = crawlAShopLinkingTo127002("--allow", "127.0.0.2");

        assertThat(otherRequests).isPositive();
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(out.toString()).contains("BROKEN http://127.0.0.2:").doesNotContain("not checked");
    }

    @Test
    void allowInTheConfigFileWorksLikeTheOption() throws IOException {
        Path config = tmp.resolve("crawl.yaml");
        Files.writeString(config, "allow: [\"127.0.0.2\"]\n");
        int code = crawlAShopLinkingTo127002("--config", config.toString());

        assertThat(otherRequests).isPositive();
        assertThat(code).isEqualTo(ExitCode.CHECKS_FAILED);
    }

    @Test
    void anAllowThatIsNoHostIsAUsageError() throws IOException {
        assertThat(run("crawl", "http://127.0.0.1:1/", "--allow", "*.")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("invalid host pattern '*.'");
        Path config = tmp.resolve("crawl.yaml");
        Files.writeString(config, "urls: [\"http://127.0.0.1:1/\"]\nallow: [\"a*b\"]\n");
        assertThat(run("crawl", "--config", config.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("allow[0]");
    }

    @Test
    void urlsCutByTheCrawlerTrapCapsAreCountedOnTheConsoleWithAnExample() throws IOException {
        String longPath = "/search?q=" + "x".repeat(2500);
        try (MockWebServer trap = site(r -> r.getPath().equals("/") ? html("<title>Shop</title><h1>Shop</h1>"
                + "<a href='" + longPath + "'>a link no browser would send</a>") : new MockResponse().setResponseCode(404),
                "127.0.0.1")) {
            int code = run("crawl", trap.url("/").toString(), "--out", tmp.toString(), "--quiet");

            assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).contains("1 URL not checked: longer than the URL-length cap")
                    .contains("    e.g. " + trap.url("/search").toString() + "?q=xxx")
                    .contains("characters) (from " + trap.url("/") + ")");
        }
    }

    @Test
    void sigtermStopsAOneOffCrawlWithExit130AndThePartialReportMarkedIncomplete() throws Exception {
        // an endless site that answers slowly, so the crawl is surely running when the signal comes
        try (MockWebServer endless = site(r -> html("<title>Page</title><p>page</p><a href='" + r.getPath() + "a/'>a</a>"
                + "<a href='" + r.getPath() + "b/'>b</a>").setHeadersDelay(200, TimeUnit.MILLISECONDS), "127.0.0.1")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path reports = tmp.resolve("reports");
            Path log = tmp.resolve("crawl.log");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "crawl", endless.url("/").toString(), "--quiet", "--max-depth", "1000", "--out", reports.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Eventually.await(Duration.ofSeconds(30), endless::getRequestCount, n -> n >= 10, p::isAlive);
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                String printed = Files.readString(log);
                assertThat(p.exitValue()).as(printed).isEqualTo(CrawlCommand.INTERRUPTED);
                assertThat(printed).contains("STOPPED:").contains("(incomplete: stopped by Ctrl-C or SIGTERM)")
                        .contains("the partial report is in").doesNotContain("\tat ");
                JsonNode json = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
                assertThat(json.at("/status").asText()).isEqualTo("ERROR");
                assertThat(json.at("/summary/complete").asBoolean()).isFalse();
                assertThat(json.at("/summary/incomplete").asText()).isEqualTo("stopped by Ctrl-C or SIGTERM");
                assertThat(json.at("/data/pages").size()).isPositive();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void badOptionsAndConfigFilesExitTwo() throws IOException {
        assertThat(run("crawl")).isEqualTo(ExitCode.USAGE);
        assertThat(run("crawl", "not a url")).isEqualTo(ExitCode.USAGE);
        assertThat(run("crawl", "http://127.0.0.1:1/", "--timeout", "5")).isEqualTo(ExitCode.USAGE);
        assertThat(run("crawl", "http://127.0.0.1:1/", "--include", "([")).isEqualTo(ExitCode.USAGE);
        Path config = tmp.resolve("crawl.yaml");
        Files.writeString(config, "urls: [\"http://127.0.0.1:1/\"]\nmax-pages: 0\nconcurency: 3\n");
        err.getBuffer().setLength(0);
        assertThat(run("crawl", "--config", config.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("crawl.yaml:3:1").contains("concurency");
    }

    @Test
    void optionsComeFromTheConfigFileAndTheCommandLineWins() throws IOException {
        Path config = tmp.resolve("crawl.yaml");
        Files.writeString(config, "urls: [\"" + shop.baseUrl() + "/\"]\nmax-pages: 3\nslow: 5s\nexternal: false\n");
        int code = run("crawl", "--config", config.toString(), "--max-pages", "5", "--out", tmp.toString(), "--quiet");
        assertThat(code).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(json.at("/data/stats/requested").asInt()).isEqualTo(5);
        assertThat(json.at("/data/options/maxPages").asInt()).isEqualTo(5);
        assertThat(json.at("/data/stats/complete").asBoolean()).isFalse();
    }

    /** A page linking to a fragment it does not have: the site's only finding is a MISSING_FRAGMENT. */
    private MockWebServer siteWithAMissingFragment() throws IOException {
        MockWebServer site = new MockWebServer();
        site.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!request.getPath().equals("/")) {
                    return new MockResponse().setResponseCode(404);
                }
                return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                        .setBody("<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>"
                                + "<a href='/#nowhere'>jump</a></body></html>");
            }
        });
        site.start(InetAddress.getByName("127.0.0.1"), 0);
        return site;
    }

    @Test
    void aCrawlWhoseOnlyFindingsAreWarningsExitsZeroWithAGreenJunitThatStillShowsThem() throws IOException {
        // the bug this pins: a missing fragment used to exit 1 while junit.xml was green
        try (MockWebServer site = siteWithAMissingFragment()) {
            int code = run("crawl", site.url("/").toString(), "--out", tmp.toString(), "--quiet", "--no-sitemap");
            assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.OK);
        }
        String junit = Files.readString(tmp.resolve("junit.xml"));
        assertThat(junit).contains("MISSING_FRAGMENT").doesNotContain("<failure");
        assertThat(out.toString()).startsWith("CLEAN").contains("missing_fragment 1 (warning)");
    }

    @Test
    void failOnMakesAWarningClassFailTheExitCodeAndTheJunitAlike() throws IOException {
        try (MockWebServer site = siteWithAMissingFragment()) {
            int code = run("crawl", site.url("/").toString(), "--out", tmp.toString(), "--quiet", "--no-sitemap",
                    "--fail-on", "missing-fragment,mixed-content");
            assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.CHECKS_FAILED);
        }
        assertThat(Files.readString(tmp.resolve("junit.xml"))).contains("<failure");
        assertThat(out.toString()).startsWith("FINDINGS").contains("missing_fragment 1\n");
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(json.at("/data/options/failOn").toString()).contains("missing-fragment").contains("broken");
    }

    @Test
    void severityInTheConfigFileWorksLikeTheOptionsAndTheCommandLineWins() throws IOException {
        Path config = tmp.resolve("crawl.yaml");
        Files.writeString(config, "severity:\n  missing-fragment: fail\n");
        try (MockWebServer site = siteWithAMissingFragment()) {
            String url = site.url("/").toString();
            assertThat(run("crawl", url, "--config", config.toString(), "--out", tmp.toString(), "--quiet",
                    "--no-sitemap")).isEqualTo(ExitCode.CHECKS_FAILED);
            assertThat(run("crawl", url, "--config", config.toString(), "--out", tmp.toString(), "--quiet",
                    "--no-sitemap", "--warn-on", "missing-fragment")).isEqualTo(ExitCode.OK);
        }
    }

    @Test
    void anUnknownFindingClassOrSeverityIsAUsageErrorNamingTheChoices() throws IOException {
        assertThat(run("crawl", "http://127.0.0.1:1/", "--fail-on", "missing-fragmnet")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("missing-fragmnet").contains("missing-fragment");
        err.getBuffer().setLength(0);
        assertThat(run("crawl", "http://127.0.0.1:1/", "--fail-on", "slow", "--warn-on", "slow")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("both name slow");
        Path config = tmp.resolve("crawl.yaml");
        Files.writeString(config, "urls: [\"http://127.0.0.1:1/\"]\nseverity:\n  slow: warn\n  soft-404: maybe\n"
                + "  broken-link: fail\n");
        err.getBuffer().setLength(0);
        assertThat(run("crawl", "--config", config.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("crawl.yaml:4").contains("fail or warn")
                .contains("crawl.yaml:5").contains("broken-link");
    }
}
