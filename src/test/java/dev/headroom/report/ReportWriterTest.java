package dev.headroom.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.http.Redactor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportWriterTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:00.250Z");

    record CrawlData(List<String> pages, Duration slowest, Map<String, String> login) {
    }

    private static Report sample() {
        return Report.builder("crawl")
                .title("Crawl of the demo shop")
                .target("http://127.0.0.1:8080/")
                .startedAt(START)
                .duration(Duration.ofMillis(12_345))
                .summary("pages", 4)
                .summary("p95", Duration.ofMillis(250))
                .summary("broken links", 1)
                .addCase(CheckCase.builder("links", "/").duration(Duration.ofMillis(12)).build())
                .addCase(CheckCase.builder("links", "/cart").status(Status.DEGRADED).duration(Duration.ofMillis(1500))
                        .message("slow: 1.5s > 1s budget").attribute("status", 200).build())
                .addCase(CheckCase.builder("links", "/old").status(Status.FAILED).duration(Duration.ofMillis(3))
                        .message("404 Not Found").details("linked from /\nand /about").attribute("status", 404).build())
                .addCase(CheckCase.builder("assets", "/logo.png").status(Status.ERROR).message("connection reset").build())
                .addCase(CheckCase.of("assets", "https://cdn.example.test/x.js", Status.SKIPPED, "not in allowlist"))
                .data(new CrawlData(List.of("/", "/cart"), Duration.ofMillis(1500), Map.of("user", "ann")))
                .build();
    }

    @Test
    void statusIsTheWorstCaseAndPassedIgnoresDegradedAndSkipped() {
        assertThat(sample().status()).isEqualTo(Status.ERROR);
        assertThat(sample().passed()).isFalse();
        Report onlyDegraded = Report.builder("load").addCase(CheckCase.of("slo", "p95", Status.DEGRADED, "close"))
                .addCase(CheckCase.of("slo", "errors", Status.SKIPPED, null)).build();
        assertThat(onlyDegraded.status()).isEqualTo(Status.DEGRADED);
        assertThat(onlyDegraded.passed()).isTrue();
        assertThat(Report.builder("crawl").build().status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void writesTheRequestedFilesAndReturnsTheirPaths(@TempDir Path dir) throws IOException {
        List<Path> paths = ReportWriter.write(sample(), dir.resolve("out"), EnumSet.allOf(Format.class));

        assertThat(paths).extracting(p -> p.getFileName().toString()).containsExactly("report.json", "junit.xml", "summary.md");
        assertThat(paths).allMatch(Files::isRegularFile);
        try (var listing = Files.list(dir.resolve("out"))) {
            assertThat(listing).hasSize(3); // no temporary files left behind
        }
        assertThat(ReportWriter.write(sample(), dir, EnumSet.of(Format.MARKDOWN))).containsExactly(dir.resolve("summary.md"));
    }

    @Test
    void junitXmlParsesWithTheJdkParserAndHasTheRightCounts() throws Exception {
        Document doc = parseJunit(sample());

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        assertThat(root.getAttribute("skipped")).isEqualTo("1");
        assertThat(root.getAttribute("time")).isEqualTo("12.345");

        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element links = (Element) suites.item(0);
        assertThat(links.getAttribute("name")).isEqualTo("links");
        assertThat(links.getAttribute("tests")).isEqualTo("3");
        assertThat(links.getAttribute("failures")).isEqualTo("1");
        assertThat(links.getAttribute("errors")).isEqualTo("0");
        assertThat(links.getAttribute("timestamp")).isEqualTo("2024-05-01T12:00:00");

        NodeList cases = doc.getElementsByTagName("testcase");
        Element degraded = (Element) cases.item(1);
        assertThat(degraded.getAttribute("classname")).isEqualTo("links");
        assertThat(degraded.getAttribute("name")).isEqualTo("/cart");
        assertThat(degraded.getAttribute("time")).isEqualTo("1.500");
        assertThat(degraded.getElementsByTagName("failure").getLength()).isZero();
        assertThat(degraded.getElementsByTagName("system-out").item(0).getTextContent())
                .startsWith("DEGRADED: slow: 1.5s > 1s budget").contains("status: 200");
        Element failed = (Element) cases.item(2);
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("404 Not Found");
        assertThat(failure.getAttribute("type")).isEqualTo("FAILED");
        assertThat(failure.getTextContent()).isEqualTo("linked from /\nand /about");
        assertThat(((Element) cases.item(3)).getElementsByTagName("error").getLength()).isEqualTo(1);
        assertThat(((Element) cases.item(4)).getElementsByTagName("skipped").getLength()).isEqualTo(1);
    }

    @Test
    void charactersIllegalInXmlAreStripped() throws Exception {
        Report report = Report.builder("journey")
                .addCase(CheckCase.builder("steps", "bad\u0000name\u0007").status(Status.FAILED)
                        .message("got \u001b[31mred\u001b[0m").details("body: \uD800 \uFFFF ok\ttab").build())
                .build();

        Document doc = parseJunit(report);

        Element testcase = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("name")).isEqualTo("badname");
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("got [31mred[0m");
        assertThat(failure.getTextContent()).isEqualTo("body:   ok\ttab");
        assertThat(ReportWriter.xml("emoji \uD83D\uDE00 kept")).isEqualTo("emoji \uD83D\uDE00 kept");
    }

    @Test
    void markdownHasVerdictSummaryFailingCasesFirstAndCounts() throws IOException {
        String md = markdown(sample(), Redactor.defaults());

        assertThat(md).startsWith("# Crawl of the demo shop\n\n**ERROR**: 1 error, 1 failed, 1 degraded in 5 checks "
                + "(crawl of http://127.0.0.1:8080/, started 2024-05-01T12:00:00Z, took 12.345s)\n");
        assertThat(md).contains("| Metric | Value |\n| --- | --- |\n| pages | 4 |\n| p95 | 250ms |\n");
        assertThat(md).contains("| Status | Suite | Check | Message |\n| --- | --- | --- | --- |\n"
                + "| ERROR | assets | /logo.png | connection reset |\n"
                + "| FAILED | links | /old | 404 Not Found |\n"
                + "| DEGRADED | links | /cart | slow: 1.5s &gt; 1s budget |\n");
        assertThat(md).contains("| PASSED | 1 |").contains("| SKIPPED | 1 |").endsWith("| Total | 5 |\n");
        assertThat(md.indexOf("Failing and degraded")).isLessThan(md.indexOf("## Counts"));
    }

    @Test
    void markdownCellsEscapePipesAndNewlines() {
        assertThat(ReportWriter.cell("a | b\nc\r\nd")).isEqualTo("a \\| b<br>c<br>d");

        String md = markdownUnchecked(Report.builder("crawl")
                .addCase(CheckCase.of("s|uite", "n", Status.FAILED, "line1\nline2 | x")).build());
        assertThat(md).contains("| FAILED | s\\|uite | n | line1<br>line2 \\| x |\n");
    }

    @Test
    void jsonRoundTripsTheKeyFields() throws IOException {
        JsonNode json = json(sample(), Redactor.defaults());

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("tool").asText()).isEqualTo("crawl");
        assertThat(json.get("status").asText()).isEqualTo("ERROR");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("startedAt").asText()).isEqualTo("2024-05-01T12:00:00.250Z");
        assertThat(json.get("durationMs").toString()).isEqualTo("12345");
        assertThat(json.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("total").asInt()).isEqualTo(5);
        assertThat(json.get("summary").get("p95").toString()).isEqualTo("250");
        assertThat(json.get("summary").fieldNames()).toIterable().containsExactly("pages", "p95", "broken links");
        JsonNode failed = json.get("cases").get(2);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("durationMs").asInt()).isEqualTo(3);
        assertThat(failed.get("attributes").get("status").asText()).isEqualTo("404");
        assertThat(json.get("data").get("pages").get(1).asText()).isEqualTo("/cart");
        assertThat(json.get("data").get("slowest").toString()).isEqualTo("1500");
        assertThat(Instant.parse(json.get("startedAt").asText())).isEqualTo(START);
    }

    @Test
    void secretsAreRedactedInAllThreeFormats(@TempDir Path dir) throws IOException {
        String secret = "hunter2-pw";
        Report report = Report.builder("journey")
                .title("Login as ann / " + secret)
                .target("https://ann:" + secret + "@shop.example.test/")
                .summary("login", "password=" + secret)
                .addCase(CheckCase.builder("login", "POST /login?token=abc123").status(Status.FAILED)
                        .message("rejected " + secret).details("form: user=ann&password=" + secret)
                        .attribute("password", "whatever").attribute("echo", secret).build())
                .data(Map.of("password", "plain-pw", "note", "used " + secret))
                .build();
        Redactor redactor = Redactor.builder().secret(secret).build();

        ReportWriter.write(report, dir, EnumSet.allOf(Format.class), redactor);

        for (Format f : Format.values()) {
            String text = Files.readString(dir.resolve(f.fileName()), StandardCharsets.UTF_8);
            assertThat(text).as(f.fileName()).doesNotContain(secret).doesNotContain("abc123")
                    .doesNotContain("plain-pw").contains("[REDACTED]");
        }
    }

    @Test
    void defaultRedactionMasksSensitiveParameters() throws IOException {
        Report report = Report.builder("crawl")
                .addCase(CheckCase.of("links", "/reset?token=t0k3n", Status.PASSED, null)).build();

        assertThat(json(report, Redactor.defaults()).get("cases").get(0).get("name").asText())
                .isEqualTo("/reset?token=[REDACTED]");
    }

    private static Document parseJunit(Report report) throws Exception {
        StringWriter out = new StringWriter();
        ReportWriter.writeJunit(report, out);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String markdown(Report report, Redactor redactor) throws IOException {
        StringWriter out = new StringWriter();
        ReportWriter.writeMarkdown(report, out, redactor);
        return out.toString();
    }

    private static String markdownUnchecked(Report report) {
        try {
            return markdown(report, Redactor.defaults());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(Report report, Redactor redactor) throws IOException {
        StringWriter out = new StringWriter();
        ReportWriter.writeJson(report, out, redactor);
        return new ObjectMapper().readTree(out.toString());
    }
}
