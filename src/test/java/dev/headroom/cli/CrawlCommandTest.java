package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class CrawlCommandTest {
    private static RunningStorefront shop;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startShop() {
        shop = Storefront.builder().port(0).products(60).build().start();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
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
    void anUnreachableStartUrlExitsThree() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = run("crawl", "http://127.0.0.1:" + port + "/", "--out", tmp.toString(), "--quiet", "--timeout", "2s");
        assertThat(code).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString()).startsWith("headroom: cannot reach the start URL").doesNotContain("\tat ");
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
}
