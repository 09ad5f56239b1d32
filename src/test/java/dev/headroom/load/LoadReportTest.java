package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    /** {@code runs} finished runs of {@code journey}, each sending {@code perRun} requests over two steps. */
    private static void runs(Recorder r, String journey, int runs, int perRun) {
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < perRun; k++) {
                r.record(journey + "/" + (k % 2 == 0 ? "open" : "buy"), true, 10);
            }
            r.recordStep(journey, "", "PASSED");
        }
    }

    private static CheckCase rateCase(Recorder r, Map<String, Integer> planned) {
        LoadResults results = LoadResults.of("http://127.0.0.1:8080", "1/1", 1, 2, null, r);
        Report report = LoadReport.build("t", results, List.of(), Map.of(), planned, List.of());
        return report.cases().stream().filter(c -> c.name().equals("runs sent the planned requests"))
                .findFirst().orElseThrow();
    }

    @Test
    void runsThatSendWhatThePlanCountedPass() {
        Recorder r = new Recorder();
        runs(r, "browse", 40, 6);
        runs(r, "checkout", 10, 14);

        CheckCase c = rateCase(r, new LinkedHashMap<>(Map.of("browse", 6, "checkout", 14)));

        assertThat(c.status()).isEqualTo(Status.PASSED);
        assertThat(c.message()).isEqualTo("100% of the requests the plan counted for these runs (380 of 380)");
    }

    @Test
    void runsThatSkipConditionalStepsWarnThatTheLoadRanBelowItsMultiple() {
        Recorder r = new Recorder();
        runs(r, "browse", 40, 6);
        runs(r, "checkout", 60, 10); // the plan counted 14: four cleanup steps under if: did not run

        CheckCase c = rateCase(r, new LinkedHashMap<>(Map.of("browse", 6, "checkout", 14)));

        assertThat(c.status()).isEqualTo(Status.DEGRADED);
        assertThat(c.message()).startsWith("78% of the requests the plan counted for these runs (840 of 1080)")
                .contains("checkout 10.0 a run, planned 14").doesNotContain("browse");
    }

    @Test
    void withoutAFinishedRunThereIsNothingToJudge() {
        Recorder r = new Recorder();
        r.record("checkout/open", true, 10);

        assertThat(rateCase(r, Map.of("checkout", 14)).status()).isEqualTo(Status.SKIPPED);
    }
}
