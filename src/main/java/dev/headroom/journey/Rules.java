package dev.headroom.journey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.Validation;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * What a step kind or an assertion needs to validate itself at load: where to report (the
 * loader's {@link Validation}, which gives each path its file:line), the names with a value at this
 * point of the journey, and the checks every journey string goes through (references, selectors,
 * regexes, numbers). One per validation; not thread-safe.
 */
final class Rules {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

    private final Journey journey;
    private final Validation v;
    /** Names with a value at the current point of the journey. */
    private final Set<String> known = new LinkedHashSet<>();

    Rules(Journey journey, Validation v) {
        this.journey = journey;
        this.v = v;
    }

    Journey journey() {
        return journey;
    }

    void error(String path, String message) {
        v.error(path, message);
    }

    boolean require(boolean condition, String path, String message) {
        return v.require(condition, path, message);
    }

    /** True if {@code name} has a value at this point (a secret, a variable, or extracted earlier). */
    boolean known(String name) {
        return known.contains(name);
    }

    /** From here on {@code names} have a value. */
    void define(Collection<String> names) {
        known.addAll(names);
    }

    void positive(String path, Duration d) {
        v.require(d == null || !d.isZero(), path, "must be more than 0");
    }

    /** A CSS selector, or a string with references that will be one (checked as {@link #text}). */
    void selector(String path, String css) {
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

    /** A regex, or a string with references that will be one (checked as {@link #text}). */
    void regex(String path, String regex) {
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

    /** A number, or a string with references that will be one (checked as {@link #text}). */
    void number(String path, String n) {
        if (n == null) {
            return;
        }
        text(path, n);
        if (!Interpolation.hasReferences(n)) {
            try {
                new java.math.BigDecimal(n.strip());
            } catch (NumberFormatException e) {
                v.error(path, "'" + n + "' is not a number");
            }
        }
    }

    /** Every reference in {@code s} must be well formed and have a value by this point. */
    void text(String path, String s) {
        for (String ref : Interpolation.references(s)) {
            String bad = Interpolation.checkReference(ref);
            if (bad != null) {
                v.error(path, bad);
            } else if (!ref.startsWith(Interpolation.ENV_PREFIX) && !known.contains(ref)) {
                v.error(path, undefined(ref));
            }
        }
    }

    /** Every string inside a JSON value, as {@link #text}. */
    void json(String path, JsonNode node) {
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

    String undefined(String name) {
        return "${" + name + "} is not defined at this point (declare it under variables or secrets, or extract it"
                + " in an earlier step; known here: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")";
    }

    /** The path of map key {@code k} under {@code parent}: {@code parent.k}, or {@code parent["k"]} when it needs quoting. */
    static String key(String parent, String k) {
        String part = PLAIN_KEY.matcher(k).matches() ? k : "[\"" + k.replace("\"", "\\\"") + "\"]";
        return part.startsWith("[") ? parent + part : parent + "." + part;
    }
}
