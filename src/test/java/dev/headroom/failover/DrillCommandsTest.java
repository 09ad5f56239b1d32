package dev.headroom.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A drill's down and up commands, run for real ({@code sh -c}) against a stub origin on 127.0.0.1. */
@Timeout(60)
class DrillCommandsTest {
    @TempDir
    Path dir;

    private StubOrigin origin;
    private HttpChecker checker;
    private final ConcurrentLinkedQueue<String> progress = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        origin = new StubOrigin(dir.resolve("a-is-down"));
        checker = HttpChecker.builder().build();
    }

    @AfterEach
    void stop() {
        checker.close();
        origin.close();
    }

    private DrillResult drill(String down, String up, Duration commandTimeout) throws InterruptedException {
        // Probes every 200 ms, each with 400 ms to answer (a shared 2-core machine is slow at times); 800 ms after up.
        DrillPlan plan = new DrillPlan(origin.url(), List.of("/"), 10, Duration.ofMillis(200), Duration.ofMillis(600),
                Duration.ofMillis(800), down, up, Map.of("a", origin.url()), "/health", Duration.ofMillis(200),
                Duration.ofSeconds(2), 0, null, commandTimeout);
        return new Drill(checker, progress::add, dir.resolve("out")).run(plan);
    }

    @Test
    void aDownCommandPastItsTimeoutIsKilledWithItsChildrenSoItCannotActAfterTheDrill() throws Exception {
        Path marker = dir.resolve("took-a-down-late");
        long start = System.nanoTime();
        DrillResult r = drill("sh -c 'sleep 3; touch " + marker + "'", null, Duration.ofMillis(500));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        DrillResult.Command down = r.command("down").orElseThrow();
        assertThat(down.exitCode()).isEqualTo(-1);
        assertThat(down.failure()).isEqualTo("timed out after 0.5s and was killed, with every process it started");
        assertThat(tookMs).as("the drill did not wait for the command's sleep").isLessThan(2900);
        assertThat(progress).anyMatch(l -> l.contains("down: timed out after 0.5s"));
        Thread.sleep(4000);
        assertThat(marker).as("the killed command's child never ran its touch").doesNotExist();
    }

    @Test
    void aChildThatLeftTheCommandsSessionIsKilledToo() throws Exception {
        Path marker = dir.resolve("took-a-down-late");
        // setsid gives the child a session and process group of its own: only the tree, not the group, finds it.
        DrillResult r = drill("setsid sh -c 'sleep 3; touch " + marker + "' & wait", null, Duration.ofMillis(500));

        assertThat(r.command("down").orElseThrow().failure()).startsWith("timed out after 0.5s and was killed");
        Thread.sleep(4000);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aCommandPrintingWithoutEndIsKilledAtItsTimeoutWithItsLogCappedAndItsLastLinesKept() throws Exception {
        DrillResult r = drill("yes", null, Duration.ofMillis(500));

        DrillResult.Command down = r.command("down").orElseThrow();
        assertThat(down.failure()).startsWith("timed out after 0.5s");
        assertThat(down.stdoutTail().lines()).hasSize(ShellCommand.TAIL_LINES).allMatch("y"::equals);
        Path log = dir.resolve("out/down.stdout.log");
        assertThat(down.stdoutLog()).isEqualTo(log.toString());
        // yes prints far more than the cap in half a second; the log stops at the cap and says so.
        assertThat(Files.size(log)).isBetween(ShellCommand.LOG_CAP_BYTES, ShellCommand.LOG_CAP_BYTES + 200);
        assertThat(Files.readString(log).lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("[headroom: the log stops here, at its cap of 8388608 bytes; the rest of the output was read and discarded]");
        assertThat(r.toReport().cases()).filteredOn(c -> c.name().equals("down: yes"))
                .singleElement().satisfies(c -> assertThat(c.details()).contains("stdout (last lines):\ny\ny"));
    }

    @Test
    void aCommandsStdoutAndStderrGoToTheirOwnLogsAndTails() throws Exception {
        DrillResult r = drill("echo taking a down; touch " + origin.downMarker() + "; echo 'warning: no drain' >&2",
                "rm " + origin.downMarker() + "; echo 'cannot reach the hypervisor' >&2; exit 7", Duration.ofSeconds(5));

        DrillResult.Command down = r.command("down").orElseThrow();
        assertThat(down.ok()).isTrue();
        assertThat(down.stdoutTail()).isEqualTo("taking a down");
        assertThat(down.stderrTail()).isEqualTo("warning: no drain");
        assertThat(dir.resolve("out/down.stdout.log")).hasContent("taking a down");
        assertThat(dir.resolve("out/down.stderr.log")).hasContent("warning: no drain");
        DrillResult.Command up = r.command("up").orElseThrow();
        assertThat(up.exitCode()).isEqualTo(7);
        assertThat(up.failure()).isEqualTo("exit 7");
        assertThat(up.stderrTail()).isEqualTo("cannot reach the hypervisor");
        assertThat(r.originDownWindows().get("a")[0]).as("the down command took a down").isGreaterThanOrEqualTo(0);
        assertThat(r.leftDown()).as("the up command failed, even though a is back").isTrue();
    }

    @Test
    void aCommandThatReadsStdinGetsEndOfFileInsteadOfHangingUntilItsTimeout() throws Exception {
        DrillResult r = drill("cat; touch " + origin.downMarker(), "rm " + origin.downMarker(), Duration.ofSeconds(20));

        assertThat(r.command("down").orElseThrow().ok()).isTrue();
        assertThat(r.command("down").orElseThrow().tookMs()).isLessThan(5000);
        assertThat(r.leftDown()).isFalse();
    }

    @Test
    void aBackgroundChildOfAKilledCommandIsKilledToo() throws Exception {
        Path marker = dir.resolve("late");
        // The shell and its background child die together: the child is not left behind as an orphan.
        ShellCommand.Outcome o = new ShellCommand(Duration.ofMillis(300), dir).run("down", "(sleep 2; touch " + marker + ") & sleep 5");

        assertThat(o.failure()).startsWith("timed out after 0.3s");
        Thread.sleep(2500);
        assertThat(marker).doesNotExist();
    }
}
