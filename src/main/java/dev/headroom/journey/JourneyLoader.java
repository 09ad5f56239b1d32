package dev.headroom.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads journey files with the one config loader, validating the whole file before anything runs.
 * Every problem comes back in one {@link ConfigException} as {@code file:line:column: path: step
 * 'NAME': message}, the step named whenever the problem is inside one.
 */
public final class JourneyLoader {
    private static final Pattern STEP_PATH = Pattern.compile("^steps\\[(\\d+)]");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private JourneyLoader() {
    }

    /** Loads and validates {@code file}. */
    public static Journey load(Path file) {
        try {
            return ConfigLoader.load(file, Journey.class).withSource(file);
        } catch (ConfigException e) {
            throw withStepNames(e, () -> Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    /** Loads and validates YAML text; {@code sourceName} stands in for the file name in problems. */
    public static Journey load(String sourceName, String yaml) {
        try {
            return ConfigLoader.load(sourceName, yaml, Journey.class);
        } catch (ConfigException e) {
            throw withStepNames(e, () -> yaml);
        }
    }

    private interface Text {
        String read() throws IOException;
    }

    private static ConfigException withStepNames(ConfigException e, Text source) {
        if (e.problems().isEmpty()) {
            return e;
        }
        JsonNode steps = null;
        try {
            JsonNode root = YAML.readTree(source.read());
            steps = root == null ? null : root.get("steps");
        } catch (IOException | RuntimeException ignored) {
            // Unparseable YAML: the problems already say so; no step names to add.
        }
        List<ConfigProblem> named = new ArrayList<>();
        for (ConfigProblem p : e.problems()) {
            Matcher m = STEP_PATH.matcher(p.path());
            String name = null;
            if (m.find() && steps != null && steps.isArray()) {
                JsonNode step = steps.get(Integer.parseInt(m.group(1)));
                JsonNode n = step == null ? null : step.get("name");
                name = n != null && n.isTextual() && !n.asText().isBlank() ? n.asText()
                        : "#" + (Integer.parseInt(m.group(1)) + 1);
            }
            named.add(name == null ? p : new ConfigProblem(p.source(), p.line(), p.column(), p.path(),
                    "step '" + name + "': " + p.message()));
        }
        return new ConfigException(named);
    }
}
