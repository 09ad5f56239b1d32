package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.failover.StubOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom failover drill} in-process, against a stub origin on 127.0.0.1 that shell commands take down and bring back. */
@Timeout(60)
class FailoverCommandTest {
    @TempDir
    Path dir;

    private StubOrigin origin;
    private final CliRun cli = new CliRun();

    @BeforeEach
    void start() {
        origin = new StubOrigin(dir.resolve("a-is-down"));
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    private int drill(String down, String up, String... extra) {
        List<String> args = new ArrayList<>(List.of("failover", "drill", "--front", origin.url(), "--origin", "a=" + origin.url(),
                "--down", down, "--rate", "5", "--before", "200ms", "--during", "600ms", "--after", "800ms",
                "--probe-every", "200ms", "--timeout", "2s", "--out", dir.resolve("out").toString()));
        if (up != null) {
            args.addAll(List.of("--up", up));
        }
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aDrillWhoseCommandsTakeTheOriginDownAndBringItBackPasses() {
        int exit = drill("touch " + origin.downMarker(), "rm " + origin.downMarker());

        assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("down: exit 0 after").contains("up: exit 0 after").contains("PASSED");
        assertThat(cli.err.toString()).doesNotContain("ORIGIN LEFT DOWN");
    }

    @Test
    void aFailedUpCommandExitsWithItsOwnCodeSayingWhichOriginIsDownAndWhatToRun() throws Exception {
        String up = "echo 'shopctl: permission denied: /run/shop/a.sock' >&2; exit 3";
        int exit = drill("touch " + origin.downMarker(), up);

        assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.ORIGIN_LEFT_DOWN);
        assertThat(cli.err.toString()).contains(
                "ORIGIN LEFT DOWN: origin(s) a still failed /health at the end of the drill, and the up command failed (exit 3).\n"
                        + "  restore it with:  " + up + "\n"
                        + "  the up command's stderr (last lines; all of it in " + dir.resolve("out/up.stderr.log") + "):\n"
                        + "    shopctl: permission denied: /run/shop/a.sock");
        assertThat(cli.out.toString()).contains("[ERROR] up: " + up + ": exit 3 at +")
                .contains("[FAILED] every origin up again at the end: still down: a; restore with: " + up);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.at("/data/leftDown").asBoolean()).isTrue();
        assertThat(report.at("/summary/left down").asText()).startsWith("ORIGIN LEFT DOWN: origin(s) a");
        assertThat(dir.resolve("out/up.stderr.log")).hasContent("shopctl: permission denied: /run/shop/a.sock");
    }

    @Test
    void aDrillThatTookNothingDownIsAFailedCheckNotAnOriginLeftDown() {
        // The origin never goes down (the down command does nothing), so the drill tested nothing: a failed check, not an emergency.
        int exit = drill("true", "true");

        assertThat(exit).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(cli.out.toString()).contains("the drill tested nothing");
        assertThat(cli.err.toString()).doesNotContain("ORIGIN LEFT DOWN");
    }

    @Test
    void aZeroCommandTimeoutIsAUsageErrorNamingTheOption() {
        int exit = drill("touch " + origin.downMarker(), "rm " + origin.downMarker(), "--command-timeout", "0s");

        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--command-timeout: must be above zero");
        assertThat(origin.downMarker()).as("nothing was taken down").doesNotExist();
    }

    @Test
    void aFrontDoorThatRedirectsToAnotherHostSendsItNothing() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reachedOtherHost = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.2"), 0), 16);
        other.createContext("/", ex -> {
            reachedOtherHost.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        other.start();
        com.sun.net.httpserver.HttpServer front = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0), 16);
        front.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/away")) {
                ex.getResponseHeaders().set("Location", "http://127.0.0.2:" + other.getAddress().getPort() + "/");
                ex.sendResponseHeaders(302, -1);
            } else {
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        front.start();
        try {
            String frontUrl = "http://127.0.0.1:" + front.getAddress().getPort();
            List<String> common = List.of("failover", "drill", "--front", frontUrl, "--origin", "a=" + origin.url(),
                    "--down", "touch " + origin.downMarker(), "--up", "rm " + origin.downMarker(), "--rate", "10",
                    "--before", "200ms", "--during", "400ms", "--after", "600ms", "--probe-every", "200ms",
                    "--timeout", "2s", "--out", dir.resolve("out").toString());

            List<String> refusedAtOnce = new ArrayList<>(common);
            refusedAtOnce.addAll(List.of("--path", "/away"));
            assertThat(cli.run(refusedAtOnce.toArray(String[]::new))).as(cli.err.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.err.toString()).contains("not sent: host '127.0.0.2' is not on the allowlist")
                    .contains("Nothing was taken down");

            List<String> refusedDuring = new ArrayList<>(common);
            refusedDuring.addAll(List.of("--path", "/", "--path", "/away"));
            int exit = cli.run(refusedDuring.toArray(String[]::new));
            assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.CHECKS_FAILED);
            assertThat(reachedOtherHost).hasValue(0);
        } finally {
            front.stop(0);
            other.stop(0);
        }
    }
}
