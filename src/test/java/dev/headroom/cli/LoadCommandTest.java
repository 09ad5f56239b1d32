package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation {@code headroom load} does before anything is sent: every refusal is exit 2 and sends nothing. */
class LoadCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CliRun cli = new CliRun();
        int code = cli.run(args);
        return new Run(code, cli.out.toString(), cli.err.toString());
    }

    @Test
    void refusesAHostOutsideTheAllowlist(@TempDir Path dir) {
        Run r = run("load", "--target", "http://example.com", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--target: refusing to load-test host 'example.com'")
                .contains("[127.0.0.1, localhost, ::1]").contains("'allowlist'");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesLoopbackWhenTheConfigDoesNotListItAndSendsNothing(@TempDir Path dir) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("<urlset/>"));
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            Path cfg = Files.writeString(dir.resolve("load.yaml"), "allowlist: [staging.shop.test]\n");
            Run r = run("load", "--target", "http://127.0.0.1:" + server.getPort(), "--config", cfg.toString(),
                    "--out", dir.resolve("out").toString());
            assertThat(r.code()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("refusing to load-test host '127.0.0.1'").contains("[staging.shop.test]");
            assertThat(server.getRequestCount()).isZero();
        }
    }

    private static final String EXAMPLE = "simulations/load.example.yaml";

    @Test
    void refusesPlansBeyondTheCaps() {
        Run rate = run("load", "--config", EXAMPLE, "--target", "http://127.0.0.1:1", "--multiplier", "500", "--dry-run");
        assertThat(rate.code()).isEqualTo(ExitCode.USAGE);
        assertThat(rate.err()).contains("--multiplier").contains("limits.maxRps 2000");
        Run time = run("load", "--config", EXAMPLE, "--target", "http://127.0.0.1:1", "--duration", "2h", "--dry-run");
        assertThat(time.code()).isEqualTo(ExitCode.USAGE);
        assertThat(time.err()).contains("--duration").contains("limits.maxDuration 10m");
    }

    @Test
    void configErrorsNameFileLineAndField(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("load.yaml"), "limits:\n  maxRps: -1\nstages:\n  hodl: 1m\n");
        Run r = run("load", "--target", "http://127.0.0.1:1", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("load.yaml:4:3: stages.hodl: unknown field 'hodl'; did you mean 'hold'?");
        Run badShard = run("load", "--config", EXAMPLE, "--target", "http://127.0.0.1:1", "--shard", "3/2", "--dry-run");
        assertThat(badShard.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badShard.err()).contains("--shard");
        Run badUrl = run("load", "--config", EXAMPLE, "--target", "ftp://127.0.0.1/", "--dry-run");
        assertThat(badUrl.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badUrl.err()).contains("--target: not an http(s) URL");
        Run noTarget = run("load");
        assertThat(noTarget.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noTarget.err()).contains("--target");
    }

    @Test
    void aBrokenJourneyOfTheMixIsReportedWithItsFileAndLineBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("j.yaml"), "name: j\nsteps:\n  - name: home\n    request: {url: /, methd: GET}\n");
        Path cfg = Files.writeString(dir.resolve("load.yaml"), "journeys:\n  - {journey: j.yaml}\n");
        Run r = run("load", "--target", "http://127.0.0.1:1", "--config", cfg.toString(), "--dry-run");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("j.yaml:4:").contains("methd");
    }

    @Test
    void dryRunPrintsThePlan() {
        Run r = run("load", "--config", EXAMPLE, "--target", "http://localhost:8080/", "--multiplier", "10", "--duration",
                "30s", "--dry-run", "--shard", "1/2");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("shard 1/2").contains("stage     1x:    10.00 rps").contains("stage    10x:   100.00 rps")
                .contains("journey browse-and-search").contains("journey checkout")
                .contains("Dry run: nothing was sent.");
    }

    @Test
    void aShopThatAnswersOnlyErrorsIsLoadTestedAndFailsOnItsJourneysNotCalledUnreachable(@TempDir Path dir) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
                @Override
                public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                    return new MockResponse().setResponseCode(503).setBody("down for maintenance");
                }
            });
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            Files.writeString(dir.resolve("home.yaml"), "name: home\nsteps:\n  - name: home page\n    request: {url: /}\n");
            Path cfg = Files.writeString(dir.resolve("load.yaml"), "profile: {peakRps: 2, thinkTime: 0s}\n"
                    + "journeys:\n  - {journey: home.yaml}\n");
            Path out = dir.resolve("out");
            Run r = run("load", "--config", cfg.toString(), "--target", "http://127.0.0.1:" + server.getPort(),
                    "--duration", "4s", "--multiplier", "1", "--out", out.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.CHECKS_FAILED);
            assertThat(r.out()).contains("FAILED   home under load").contains("0 passed")
                    .contains("first failure: step 'home page': HTTP 503");
            assertThat(server.getRequestCount()).as("the shop answered, so it was load-tested").isGreaterThan(2);
            assertThat(Files.readString(out.resolve("junit.xml"))).contains("name=\"home under load\"");
        }
    }

    @Test
    void onlyAShopThatGivesNoAnswerAtAllIsUnreachable(@TempDir Path dir) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Run silent = run("load", "--config", EXAMPLE, "--target", "http://127.0.0.1:" + closedPort, "--duration", "4s",
                "--multiplier", "1", "--out", dir.resolve("b").toString());
        assertThat(silent.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(silent.err()).contains("no answer from the target: http://127.0.0.1:" + closedPort + "/: ");
    }

    @Test
    void aCatalogueInTheConfigIsRefusedWithWhatReplacedIt(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("load.yaml"), "catalogue: catalogue.json\n");
        Run r = run("load", "--target", "http://127.0.0.1:1", "--config", cfg.toString(), "--dry-run");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("load.yaml:1:").contains("catalogue: is no longer read").contains("pick: random");
    }

    @Test
    void mergeRefusesFilesThatAreNotResults(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("report.json"), "{\"schemaVersion\":1,\"data\":{}}");
        Run r = run("load", "merge", bogus.toString(), "--out", dir.resolve("m").toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("not the results of a load run");
    }
}
