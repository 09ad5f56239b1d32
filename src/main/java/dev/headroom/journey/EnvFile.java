package dev.headroom.journey;

import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An environment file ({@code --env-file}): {@code NAME=value} lines, {@code #} comments and blank
 * lines ignored, an optional {@code export } prefix, and a value in matching single or double quotes
 * taken without them. The way to hand secrets to a journey from a file.
 */
public final class EnvFile {
    private static final Pattern LINE = Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");

    private EnvFile() {
    }

    /** The variables in {@code file}, in order. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "", "file not found")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "", "cannot read file: " + e.getMessage())));
        }
        return parse(file.toString(), lines);
    }

    /**
     * The variables in {@code lines} (an env file's text, e.g. from the classpath); problems name
     * {@code sourceName} and the line.
     */
    public static Map<String, String> parse(String sourceName, List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                problems.add(new ConfigProblem(sourceName, i + 1, 1, "", "expected NAME=value"));
                continue;
            }
            String value = m.group(2).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(m.group(1), value);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return Collections.unmodifiableMap(out);
    }
}
