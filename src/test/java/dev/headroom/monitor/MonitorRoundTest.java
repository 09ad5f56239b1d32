package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A round of every check once decides its verdict, its report and its verdict line from its runs alone. */
class MonitorRoundTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PASSED PASSED           | PASSED      | PASSED: all 2 checks passed
            PASSED DEGRADED         | PASSED      | PASSED: all 2 checks passed (1 degraded: c2)
            PASSED FAILED           | FAILED      | FAILED: 1 of 2 checks failed: c2
            PASSED ERROR            | FAILED      | FAILED: 1 of 2 checks failed: c2 (error)
            FAILED ERROR            | FAILED      | FAILED: 2 of 2 checks failed: c1, c2 (error)
            ERROR ERROR             | UNREACHABLE | FAILED: 2 of 2 checks failed: c1 (error), c2 (error)
            PASSED                  | PASSED      | PASSED: the check passed
            """)
    void theVerdictAndTheVerdictLineComeFromTheRuns(String statuses, Verdict verdict, String line) {
        MonitorRound round = round(statuses.split(" "));
        assertThat(round.verdict()).isEqualTo(verdict);
        assertThat(round.summary()).isEqualTo(line);
    }

    @Test
    void theReportHasOneCasePerCheckInConfigOrderWithWhereItFailed() {
        RunRecord failed = new RunRecord("checkout", Instant.EPOCH, Duration.ofMillis(40), Status.FAILED, 2, false,
                "step 'pay': 503", List.of(), new ProbeResult.Failure("pay", "POST /checkout", 503, "status 503", "busy"));
        MonitorRound round = new MonitorRound(Instant.EPOCH, Duration.ofMillis(50), List.of(run("home", Status.PASSED), failed));

        Report report = round.toReport();

        assertThat(report.cases()).extracting(c -> c.name()).containsExactly("home", "checkout");
        assertThat(report.cases().get(1).details()).contains("step: pay", "request: POST /checkout", "response status: 503", "busy");
        assertThat(report.status().isFailure()).isTrue();
    }

    private static MonitorRound round(String... statuses) {
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            runs.add(run("c" + (i + 1), Status.valueOf(statuses[i])));
        }
        return new MonitorRound(Instant.EPOCH, Duration.ofMillis(10), runs);
    }

    private static RunRecord run(String check, Status status) {
        return new RunRecord(check, Instant.EPOCH, Duration.ofMillis(5), status, 1, false, "", List.of(),
                status.isFailure() ? new ProbeResult.Failure("", "", 0, "", "") : null);
    }
}
