package dev.headroom.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's files from one result: the summary stays well under GitHub's 1 MiB, worst first; at most ten
 * GitHub annotations, escaped; metrics.txt is OpenMetrics text; report.html draws its charts in headless
 * Chromium with no network.
 */
class GateOutputsTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    private GateResult result(int failures, String messageOfEach) throws IOException {
        Path file = Files.writeString(dir.resolve("headroom.yaml"), "shop: outputs-shop\ntarget: http://127.0.0.1:9\n");
        Gate.Options options = new Gate.Options(ShopFile.load(file), null, null, dir.resolve("out"), null, "3.1.0", "staging",
                null, null, null, null, null, null, Map.of(), false);
        GateResult.Builder b = new GateResult.Builder(options, "http://127.0.0.1:9", GateStage.all(), Instant.now());
        List<CheckCase> crawl = new ArrayList<>();
        crawl.add(CheckCase.of("crawl", "no failing finding", failures > 0 ? Status.FAILED : Status.PASSED, "2 findings"));
        for (int i = 0; i < failures; i++) {
            crawl.add(CheckCase.builder("crawl", "BROKEN http://127.0.0.1:9/p/" + i).status(Status.FAILED)
                    .message(messageOfEach).attribute("finding", "BROKEN").attribute("url", "http://127.0.0.1:9/p/" + i).build());
        }
        b.stage(GateStage.CRAWL, crawl, Duration.ofSeconds(3));
        b.findings(List.of("BROKEN /p/0"));
        Map<String, Map<String, List<Double>>> steps = new LinkedHashMap<>();
        steps.put("checkout", new LinkedHashMap<>(Map.of("open checkout", List.of(610.0, 613.0, 620.0))));
        b.journeySteps(steps);
        b.stage(GateStage.JOURNEYS, List.of(
                CheckCase.of("journeys", "checkout passes 3 runs in a row", Status.PASSED, "3 of 3 runs passed"),
                CheckCase.builder("journeys", "checkout: open checkout within the baseline").status(Status.FAILED)
                        .message("median 613 ms against a baseline of 13 ms (band up to 113 ms, 6 samples): a regression")
                        .attribute("currentMs", 613.0).attribute("baselineMs", 13.0).attribute("allowedMs", 113.0).build()),
                Duration.ofSeconds(2));
        b.load(Map.of("all", new GateData.LoadGroup(400, 0.0025, 35, 80)),
                Map.of("all", new GateData.LoadGroup(300, 0.0025, 30, 70)));
        b.stage(GateStage.LOAD, List.of(CheckCase.of("load", "slo: all errorRate<=1%", Status.PASSED, "")), Duration.ofSeconds(9));
        b.skipped(GateStage.ORIGINS, "not run: an earlier stage failed (runAll: false)");
        return b.build(failures > 0 ? Verdict.FAILED : Verdict.PASSED);
    }

    @Test
    void theSummaryOfAHugeRunIsCutWellUnderOneMebibyteAndSaysSo() throws IOException {
        String summary = GateOutputs.summary(result(20_000, "404 Not Found ".repeat(20)));

        assertThat(summary.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(GateOutputs.MAX_SUMMARY_BYTES);
        assertThat(summary).contains("This summary was cut at 256 KiB").contains("report.json");
    }

    @Test
    void theSummaryPutsTheWorstStageAndTheWorstChecksFirst() throws IOException {
        String summary = GateOutputs.summary(result(1, "404 Not Found"));

        assertThat(summary).startsWith("# Headroom gate: outputs-shop 3.1.0\n\n**FAILED**");
        int stages = summary.indexOf("| Stage |");
        assertThat(summary.indexOf("| crawl | FAILED", stages)).isLessThan(summary.indexOf("| load | PASSED", stages));
        String problems = summary.substring(summary.indexOf("## Failed and degraded checks, worst first"),
                summary.indexOf("<details>"));
        assertThat(problems).contains("| FAILED | journeys | checkout: open checkout within the baseline | median 613 ms")
                .contains("| FAILED | crawl | BROKEN http://127.0.0.1:9/p/0").doesNotContain("| PASSED |");
        assertThat(summary).doesNotContain("This summary was cut");
    }

    @Test
    void githubAnnotationsAreTheTopTenFailuresEscapedAsWorkflowCommands() throws IOException {
        List<String> lines = GateOutputs.annotations(result(15, "100% broken\nsecond line"));

        assertThat(lines).hasSize(GateOutputs.MAX_ANNOTATIONS).allSatisfy(l -> assertThat(l).startsWith("::error title="));
        assertThat(lines.get(1)).isEqualTo("::error title=crawl%3A BROKEN http%3A//127.0.0.1%3A9/p/0::100%25 broken%0Asecond line");
    }

    @Test
    void metricsAreOpenMetricsTextWithAStagePassedGaugePerStage() throws IOException {
        String metrics = GateOutputs.metrics(result(1, "x"));

        assertThat(metrics).endsWith("# EOF\n")
                .contains("headroom_gate_stage_passed{shop=\"outputs-shop\",version=\"3.1.0\",stage=\"crawl\"} 0")
                .contains("headroom_gate_stage_passed{shop=\"outputs-shop\",version=\"3.1.0\",stage=\"load\"} 1")
                .contains("headroom_gate_load_p95_seconds{shop=\"outputs-shop\",version=\"3.1.0\",group=\"all\"} 0.035")
                .contains("headroom_gate_journey_step_seconds{shop=\"outputs-shop\",version=\"3.1.0\",journey=\"checkout\","
                        + "step=\"open checkout\"} 0.613");
        Pattern sample = Pattern.compile("[a-z_0-9]+\\{[^}]*\\} -?[0-9]+(\\.[0-9]+)?");
        for (String line : metrics.split("\n")) {
            assertThat(line.startsWith("# ") || sample.matcher(line).matches()).as(line).isTrue();
        }
    }

    @Test
    void theHtmlReportDrawsItsChartsInHeadlessChromiumWithoutTheNetwork() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium; .ci/run installs it)");
        List<Path> written = GateOutputs.write(result(2, "404 Not Found"), dir.resolve("out"));
        Path html = dir.resolve("out/report.html");
        assertThat(written).contains(html);
        assertThat(Files.readString(html)).doesNotContain("http://cdn").doesNotContain("<link").doesNotContain("src=\"http");

        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", html.toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();

        Matcher drawn = Pattern.compile("data-bars-drawn=\"(\\d+)\"").matcher(dom);
        assertThat(drawn.find()).as("the page's script ran and measured its bars:\n" + dom).isTrue();
        long bars = Pattern.compile("<rect class=\"bar\"").matcher(Files.readString(html)).results().count();
        assertThat(Integer.parseInt(drawn.group(1))).isEqualTo(bars).isGreaterThanOrEqualTo(6);
        assertThat(dom).contains("id=\"chart-journeys\"").contains("id=\"chart-load\"").contains("id=\"chart-stage-time\"")
                .contains("data-regressed=\"true\"").contains("<table id=\"findings\">").contains("/p/1");
    }
}
