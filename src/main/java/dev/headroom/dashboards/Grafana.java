package dev.headroom.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Grafana's dashboard JSON model (schema version {@value #SCHEMA_VERSION}), built as Jackson trees:
 * dashboards, panels, Prometheus targets and template variables, every data source by the {@code
 * datasource} variable. {@link Board} lays panels out left to right in rows of 24 columns and numbers
 * them; {@link #render} writes the stable text that is checked in.
 */
final class Grafana {
    /** The dashboard JSON schema version the generated dashboards declare. */
    static final int SCHEMA_VERSION = 39;
    /** Grafana's longest uid. */
    static final int MAX_UID = 40;
    /** How every panel, target and query variable names its data source. */
    static final String DATASOURCE_UID = "${datasource}";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Grafana() {
    }

    /** {@code {type: prometheus, uid: ${datasource}}}. */
    static ObjectNode datasource() {
        return NODES.objectNode().put("type", "prometheus").put("uid", DATASOURCE_UID);
    }

    /** The {@code datasource} variable: any Prometheus data source, picked on import. */
    static ObjectNode datasourceVariable() {
        return NODES.objectNode().put("name", "datasource").put("label", "Prometheus").put("type", "datasource")
                .put("query", "prometheus").put("hide", 0).put("refresh", 1);
    }

    /**
     * A query variable over {@code label_values(metric, label)}, several values or All ({@code .*}).
     */
    static ObjectNode labelValuesVariable(String name, String label, String metric, String promLabel) {
        String query = "label_values(" + metric + ", " + promLabel + ")";
        ObjectNode v = NODES.objectNode().put("name", name).put("label", label).put("type", "query");
        v.set("datasource", datasource());
        return v.put("query", query).put("definition", query).put("refresh", 2).put("multi", true)
                .put("includeAll", true).put("allValue", ".*").put("sort", 1).put("hide", 0);
    }

    /** A Prometheus target: {@code expr}, drawn as {@code legend}. */
    static ObjectNode target(String refId, String expr, String legend) {
        ObjectNode t = NODES.objectNode().put("refId", refId);
        t.set("datasource", datasource());
        return t.put("expr", expr).put("legendFormat", legend).put("range", true);
    }

    /** A Prometheus selector's label matcher value, quoted and escaped: {@code "place the order"}. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A regular expression that matches exactly one of {@code values} (for {@code =~}). */
    static String anyOf(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(v.replaceAll("[\\\\.^$|?*+()\\[\\]{}]", "\\\\$0"));
        }
        return String.join("|", quoted);
    }

    /**
     * A uid that stays the same as long as the shop's and the dashboard's names do: {@code
     * <shop>-<dashboard>} in lower case, at most {@value #MAX_UID} characters (a longer one keeps its
     * start and ends with a hash of the whole).
     */
    static String uid(String shop, String dashboard) {
        String uid = slug(shop) + "-" + slug(dashboard);
        if (uid.length() <= MAX_UID) {
            return uid;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return uid.substring(0, MAX_UID - 9) + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String slug(String s) {
        String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "shop" : slug;
    }

    /** The dashboard as checked in: two-space indents, {@code "key": value}, one array item a line. */
    static String render(ObjectNode dashboard) {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indent);
        printer.indentArraysWith(indent);
        try {
            return JSON.writer(printer).writeValueAsString(dashboard) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One dashboard being built: panels placed in reading order, each given the next id and a grid
     * position; {@link #row} starts a new line with a full-width row header.
     */
    static final class Board {
        private final ObjectNode dashboard = NODES.objectNode();
        private final ArrayNode panels = NODES.arrayNode();
        private final ArrayNode variables = NODES.arrayNode();
        private int nextId = 1;
        private int x;
        private int y;
        private int lineHeight;

        Board(String uid, String title, String description) {
            dashboard.put("uid", uid).put("title", title).put("description", description);
            dashboard.putArray("tags").add("headroom").add("generated");
            dashboard.put("schemaVersion", SCHEMA_VERSION).put("version", 1).put("editable", true).put("graphTooltip", 1);
            dashboard.putObject("time").put("from", "now-6h").put("to", "now");
            dashboard.put("refresh", "30s").put("timezone", "");
            variables.add(datasourceVariable());
        }

        Board variable(ObjectNode variable) {
            variables.add(variable);
            return this;
        }

        /** A full-width row header on a line of its own. */
        Board row(String title) {
            newLine();
            ObjectNode row = NODES.objectNode().put("id", nextId++).put("type", "row").put("title", title)
                    .put("collapsed", false);
            row.set("gridPos", grid(1, 24, 0, y));
            row.putArray("panels");
            panels.add(row);
            y += 1;
            return this;
        }

        /** Places {@code panel} {@code w} columns wide and {@code h} high after the last one (wrapping). */
        Board add(Panel panel, int w, int h) {
            if (x + w > 24) {
                newLine();
            }
            ObjectNode node = panel.node();
            node.put("id", nextId++);
            node.set("gridPos", grid(h, w, x, y));
            panels.add(order(node));
            x += w;
            lineHeight = Math.max(lineHeight, h);
            return this;
        }

        ObjectNode build() {
            dashboard.putObject("templating").set("list", variables);
            dashboard.putObject("annotations").putArray("list");
            dashboard.putArray("links");
            dashboard.set("panels", panels);
            return dashboard;
        }

        private void newLine() {
            y += lineHeight;
            x = 0;
            lineHeight = 0;
        }

        private static ObjectNode grid(int h, int w, int x, int y) {
            return NODES.objectNode().put("h", h).put("w", w).put("x", x).put("y", y);
        }

        /** id, type, title first, as Grafana writes them: the diffs of regenerated files stay readable. */
        private static ObjectNode order(ObjectNode panel) {
            ObjectNode out = NODES.objectNode();
            for (String first : List.of("id", "type", "title", "description", "datasource", "gridPos")) {
                if (panel.has(first)) {
                    out.set(first, panel.get(first));
                }
            }
            panel.fields().forEachRemaining(e -> {
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
            return out;
        }
    }

    /**
     * A panel: its kind, title, description (say "Empty when ..." if it may rightly show nothing),
     * unit and Prometheus targets.
     */
    static final class Panel {
        private final ObjectNode node = NODES.objectNode();
        private final ObjectNode defaults;
        private final ArrayNode targets;

        private Panel(String type, String title, String description, String unit) {
            node.put("type", type).put("title", title).put("description", description);
            node.set("datasource", datasource());
            targets = node.putArray("targets");
            ObjectNode fieldConfig = node.putObject("fieldConfig");
            defaults = fieldConfig.putObject("defaults");
            if (unit != null) {
                defaults.put("unit", unit);
            }
            fieldConfig.putArray("overrides");
        }

        /** A line chart over time. */
        static Panel timeseries(String title, String description, String unit) {
            Panel p = new Panel("timeseries", title, description, unit);
            ObjectNode legend = p.node.putObject("options").putObject("legend");
            legend.put("displayMode", "list").put("placement", "bottom").put("showLegend", true);
            return p;
        }

        /** The last value of each series, big. */
        static Panel stat(String title, String description, String unit) {
            Panel p = new Panel("stat", title, description, unit);
            ObjectNode options = p.node.putObject("options");
            options.putObject("reduceOptions").put("values", false).put("fields", "").putArray("calcs").add("lastNotNull");
            options.put("colorMode", "value").put("graphMode", "none").put("textMode", "value_and_name");
            return p;
        }

        /** The last value of each series as a horizontal bar (one per step, class, ...). */
        static Panel bars(String title, String description, String unit) {
            Panel p = new Panel("bargauge", title, description, unit);
            ObjectNode options = p.node.putObject("options");
            options.putObject("reduceOptions").put("values", false).put("fields", "").putArray("calcs").add("lastNotNull");
            options.put("orientation", "horizontal").put("displayMode", "basic").put("showUnfilled", true);
            return p;
        }

        /** Adds a target; refIds run A, B, C... */
        Panel query(String expr, String legend) {
            targets.add(target(String.valueOf((char) ('A' + targets.size())), expr, legend));
            return this;
        }

        Panel min(double min) {
            defaults.put("min", min);
            return this;
        }

        Panel max(double max) {
            defaults.put("max", max);
            return this;
        }

        /** Colour steps: {@code colour, value, colour, value, colour...} from the base colour up. */
        Panel thresholds(Object... steps) {
            ObjectNode t = defaults.putObject("thresholds").put("mode", "absolute");
            ArrayNode list = t.putArray("steps");
            list.addObject().put("color", (String) steps[0]).putNull("value");
            for (int i = 1; i + 1 < steps.length; i += 2) {
                list.addObject().put("color", (String) steps[i + 1]).put("value", ((Number) steps[i]).doubleValue());
            }
            return this;
        }

        /** Shows the values as words: {@code value, text, colour, ...}. */
        Panel states(Object... mapping) {
            ObjectNode options = defaults.putArray("mappings").addObject().put("type", "value").putObject("options");
            for (int i = 0; i + 2 < mapping.length; i += 3) {
                options.putObject(String.valueOf(mapping[i])).put("text", (String) mapping[i + 1])
                        .put("color", (String) mapping[i + 2]);
            }
            return this;
        }

        ObjectNode node() {
            return node;
        }
    }
}
