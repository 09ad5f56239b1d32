package dev.headroom.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.Report;
import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillResultTest {
    private static DrillPlan plan(int maxErrors) {
        Map<String, String> origins = new LinkedHashMap<>();
        origins.put("a", "http://127.0.0.1:1");
        origins.put("b", "http://127.0.0.1:2");
        return new DrillPlan("http://127.0.0.1:8080", List.of("/"), 10, Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(2), "down", "up", origins, "/health", Duration.ofMillis(500), Duration.ofSeconds(5),
                maxErrors, Duration.ofMillis(800), Duration.ofSeconds(60));
    }

    private static DrillResult.Command ok(String name, long atMs) {
        return new DrillResult.Command(name, name, atMs, 50, 0, null, "", "", null, null);
    }

    /** Ten requests a second for 7 s; those at 2.5-3.4 s fail with 504 after 1 s; a is down from 2.2 s to 5.3 s. */
    private static DrillResult result(int maxErrors) {
        return result(maxErrors, ok("up", 5000), 5300);
    }

    /** As {@link #result(int)}, with this up command, and a back from {@code aBackAtMs} (never, past 7000). */
    private static DrillResult result(int maxErrors, DrillResult.Command up, long aBackAtMs) {
        List<DrillResult.Request> requests = new ArrayList<>();
        for (long t = 0; t < 7000; t += 100) {
            boolean failed = t >= 2500 && t < 3500;
            requests.add(new DrillResult.Request(t, "/", !failed, failed ? "504" : "200", failed ? 1000 : 5));
        }
        List<DrillResult.Probe> probes = new ArrayList<>();
        for (long t = 0; t < 7000; t += 500) {
            probes.add(new DrillResult.Probe(t + 200, "a", t + 200 < 2200 || t + 200 >= aBackAtMs));
            probes.add(new DrillResult.Probe(t + 200, "b", true));
        }
        List<DrillResult.Command> commands = List.of(ok("down", 2000), up);
        return new DrillResult(plan(maxErrors), Instant.parse("2026-11-30T10:00:00Z"), Duration.ofSeconds(7), requests, probes,
                commands, 0);
    }

    @Test
    void failuresAreCountedFromTheDownCommandOn() {
        assertThat(result(0).failuresSinceDown()).hasSize(10).allMatch(r -> r.outcome().equals("504"));
    }

    @Test
    void phasesSplitAtTheDownAndUpCommands() {
        List<DrillResult.PhaseStats> phases = result(0).phases();
        assertThat(phases).extracting(DrillResult.PhaseStats::phase).containsExactly("before", "during", "after");
        assertThat(phases).extracting(DrillResult.PhaseStats::requests).containsExactly(20L, 30L, 20L);
        assertThat(phases.get(1).failed()).isEqualTo(10);
        assertThat(phases.get(1).maxMs()).isEqualTo(1000);
        assertThat(phases.get(1).p50Ms()).isEqualTo(5);
        assertThat(phases.get(0).failed()).isZero();
    }

    @Test
    void eachOriginsDownWindowComesFromItsOwnProbes() {
        Map<String, long[]> windows = result(0).originDownWindows();
        assertThat(windows.get("a")).containsExactly(2200, 5700);
        assertThat(windows.get("b")).containsExactly(-1, -1);
        assertThat(result(0).originsDownAtEnd()).isEmpty();
    }

    @Test
    void moreFailuresThanAllowedFailTheDrillAndSayWhenAndWhat() {
        Report report = result(0).toReport();
        assertThat(report.status()).isEqualTo(Status.FAILED);
        assertThat(report.cases()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("at most 0 failed request(s)");
            assertThat(c.status()).isEqualTo(Status.FAILED);
            assertThat(c.message()).isEqualTo("10 customer request(s) failed between +2.5s and +3.4s (10 x 504)");
        });
        assertThat(report.cases()).anySatisfy(c -> {
            assertThat(c.name()).startsWith("slowest request while an origin was down");
            assertThat(c.status()).isEqualTo(Status.FAILED);
        });
        assertThat(report.summary()).containsEntry("origin a", "down from +2.2s to +5.7s");
    }

    @Test
    void withinItsErrorBudgetOnlyTheLatencyCheckFails() {
        Report report = result(10).toReport();
        assertThat(report.cases()).filteredOn(c -> c.name().startsWith("at most")).allMatch(c -> c.status() == Status.PASSED);
    }

    @Test
    void theTimelineHasOneBarPerSecondAndMarksTheCommands() {
        DrillResult r = result(0);
        assertThat(r.timeline()).hasSize(7);
        assertThat(r.timeline().get(2)).isEqualTo(new DrillResult.Second(2, 5, 5, 1000));
        assertThat(r.timelineHtml(r.toReport())).contains("<svg").contains(">down</text>").contains(">up</text>").doesNotContain("<script");
    }

    @Test
    void aDrillThatEndsWithEveryOriginUpLeavesNothingToRestore() {
        assertThat(result(0).leftDown()).isFalse();
        assertThat(result(0).restoreAdvice()).isEmpty();
        assertThat(result(0).toReport().summary()).doesNotContainKey("left down");
    }

    @Test
    void aFailedUpCommandSaysWhichOriginIsStillDownWhatToRunAndWhatTheCommandSaid() {
        DrillResult.Command up = new DrillResult.Command("up", "systemctl start shop@a", 5000, 120, 1, "exit 1", "",
                "Failed to start shop@a.service: Access denied\nSee system logs", "out/up.stdout.log", "out/up.stderr.log");
        DrillResult r = result(0, up, Long.MAX_VALUE);

        assertThat(r.upFailed()).isTrue();
        assertThat(r.leftDown()).isTrue();
        assertThat(r.restoreAdvice()).containsExactly(
                "ORIGIN LEFT DOWN: origin(s) a still failed /health at the end of the drill, and the up command failed (exit 1).",
                "  restore it with:  systemctl start shop@a",
                "  the up command's stderr (last lines; all of it in out/up.stderr.log):",
                "    Failed to start shop@a.service: Access denied",
                "    See system logs");
        Report report = r.toReport();
        assertThat(report.cases()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("up: systemctl start shop@a");
            assertThat(c.status()).isEqualTo(Status.ERROR);
            assertThat(c.message()).isEqualTo("exit 1 at +5.0s: the drill's up command failed; an origin may still be down:"
                    + " restore it with: systemctl start shop@a");
            assertThat(c.details()).contains("Access denied").contains("out/up.stderr.log");
        });
        assertThat(report.cases()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("every origin up again at the end");
            assertThat(c.message()).isEqualTo("still down: a; restore with: systemctl start shop@a");
        });
        assertThat(report.summary().get("left down")).asString().startsWith("ORIGIN LEFT DOWN: origin(s) a")
                .endsWith("restore it with:  systemctl start shop@a");
    }

    @Test
    void aFailedUpCommandCountsAsLeftDownEvenWhenTheProbesSayEveryOriginIsBack() {
        DrillResult.Command up = new DrillResult.Command("up", "up", 5000, 500, -1, "timed out after 0.5s and was killed,"
                + " with every process it started", "", "", null, null);
        DrillResult r = result(0, up, 5300);

        assertThat(r.originsDownAtEnd()).isEmpty();
        assertThat(r.leftDown()).isTrue();
        assertThat(r.restoreAdvice()).startsWith("ORIGIN LEFT DOWN: the up command failed (timed out after 0.5s and was killed,"
                + " with every process it started); every origin answered /health at the end, but check that what --down took"
                + " down is really back.", "  restore it with:  up", "  the up command printed nothing on stderr");
    }

    @Test
    void anOriginStillDownAfterASuccessfulUpCommandIsLeftDownToo() {
        DrillResult r = result(0, ok("up", 5000), Long.MAX_VALUE);

        assertThat(r.leftDown()).isTrue();
        assertThat(r.restoreAdvice()).containsExactly(
                "ORIGIN LEFT DOWN: origin(s) a still failed /health at the end of the drill, although the up command exited 0.",
                "  restore it with:  up");
    }
}
