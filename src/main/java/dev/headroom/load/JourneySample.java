package dev.headroom.load;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.StepResult;
import dev.headroom.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One journey run of a load test as the report keeps it: its verdict, each step's verdict and
 * message, and its variables (extracted values included), redacted as every journey result is.
 *
 * @param journey the journey's name in the load test's mix
 * @param status the run's verdict
 * @param steps its steps in order
 * @param variables its variables at the end (secrets left out, sensitive values masked)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JourneySample(String journey, String status, List<Step> steps, Map<String, String> variables) {

    /** One step's verdict. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(String name, String status, String message) {
    }

    /** {@code r} as a sample of the load test's journey {@code name} (its entry's name in the mix). */
    public static JourneySample of(String name, JourneyResult r) {
        return new JourneySample(name, r.status().name(),
                r.steps().stream().map((StepResult s) -> new Step(s.name(), s.status().name(), s.message())).toList(),
                r.variables());
    }

    public static void writeAll(Path file, List<JourneySample> samples) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Json.DATA.writeValue(file.toFile(), samples);
    }

    public static List<JourneySample> readAll(Path file) throws IOException {
        return Json.DATA.readValue(file.toFile(), new TypeReference<List<JourneySample>>() { });
    }
}
