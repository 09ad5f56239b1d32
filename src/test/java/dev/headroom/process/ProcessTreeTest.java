package dev.headroom.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcessTreeTest {

    @Test
    void aChildAndEverythingItStartedAreGoneWhenKillReturns() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep 30 & sleep 30").start();
        List<ProcessHandle> tree = awaitDescendants(p, 2);
        assertThat(ProcessTree.kill(p, false, List.of(), Duration.ofSeconds(5))).as("survivors").isEmpty();
        assertThat(p.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessTree::running);
    }

    @Test
    void descendantsSeenEarlierAreKilledEvenOnceTheirParentIsGone() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep 30 & sleep 30").start();
        List<ProcessHandle> seen = awaitDescendants(p, 2);
        p.toHandle().destroyForcibly(); // the shell goes; its sleeps are handed to init
        p.waitFor(5, TimeUnit.SECONDS);
        assertThat(seen).anyMatch(ProcessTree::running);
        assertThat(ProcessTree.kill(p, false, seen, Duration.ofSeconds(5))).as("survivors").isEmpty();
        assertThat(seen).noneMatch(ProcessTree::running);
    }

    private static List<ProcessHandle> awaitDescendants(Process p, int n) throws InterruptedException {
        for (int i = 0; i < 250; i++) { // bounded: 5 s
            List<ProcessHandle> d = p.descendants().toList();
            if (d.size() >= n) {
                return d;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the shell did not start its children");
    }
}
