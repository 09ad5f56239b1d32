package dev.headroom.journey;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.headroom.config.ConfigException;
import dev.headroom.http.Redactor;
import dev.headroom.report.Json;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a journey failed: the record a failed run leaves behind ({@code failure.json}), written by
 * {@code journey run} and the monitor, read back by {@code recheck} to replay it. It holds the
 * journey file, the target, the values of the declared variables the run used (replayed as they
 * are; a secret inside one is masked, and a value holding {@code [REDACTED]} falls back to the
 * journey's default on replay), the step that failed, when, and every step's result. Secrets are
 * not in it: they come from the environment again on replay.
 *
 * <p>The one model of it: {@link #write} and {@link #read} go through Jackson both ways, so what
 * is written is what is read. Fields a later version adds are ignored on read.
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
    /** The only {@link #kind} there is so far. */
    public static final String JOURNEY = "journey";

    // failure.json has report.json's conventions: durations in milliseconds, instants ISO-8601.
    private static final ObjectMapper JSON = Json.REPORT;

    public FailureRecord {
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** The record of {@code result}'s first failing step (the journey file, when it has one, as given). */
    static FailureRecord of(JourneyResult result, StepResult failed) {
        return new FailureRecord(SCHEMA_VERSION, JOURNEY, result.source() == null ? null : result.source().toString(),
                result.journey(), result.target(), result.inputs(), failed, result.startedAt().plus(result.duration()),
                result.status(), result.unreachable(), result.steps());
    }

    /** Writes it to {@code file} atomically, redacted with the run's {@code redactor} (as a tree: every string in it). */
    public Path write(Path file, Redactor redactor) throws IOException {
        return ReportWriter.writeJsonDocument(this, file, redactor);
    }

    /**
     * Reads a failure.json.
     *
     * @throws ConfigException naming the file (and line, or field) when it is missing, not JSON, of
     *     another version or kind, or lacks a field
     */
    public static FailureRecord read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (journey run writes failure.json next to its reports when a step fails)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + ": not a failure record (expected a JSON object)");
        }
        if (root.path("schemaVersion").asInt(-1) != SCHEMA_VERSION) {
            throw new ConfigException(file + ": schemaVersion " + root.path("schemaVersion") + ", this Headroom reads version "
                    + SCHEMA_VERSION);
        }
        if (!JOURNEY.equals(root.path("kind").asText())) {
            throw new ConfigException(file + ": kind '" + root.path("kind").asText() + "': only journey failures can be rechecked");
        }
        required(file, root, "journeyFile");
        required(file, root, "journey");
        required(file, root, "target");
        required(file, root.path("failedStep"), "failedStep.name", "name");
        try {
            return JSON.treeToValue(root, FailureRecord.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException(file + ": not a failure record: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static void required(Path file, JsonNode node, String field) {
        required(file, node, field, field);
    }

    private static void required(Path file, JsonNode node, String field, String key) {
        JsonNode v = node.path(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file + ": field '" + field + "' is missing");
        }
    }

    /** Durations as {@link ReportWriter} writes them: milliseconds, possibly with a fraction. */
}
