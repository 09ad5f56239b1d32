package dev.headroom.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} interpolation, the same in every string of a journey. {@code ${env.NAME}} reads
 * the environment; {@code $${} writes a literal {@code ${}. A reference to a name with no value is
 * an error, never an empty string.
 */
public final class Interpolation {
    /** Variable names: a letter or underscore, then letters, digits, underscores and dashes. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /** The prefix of environment references. */
    public static final String ENV_PREFIX = "env.";

    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");

    private Interpolation() {
    }

    /** True if {@code text} holds a reference (or an escaped one). */
    public static boolean hasReferences(String text) {
        return text != null && text.contains("${");
    }

    /** The names referenced in {@code text}, in order (env references keep their {@code env.} prefix). */
    public static List<String> references(String text) {
        List<String> names = new ArrayList<>();
        if (text == null) {
            return names;
        }
        Matcher m = REF.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1).strip());
            }
        }
        return names;
    }

    /** A problem with one reference, or null if it is well formed. */
    public static String checkReference(String ref) {
        if (ref.startsWith(ENV_PREFIX)) {
            String env = ref.substring(ENV_PREFIX.length());
            return env.matches("[A-Za-z_][A-Za-z0-9_]*") ? null : "'${" + ref + "}' is not a valid environment variable name";
        }
        return NAME.matcher(ref).matches() ? null
                : "'${" + ref + "}' is not a valid variable name (letters, digits, _ and -, not starting with a digit)";
    }

    /**
     * Replaces every reference with {@code lookup.apply(name)}; a null lookup result throws {@link
     * UndefinedVariableException}.
     */
    public static String apply(String text, Function<String, String> lookup) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            if (m.group(1) == null) {
                out.append("${");
            } else {
                String name = m.group(1).strip();
                String value = lookup.apply(name);
                if (value == null) {
                    throw new UndefinedVariableException(name);
                }
                out.append(value);
            }
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** A {@code ${name}} had no value when the step ran. */
    public static final class UndefinedVariableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String name;

        UndefinedVariableException(String name) {
            super(name.startsWith(ENV_PREFIX)
                    ? "environment variable " + name.substring(ENV_PREFIX.length()) + " is not set (referenced as ${" + name + "})"
                    : "variable '" + name + "' has no value (referenced as ${" + name + "})");
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
