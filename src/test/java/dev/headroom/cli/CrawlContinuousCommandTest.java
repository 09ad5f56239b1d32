package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.Eventually;
import java.time.Duration;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom crawl --every D}: continuous mode from the command line. */
@Timeout(90)
class CrawlContinuousCommandTest {
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
    void everyOneSecondForTwoIterationsExitsByItselfWithTheLastCrawlsExitCode() throws IOException {
        long t0 = System.nanoTime();
        int code = run("crawl", shop.baseUrl() + "/", "--every", "1s", "--iterations", "2", "--quiet",
                "--out", tmp.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("crawl 1: CLEAN").contains("crawl 2: CLEAN").doesNotContain("crawl 3");
        Matcher notModified = Pattern.compile("crawl 2: CLEAN: \\d+ URLs checked \\((\\d+) not modified\\)")
                .matcher(out.toString());
        assertThat(notModified.find()).as(out.toString()).isTrue();
        assertThat(Integer.parseInt(notModified.group(1))).isGreaterThanOrEqualTo(60);
        assertThat(tmp.resolve("report.json")).exists();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void findingsInTheLastCrawlMakeTheExitCodeOne() throws IOException {
        shop.faults().set(Fault.BROKEN_LINKS);
        int code = run("crawl", shop.baseUrl() + "/", "--every", "1s", "--iterations", "2", "--quiet", "--no-external",
                "--out", tmp.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(out.toString()).contains("crawl 2: FINDINGS").contains("broken 3");
        assertThat(Files.readString(tmp.resolve("summary.md"))).contains("/promo/winter-sale");
    }

    @Test
    void continuousOptionsWithoutEveryOrWithBadValuesAreUsageErrors() {
        assertThat(run("crawl", shop.baseUrl() + "/", "--iterations", "2")).isEqualTo(ExitCode.USAGE);
        assertThat(run("crawl", shop.baseUrl() + "/", "--metrics-port", "9464")).isEqualTo(ExitCode.USAGE);
        assertThat(run("crawl", shop.baseUrl() + "/", "--every", "1s", "--iterations", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(run("crawl", shop.baseUrl() + "/", "--every", "0s")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void metricsAreServedOnLoopbackWhileTheLoopRuns() throws Exception {
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> run("crawl", shop.baseUrl() + "/",
                "--every", "2s", "--iterations", "2", "--quiet", "--metrics-port", "0", "--out", tmp.toString()));
        Pattern port = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");
        String printed = Eventually.await(Duration.ofSeconds(60), out::toString,
                o -> port.matcher(o).find() && o.contains("crawl 1:"), () -> !code.isDone());
        Matcher m = port.matcher(printed);
        assertThat(m.find()).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("headroom_crawl_pages_checked_total{outcome=\"ok\"}")
                .contains("headroom_crawl_findings{class=\"broken\"} 0.0")
                .contains("headroom_crawl_runs_total{result=\"complete\"} 1.0");
        String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(health).contains("\"crawls\":1");
        assertThat(code.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(ExitCode.OK);
    }

    @Test
    void sigtermStopsTheLoopCleanlyWithExitCodeZeroAndTheReportWritten() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path reports = tmp.resolve("reports");
        Path log = tmp.resolve("crawl.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "crawl", shop.baseUrl() + "/", "--every", "1h", "--quiet", "--out", reports.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Eventually.await(Duration.ofSeconds(40), () -> Files.readString(log), l -> l.contains("crawl 1:"), p::isAlive);
            assertThat(Files.readString(log)).contains("crawl 1: CLEAN");
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("Stopped.");
            assertThat(reports.resolve("report.json")).exists();
        } finally {
            p.destroyForcibly();
        }
    }

}
