package dev.headroom.gate;

import java.util.List;
import java.util.Map;

/**
 * What a gate run measured, as its {@code report.json} keeps it under {@code data}: what a later gate reads
 * back as its baseline ({@code --baseline}), and a promotion as the required pass ({@code --require-passed}).
 * Times are milliseconds.
 *
 * @param shop the shop file's {@code shop}
 * @param target the base URL the gate ran against
 * @param version the version gated ({@code --version}), empty if none
 * @param environment the environment named ({@code --environment}), empty if none
 * @param verdict PASSED, FAILED, UNREACHABLE, STOPPED or REFUSED
 * @param refusal why it was refused, empty if it was not
 * @param override the {@code --override} reason, empty if none
 * @param stages each stage's outcome, in the order run
 * @param journeySteps journey, then step, then that step's time in each run that reached it (ms)
 * @param load per request group: requests, error rate, p95 and p99 of the successful requests, over the
 *     whole load test
 * @param loadHolds the same, counting only the requests recorded while the load test held its rate (the
 *     ramp-up left out): what {@code --baseline} compares; groups with no such request are absent; null
 *     in reports from before Headroom kept them
 * @param findings the crawl's failing findings, as {@code KIND path} (the target's origin cut off)
 * @param baselineFiles the reports the run was compared with
 * @param config the shop file the gate ran (absolute), for {@code headroom recheck}
 */
public record GateData(
        String shop,
        String target,
        String version,
        String environment,
        String verdict,
        String refusal,
        String override,
        List<StageSummary> stages,
        Map<String, Map<String, List<Double>>> journeySteps,
        Map<String, LoadGroup> load,
        Map<String, LoadGroup> loadHolds,
        List<String> findings,
        List<String> baselineFiles,
        String config) {

    public GateData {
        version = version == null ? "" : version;
        environment = environment == null ? "" : environment;
        refusal = refusal == null ? "" : refusal;
        override = override == null ? "" : override;
        stages = stages == null ? List.of() : List.copyOf(stages);
        journeySteps = journeySteps == null ? Map.of() : journeySteps;
        load = load == null ? Map.of() : load;
        findings = findings == null ? List.of() : List.copyOf(findings);
        baselineFiles = baselineFiles == null ? List.of() : List.copyOf(baselineFiles);
    }

    /**
     * One stage's outcome.
     *
     * @param stage crawl, journeys, load or origins
     * @param status the worst status of its checks (SKIPPED when it did not run)
     * @param durationMs how long it took
     * @param message one line: what failed first, or what passed
     */
    public record StageSummary(String stage, String status, double durationMs, String message) {
    }

    /**
     * One request group of the load stage.
     *
     * @param requests requests sent
     * @param errorRate failed / sent
     * @param p95Ms 95th percentile of the successful requests, -1 if none
     * @param p99Ms 99th percentile of the successful requests, -1 if none
     */
    public record LoadGroup(long requests, double errorRate, double p95Ms, double p99Ms) {
    }
}
