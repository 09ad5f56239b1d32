package dev.headroom.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Grafana dashboard for what its JSON schema cannot see, each a {@link Rule}; {@link #lint}
 * returns every problem at once, each naming the dashboard, the panel and the rule.
 */
public final class DashboardLint {

    /** What a dashboard must get right. */
    public enum Rule {
        /** Every panel, rows and the panels inside collapsed rows included, has its own {@code id}. */
        UNIQUE_PANEL_IDS("unique-panel-ids"),
        /**
         * Every panel has a {@code gridPos} inside the 24 columns, and no two panels' rectangles overlap
         * (the panels of a collapsed row are laid out among themselves).
         */
        GRID("grid"),
        /**
         * Every {@code $name}, {@code ${name}} or {@code [[name]]} in a query, title, description,
         * legend or data source is a variable of {@code templating.list} (Grafana's own, {@code
         * $__rate_interval} and the like, and regex groups such as {@code $1} excepted).
         */
        VARIABLES_DECLARED("variables-declared"),
        /**
         * Every panel with queries, every target and every query variable reads its data source
         * through a variable of type {@code datasource} ({@code uid: ${datasource}}), never a hard-coded
         * uid or the instance's default.
         */
        DATASOURCE_VARIABLE("datasource-variable"),
        /** Every panel and row has a title. */
        TITLE("title"),
        /**
         * Every panel that shows a quantity (timeseries, stat, gauge, bar gauge, bar chart) has {@code
         * fieldConfig.defaults.unit}; one that shows states as words ({@code mappings}) needs none.
         */
        UNIT("unit");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** The rule's name in messages: {@code grid}, {@code unit}, ... */
        public String id() {
            return id;
        }
    }

    /**
     * One problem: {@code dashboard} is the file (or uid) linted, {@code panel} the panel's id and
     * title ({@code ""} for the dashboard itself).
     */
    public record Problem(String dashboard, String panel, Rule rule, String message) {
        public Problem {
            Objects.requireNonNull(dashboard, "dashboard");
            Objects.requireNonNull(panel, "panel");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }

        /** {@code synthetic.json: panel 4 "Runs": unit: ...}. */
        @Override
        public String toString() {
            return dashboard + ": " + (panel.isEmpty() ? "" : panel + ": ") + rule.id() + ": " + message;
        }
    }

    static final Set<String> QUANTITY_PANELS = Set.of("timeseries", "stat", "gauge", "bargauge", "barchart");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}|\\[\\[([A-Za-z0-9_]+)(?::[^]]*)?]]"
            + "|\\$([A-Za-z0-9_]+)");
    private static final Pattern DATASOURCE_REF = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}|\\$([A-Za-z0-9_]+)");

    private DashboardLint() {
    }

    /** Every problem of {@code dashboard}, in panel order; empty when it is clean. */
    public static List<Problem> lint(String name, JsonNode dashboard) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> variables = new HashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            variables.put(v.path("name").asText(), v.path("type").asText());
        }
        Set<String> datasourceVariables = new LinkedHashSet<>();
        variables.forEach((n, t) -> {
            if (t.equals("datasource")) {
                datasourceVariables.add(n);
            }
        });
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String where = "variable " + v.path("name").asText();
            if (v.path("type").asText().equals("query")) {
                datasource(name, where, v.get("datasource"), datasourceVariables, problems);
            }
            for (String field : List.of("query", "definition", "regex")) {
                undeclared(name, where, v.path(field).isTextual() ? v.path(field).asText() : "", variables, problems);
            }
        }
        undeclared(name, "", dashboard.path("title").asText() + " " + dashboard.path("description").asText(), variables,
                problems);

        Map<Long, String> ids = new HashMap<>();
        List<JsonNode> top = new ArrayList<>();
        dashboard.path("panels").forEach(top::add);
        grid(name, top, problems);
        for (JsonNode panel : top) {
            panel(name, panel, ids, variables, datasourceVariables, problems);
            List<JsonNode> inner = new ArrayList<>();
            panel.path("panels").forEach(inner::add);
            grid(name, inner, problems);
            for (JsonNode p : inner) {
                panel(name, p, ids, variables, datasourceVariables, problems);
            }
        }
        return problems;
    }

    private static void panel(String name, JsonNode panel, Map<Long, String> ids, Map<String, String> variables,
            Set<String> datasourceVariables, List<Problem> problems) {
        String label = label(panel);
        String type = panel.path("type").asText();
        if (!panel.path("id").canConvertToLong()) {
            problems.add(new Problem(name, label, Rule.UNIQUE_PANEL_IDS, "has no id"));
        } else {
            String before = ids.putIfAbsent(panel.path("id").asLong(), label);
            if (before != null) {
                problems.add(new Problem(name, label, Rule.UNIQUE_PANEL_IDS, "has the id of " + before));
            }
        }
        if (panel.path("title").asText("").isBlank()) {
            problems.add(new Problem(name, label, Rule.TITLE, "has no title"));
        }
        JsonNode targets = panel.path("targets");
        if (!type.equals("row") && targets.size() > 0) {
            datasource(name, label, panel.get("datasource"), datasourceVariables, problems);
        } else if (panel.has("datasource") && !panel.get("datasource").isNull()) {
            datasource(name, label, panel.get("datasource"), datasourceVariables, problems);
        }
        for (int i = 0; i < targets.size(); i++) {
            JsonNode t = targets.get(i);
            String where = "target " + t.path("refId").asText(String.valueOf(i));
            if (t.has("datasource")) {
                datasource(name, label, t.get("datasource"), datasourceVariables, problems, where);
            }
            for (String field : List.of("expr", "legendFormat", "interval")) {
                undeclared(name, label, t.path(field).asText(""), variables, problems);
            }
        }
        undeclared(name, label, panel.path("title").asText("") + " " + panel.path("description").asText(""), variables,
                problems);
        if (QUANTITY_PANELS.contains(type)) {
            JsonNode defaults = panel.path("fieldConfig").path("defaults");
            boolean states = defaults.path("mappings").size() > 0;
            if (!states && defaults.path("unit").asText("").isBlank()) {
                problems.add(new Problem(name, label, Rule.UNIT, "a " + type + " panel shows a quantity: set"
                        + " fieldConfig.defaults.unit (\"s\", \"percentunit\", \"reqps\", \"short\", \"none\"...)"));
            }
        }
    }

    private static void datasource(String name, String label, JsonNode ref, Set<String> datasourceVariables,
            List<Problem> problems) {
        datasource(name, label, ref, datasourceVariables, problems, "");
    }

    private static void datasource(String name, String label, JsonNode ref, Set<String> datasourceVariables,
            List<Problem> problems, String where) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        if (ref == null || ref.isNull() || ref.isMissingNode()) {
            problems.add(new Problem(name, label, Rule.DATASOURCE_VARIABLE, prefix + "has no datasource (it would read"
                    + " the instance's default): use {\"type\": \"prometheus\", \"uid\": \"${datasource}\"}"));
            return;
        }
        String uid = ref.isTextual() ? ref.asText() : ref.path("uid").asText("");
        Matcher m = DATASOURCE_REF.matcher(uid);
        if (!m.matches()) {
            problems.add(new Problem(name, label, Rule.DATASOURCE_VARIABLE, prefix + "hard-codes datasource \"" + uid
                    + "\": use the datasource variable, \"${datasource}\""));
            return;
        }
        String variable = m.group(1) != null ? m.group(1) : m.group(2);
        if (!datasourceVariables.contains(variable)) {
            problems.add(new Problem(name, label, Rule.DATASOURCE_VARIABLE, prefix + "reads datasource $" + variable
                    + ", which is not a variable of type datasource in templating.list"));
        }
    }

    private static void undeclared(String name, String label, String text, Map<String, String> variables,
            List<Problem> problems) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String v = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (v.startsWith("__") || Character.isDigit(v.charAt(0)) || variables.containsKey(v)) {
                continue; // Grafana's own ($__rate_interval, $__range...), a regex group ($1), or declared
            }
            problems.add(new Problem(name, label, Rule.VARIABLES_DECLARED, "uses $" + v
                    + ", which is not declared in templating.list"));
        }
    }

    private static void grid(String name, List<JsonNode> panels, List<Problem> problems) {
        List<JsonNode> placed = new ArrayList<>();
        for (JsonNode p : panels) {
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt(-1);
            int y = g.path("y").asInt(-1);
            int w = g.path("w").asInt(0);
            int h = g.path("h").asInt(0);
            if (!g.isObject() || x < 0 || y < 0 || w <= 0 || h <= 0) {
                problems.add(new Problem(name, label(p), Rule.GRID, "has no gridPos with x, y >= 0 and w, h > 0"));
                continue;
            }
            if (x + w > 24) {
                problems.add(new Problem(name, label(p), Rule.GRID, "ends at column " + (x + w)
                        + ", past Grafana's 24 (x " + x + " + w " + w + ")"));
            }
            for (JsonNode q : placed) {
                JsonNode o = q.path("gridPos");
                int ox = o.path("x").asInt();
                int oy = o.path("y").asInt();
                if (x < ox + o.path("w").asInt() && ox < x + w && y < oy + o.path("h").asInt() && oy < y + h) {
                    problems.add(new Problem(name, label(p), Rule.GRID, "overlaps " + label(q) + " (x " + x + ", y " + y
                            + ", w " + w + ", h " + h + " against x " + ox + ", y " + oy + ", w " + o.path("w").asInt()
                            + ", h " + o.path("h").asInt() + ")"));
                }
            }
            placed.add(p);
        }
    }

    private static String label(JsonNode panel) {
        return "panel " + panel.path("id").asText("?") + " \"" + panel.path("title").asText("") + "\"";
    }
}
