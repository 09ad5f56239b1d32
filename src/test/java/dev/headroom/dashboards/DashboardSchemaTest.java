package dev.headroom.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every shipped dashboard against Grafana's own dashboard JSON schema (src/test/resources/grafana/,
 * vendored from the Grafana Foundation SDK), with networknt's json-schema-validator.
 */
class DashboardSchemaTest {
    static final JsonSchema SCHEMA = load();

    private static JsonSchema load() {
        try (InputStream in = DashboardSchemaTest.class.getResourceAsStream("/grafana/dashboard.jsonschema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> violations(String name, JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        Set<ValidationMessage> errors = SCHEMA.validate(dashboard);
        errors.forEach(e -> out.add(name + ": " + e.getMessage()));
        return out;
    }

    @Test
    void everyShippedDashboardIsValidAgainstGrafanasDashboardSchema() {
        List<Path> files = DashboardFiles.all();
        assertThat(files).as("hand-written and generated dashboards").hasSizeGreaterThanOrEqualTo(7);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(violations(f.toString(), DashboardFiles.read(f)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatGrafanaWouldNotImport() {
        ObjectNode board = (ObjectNode) DashboardFiles.read(DashboardFiles.GENERATED.resolve("reference-storefront-load.json"));
        assertThat(violations("load", board)).isEmpty();
        ((ObjectNode) board.get("panels").get(1).get("gridPos")).remove("h");
        ((ObjectNode) board.get("panels").get(1)).put("colour", "red");
        board.remove("templating");

        assertThat(violations("load", board)).anyMatch(m -> m.contains("templating"))
                .anyMatch(m -> m.contains("panels[1]") || m.contains("panels/1")).allMatch(m -> m.startsWith("load: "));
    }
}
