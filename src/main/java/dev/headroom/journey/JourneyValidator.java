package dev.headroom.journey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.Validation;
import dev.headroom.http.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * The rules of a journey file beyond its types, all checked at load so that every mistake is
 * reported before anything runs. {@link JourneyLoader} adds the step name to each problem.
 */
final class JourneyValidator {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Za-z]+");
    static final int MAX_RACE_COPIES = 20;
    static final Duration MAX_THINK = Duration.ofMinutes(10);

    private final Journey journey;
    private final Validation v;
    /** Names with a value at the current point of the journey. */
    private final Set<String> known = new LinkedHashSet<>();

    JourneyValidator(Journey journey, Validation v) {
        this.journey = journey;
        this.v = v;
    }

    /**
     * Checks every rule. A required field may be null here: it did not bind, and the loader has
     * reported why; the rules that need it are skipped.
     */
    void validate() {
        v.require(journey.name() == null || !journey.name().isBlank(), "name", "must not be blank");
        Redactor names = Redactor.defaults();
        for (Map.Entry<String, String> e : journey.variables().entrySet()) {
            String path = key("variables", e.getKey());
            if (v.require(Interpolation.NAME.matcher(e.getKey()).matches(), path,
                    "'" + e.getKey() + "' is not a valid variable name (letters, digits, _ and -, not starting with a digit)")
                    && names.isSensitiveParam(e.getKey())) {
                v.error(path, "'" + e.getKey() + "' looks like a secret; declare it under secrets: with {env: NAME} or"
                        + " {file: PATH}, never inline");
            }
        }
        for (Map.Entry<String, Journey.Secret> e : journey.secrets().entrySet()) {
            String path = key("secrets", e.getKey());
            Journey.Secret s = e.getValue();
            v.require(Interpolation.NAME.matcher(e.getKey()).matches(), path, "'" + e.getKey() + "' is not a valid secret name");
            v.require(!journey.variables().containsKey(e.getKey()), path, "'" + e.getKey() + "' is both a variable and a secret");
            if (s == null) {
                v.error(path, "must be {env: NAME} or {file: PATH}");
            } else if (s.inlineValue() != null) {
                v.error(path, "secret '" + e.getKey() + "' is given inline; secrets come only from the environment"
                        + " ({env: NAME}) or a file ({file: PATH})");
            } else if ((s.env() == null) == (s.file() == null)) {
                v.error(path, "give exactly one of env or file");
            } else if (s.env() != null) {
                v.require(s.env().matches("[A-Za-z_][A-Za-z0-9_]*"), path + ".env", "'" + s.env() + "' is not an environment variable name");
            } else {
                v.require(!s.file().isBlank(), path + ".file", "must not be blank");
            }
        }
        known.addAll(journey.secrets().keySet());
        // Variables may refer to the environment, secrets and variables declared before them.
        for (Map.Entry<String, String> e : journey.variables().entrySet()) {
            if (e.getValue() != null) {
                text(key("variables", e.getKey()), e.getValue());
            }
            known.add(e.getKey());
        }
        budget("defaults.budget", journey.defaults().budget());
        positive("defaults.timeout", journey.defaults().timeout());

        if (!v.require(!journey.steps().isEmpty(), "steps", "must list at least one step")) {
            return;
        }
        Set<String> stepNames = new HashSet<>();
        boolean pageSoFar = false;
        for (int i = 0; i < journey.steps().size(); i++) {
            Step step = journey.steps().get(i);
            String path = "steps[" + i + "]";
            if (step == null) {
                v.error(path, "must be a step");
                continue;
            }
            if (step.name() == null) {
                // missing or not text: reported by the loader
            } else if (!step.name().isBlank()) {
                v.require(stepNames.add(step.name()), path + ".name", "another step has this name; step names must be unique");
            } else {
                v.error(path + ".name", "must not be blank");
            }
            step(path, step, pageSoFar);
            pageSoFar |= step.sendsRequest();
        }
    }

    private void step(String path, Step s, boolean pageSoFar) {
        List<String> actions = new ArrayList<>();
        if (s.request() != null) {
            actions.add("request");
        }
        if (s.follow() != null) {
            actions.add("follow");
        }
        if (s.submit() != null) {
            actions.add("submit");
        }
        if (s.think() != null) {
            actions.add("think");
        }
        if (actions.size() > 1) {
            v.error(path, "has " + String.join(" and ", actions) + "; a step does one thing (split it into several steps)");
        }
        if (actions.isEmpty() && s.extract().isEmpty() && s.assertions().isEmpty()) {
            v.error(path, "does nothing: give it one of request, follow, submit, think, extract or assert");
        }
        boolean needsPage = s.follow() != null || s.submit() != null
                || (actions.isEmpty() && (!s.extract().isEmpty() || !s.assertions().isEmpty()))
                || (s.guard() != null && s.guard().selector() != null);
        if (needsPage && !pageSoFar && s.request() == null) {
            v.error(path, "works on the current page, but no earlier step loads one; start with a request step");
        }
        if (s.guard() != null) {
            guard(path + ".if", s.guard());
        }
        if (s.request() != null) {
            request(path + ".request", s.request());
        }
        if (s.follow() != null) {
            Step.Follow f = s.follow();
            if ((f.text() == null) == (f.selector() == null)) {
                v.error(path + ".follow", "give exactly one of text or selector");
            }
            text(path + ".follow.text", f.text());
            selector(path + ".follow.selector", f.selector());
        }
        if (s.submit() != null) {
            selector(path + ".submit.form", s.submit().form());
            s.submit().fields().forEach((k, val) -> {
                text(key(path + ".submit.fields", k), k);
                text(key(path + ".submit.fields", k), val);
            });
        }
        if (s.think() != null) {
            v.require(!s.think().isZero() && s.think().compareTo(MAX_THINK) <= 0, path + ".think",
                    "must be between 1ms and " + MAX_THINK.toMinutes() + "m");
            v.require(s.extract().isEmpty() && s.assertions().isEmpty(), path,
                    "a think step only pauses; put extract and assert on a step that loads a page");
        }
        budget(path + ".budget", s.budget());
        positive(path + ".timeout", s.timeout());
        if (s.timeout() != null || s.budget() != null || s.race() != null) {
            v.require(s.sendsRequest(), path, "budget, timeout and race apply only to request, follow and submit steps");
        }
        if (s.race() != null) {
            Step.Race r = s.race();
            if (r.copies() != null) {
                v.require(r.copies() >= 2 && r.copies() <= MAX_RACE_COPIES, path + ".race.copies",
                        "must be between 2 and " + MAX_RACE_COPIES);
                v.require(r.winners() >= 0 && r.winners() <= r.copies(), path + ".race.winners", "must be between 0 and copies");
            }
        }
        // The step's own extracted values can be asserted on in the same step.
        Set<String> extracted = new LinkedHashSet<>();
        s.extract().forEach((name, e) -> {
            String p = key(path + ".extract", name);
            v.require(Interpolation.NAME.matcher(name).matches(), p, "'" + name + "' is not a valid variable name");
            v.require(!journey.secrets().containsKey(name), p, "'" + name + "' is a secret; extract into another name");
            if (e == null) {
                v.error(p, "must say where the value comes from: css, regex, header or json");
            } else {
                source(p, e.css(), e.attr(), e.regex(), e.header(), e.json(), null);
            }
            extracted.add(name);
        });
        known.addAll(extracted);
        if (s.race() != null && s.race().copies() != null) {
            for (int k = 2; k <= Math.min(s.race().copies(), MAX_RACE_COPIES); k++) {
                for (String name : extracted) {
                    known.add(name + "_" + k); // the other winners' values
                }
            }
        }
        for (int j = 0; j < s.assertions().size(); j++) {
            assertion(path + ".assert[" + j + "]", s.assertions().get(j));
        }
    }

    private void request(String path, Step.Request r) {
        if (r.method() != null) {
            v.require(HTTP_METHOD.matcher(r.method().strip()).matches(), path + ".method", "'" + r.method() + "' is not an HTTP method");
        }
        text(path + ".url", r.url());
        v.require(r.url() == null || !r.url().isBlank(), path + ".url", "must not be blank");
        int bodies = (r.form() != null ? 1 : 0) + (r.body() != null ? 1 : 0) + (r.json() != null ? 1 : 0);
        v.require(bodies <= 1, path, "give at most one of form, body and json");
        String method = r.effectiveMethod();
        v.require(bodies == 0 || !(method.equals("GET") || method.equals("HEAD")), path + ".method",
                method + " requests cannot have a body");
        v.require(r.contentType() == null || r.body() != null, path + ".content-type", "content-type goes with body");
        r.headers().forEach((k, val) -> {
            text(key(path + ".headers", k), k);
            text(key(path + ".headers", k), val);
        });
        if (r.form() != null) {
            r.form().forEach((k, val) -> {
                text(key(path + ".form", k), k);
                text(key(path + ".form", k), val);
            });
        }
        text(path + ".body", r.body());
        json(path + ".json", r.json());
    }

    private void json(String path, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            text(path, node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> json(key(path, e.getKey()), e.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                json(path + "[" + i + "]", node.get(i));
            }
        }
    }

    private void assertion(String path, Step.Assertion a) {
        if (a == null) {
            v.error(path, "must be one check: status, text, no-text, selector, no-selector, count or value");
            return;
        }
        int kinds = (a.status() != null ? 1 : 0) + (a.text() != null ? 1 : 0) + (a.noText() != null ? 1 : 0)
                + (a.selector() != null ? 1 : 0) + (a.noSelector() != null ? 1 : 0) + (a.count() != null ? 1 : 0)
                + (a.value() != null ? 1 : 0);
        if (kinds != 1) {
            v.error(path, kinds == 0
                    ? "must be one check: status, text, no-text, selector, no-selector, count or value"
                    : "holds " + kinds + " checks; write one check per list item");
        }
        if (a.status() != null) {
            v.require(a.status() >= 100 && a.status() <= 599, path + ".status", "must be an HTTP status between 100 and 599");
        }
        text(path + ".text", a.text());
        text(path + ".no-text", a.noText());
        selector(path + ".selector", a.selector());
        selector(path + ".no-selector", a.noSelector());
        if (a.count() != null) {
            Step.Count c = a.count();
            selector(path + ".count.selector", c.selector());
            boolean range = c.min() != null || c.max() != null;
            if (c.equals() == null == !range) {
                v.error(path + ".count", "give equals, or min and/or max");
            }
            v.require(c.min() == null || c.max() == null || c.min() <= c.max(), path + ".count", "min must not exceed max");
        }
        if (a.value() != null) {
            Step.Value val = a.value();
            String p = path + ".value";
            source(p, val.css(), val.attr(), val.regex(), val.header(), val.json(), val.var());
            List<String> comparisons = new ArrayList<>();
            for (String[] c : new String[][] {{"equals", val.equals()}, {"not-equals", val.notEquals()},
                    {"contains", val.contains()}, {"matches", val.matches()}, {"at-least", val.atLeast()},
                    {"at-most", val.atMost()}}) {
                if (c[1] != null) {
                    comparisons.add(c[0]);
                    text(p + "." + c[0], c[1]);
                }
            }
            v.require(!comparisons.isEmpty(), p, "compare it with something: equals, not-equals, contains, matches,"
                    + " at-least or at-most");
            regex(p + ".matches", val.matches());
            number(p + ".at-least", val.atLeast());
            number(p + ".at-most", val.atMost());
        }
    }

    private void source(String path, String css, String attr, String regex, String header, String json, String var) {
        int sources = (css != null ? 1 : 0) + (header != null ? 1 : 0) + (json != null ? 1 : 0) + (var != null ? 1 : 0);
        if (sources > 1) {
            v.error(path, "give one source: css, header, json" + (path.endsWith(".value") ? ", var" : "")
                    + " or regex alone");
        } else if (sources == 0 && regex == null) {
            v.error(path, "must say where the value comes from: css, regex, header or json"
                    + (path.endsWith(".value") ? " (or var)" : ""));
        }
        v.require(attr == null || css != null, path + ".attr", "attr goes with css");
        selector(path + ".css", css);
        text(path + ".attr", attr);
        text(path + ".header", header);
        regex(path + ".regex", regex);
        if (json != null) {
            text(path + ".json", json);
            if (!Interpolation.hasReferences(json)) {
                try {
                    JsonValues.pointer(json);
                } catch (IllegalArgumentException e) {
                    v.error(path + ".json", e.getMessage());
                }
            }
        }
        if (var != null) {
            v.require(known.contains(var), path + ".var", undefined(var));
        }
    }

    private void guard(String path, Step.Guard g) {
        if ((g.defined() == null) == (g.selector() == null)) {
            v.error(path, "give exactly one of defined (a variable) or selector (on the current page)");
        }
        if (g.defined() != null && !known.contains(g.defined())
                && journey.steps().stream().noneMatch(s -> s != null && s.extract().containsKey(g.defined()))) {
            v.error(path + ".defined", undefined(g.defined()));
        }
        selector(path + ".selector", g.selector());
    }

    private void budget(String path, Step.Budget b) {
        if (b == null) {
            return;
        }
        v.require(b.degraded() != null || b.failed() != null, path, "give degraded and/or failed");
        positive(path + ".degraded", b.degraded());
        positive(path + ".failed", b.failed());
        if (b.degraded() != null && b.failed() != null) {
            v.require(b.degraded().compareTo(b.failed()) < 0, path, "degraded must be less than failed");
        }
    }

    private void positive(String path, Duration d) {
        v.require(d == null || !d.isZero(), path, "must be more than 0");
    }

    private void selector(String path, String css) {
        if (css == null) {
            return;
        }
        text(path, css);
        if (css.isBlank()) {
            v.error(path, "must not be blank");
        } else if (!Interpolation.hasReferences(css)) {
            try {
                QueryParser.parse(css);
            } catch (Selector.SelectorParseException | IllegalArgumentException e) {
                v.error(path, "invalid CSS selector '" + css + "': " + e.getMessage());
            }
        }
    }

    private void regex(String path, String regex) {
        if (regex == null) {
            return;
        }
        text(path, regex);
        if (!Interpolation.hasReferences(regex)) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                v.error(path, "invalid regex: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
    }

    private void number(String path, String n) {
        if (n != null && !Interpolation.hasReferences(n)) {
            try {
                new java.math.BigDecimal(n.strip());
            } catch (NumberFormatException e) {
                v.error(path, "'" + n + "' is not a number");
            }
        }
    }

    /** Every reference in {@code s} must be well formed and have a value by this point. */
    private void text(String path, String s) {
        for (String ref : Interpolation.references(s)) {
            String bad = Interpolation.checkReference(ref);
            if (bad != null) {
                v.error(path, bad);
            } else if (!ref.startsWith(Interpolation.ENV_PREFIX) && !known.contains(ref)) {
                v.error(path, undefined(ref));
            }
        }
    }

    private String undefined(String name) {
        return "${" + name + "} is not defined at this point (declare it under variables or secrets, or extract it"
                + " in an earlier step; known here: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")";
    }

    private static String key(String parent, String k) {
        String part = PLAIN_KEY.matcher(k).matches() ? k : "[\"" + k.replace("\"", "\\\"") + "\"]";
        return part.startsWith("[") ? parent + part : parent + "." + part;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
