package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load engine called directly, as the demo does: its plan is validated up front and its results are data. */
class LoadTestTest {

    private final StringWriter console = new StringWriter();
    private final PrintWriter progress = new PrintWriter(console, true);

    @Test
    void aTargetOffTheAllowlistIsRefusedWhenPlanningNamingTheField() {
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("refusing to load-test host 'example.com'").hasMessageContaining("'allowlist'");
    }

    @Test
    void aPlanIsTheStagesUpToTheMultiplierAndSendsNothing() {
        LoadTest test = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withMultiplier(3.0)
                .withDuration(Duration.ofSeconds(8)));
        assertThat(test.target()).isEqualTo("http://127.0.0.1:1");
        assertThat(test.stages()).extracting(RunSettings.Stage::multiplier).containsExactly(1.0, 3.0);
        assertThat(test.planned()).isEqualTo(Duration.ofSeconds(8));
        test.printPlan(progress);
        assertThat(console.toString()).contains("stage     3x:    60.00 rps");
    }

    @Test
    void aShopWithoutAUsableCatalogueIsAFailedVerdictWithAReportAndNoInjector(@TempDir Path dir) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("<urlset><url><loc>http://127.0.0.1/about</loc></url></urlset>"));
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            LoadTest.Result r = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:" + server.getPort())
                    .withMultiplier(1.0).withDuration(Duration.ofSeconds(4)).withOut(dir)).run(progress, StopTrigger.none());
            assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(r.reason()).contains("no /product/{id}");
            assertThat(r.toReport().cases()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo(LoadTest.CATALOGUE_CASE);
                assertThat(c.status()).isEqualTo(Status.FAILED);
            });
            assertThat(dir.resolve("run.json")).as("the injector never started").doesNotExist();
            List<Path> written = r.write(progress);
            assertThat(written).contains(dir.resolve("junit.xml"));
            assertThat(console.toString()).contains("FAILED   catalogue from the sitemap");
        }
    }

    @Test
    void aShopThatDoesNotAnswerIsUnreachableAndNothingIsWritten(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Path out = dir.resolve("out");
        LoadTest.Result r = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:" + closedPort).withMultiplier(1.0)
                .withDuration(Duration.ofSeconds(4)).withOut(out)).run(progress, StopTrigger.none());
        assertThat(r.verdict()).isEqualTo(Verdict.UNREACHABLE);
        assertThat(r.reason()).startsWith("cannot read the catalogue: http://127.0.0.1:" + closedPort + "/sitemap.xml: ");
        assertThat(r.toReport().cases()).singleElement().extracting(c -> c.status()).isEqualTo(Status.ERROR);
        assertThat(out).doesNotExist();
    }
}
