package dev.headroom.journey;

import dev.headroom.report.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record a failed journey run leaves behind ({@code failure.json}) so that {@code headroom
 * recheck} can replay it: the journey file, the target, the values of the declared variables the
 * run used (replayed as they are; a secret inside one is masked, and a value holding {@code
 * [REDACTED]} falls back to the journey's default on replay), the step that failed, when, and
 * every step's result. Secrets are not in it: they come from the environment again on replay.
 */
public record FailureRecord(
        int schemaVersion,
        String kind,
        String journeyFile,
        String journey,
        String target,
        Map<String, String> variables,
        StepResult failedStep,
        Instant failedAt,
        Status status,
        boolean unreachable,
        List<StepResult> steps) {

    /** Version of the failure.json layout; bump on incompatible change. */
    public static final int SCHEMA_VERSION = 1;
    /** Its file name. */
    public static final String FILE_NAME = "failure.json";
}
