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
}
