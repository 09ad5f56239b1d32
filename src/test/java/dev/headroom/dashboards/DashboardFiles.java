package dev.headroom.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every dashboard the repository ships: the hand-written ones in dashboards/grafana and the generated ones. */
final class DashboardFiles {
    static final Path GRAFANA = Path.of("dashboards/grafana");
    static final Path GENERATED = GRAFANA.resolve("generated");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardFiles() {
    }

    /** The dashboard files, hand-written first, each folder sorted by name. */
    static List<Path> all() {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(GRAFANA, GENERATED)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
