package dev.headroom.slo;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The little YAML the generator writes, by hand so that the output is stable byte for byte. */
final class Yaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");
    /** Plain scalars YAML would read as numbers (or dates, sexagesimals): quoted. */
    private static final Pattern NUMBERISH = Pattern.compile("[0-9._+-]*|[0-9.]+[eE][0-9]+|0[xob][0-9A-Fa-f]+");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~");

    private final StringBuilder out = new StringBuilder();

    Yaml line(String text) {
        out.append(text).append('\n');
        return this;
    }

    /** {@code key: value} at {@code indent}, the value quoted when YAML needs it. */
    Yaml scalar(String indent, String key, String value) {
        return line(indent + key + ": " + quote(value));
    }

    /** {@code key: |} and the text's lines indented below, or a quoted scalar for one line. */
    Yaml block(String indent, String key, String text) {
        String body = text.strip();
        if (!body.contains("\n")) {
            return scalar(indent, key, body);
        }
        line(indent + key + ": |");
        for (String l : body.split("\n", -1)) {
            line(l.isBlank() ? "" : indent + "  " + l.stripTrailing());
        }
        return this;
    }

    /** A mapping under {@code key}, entries sorted as given; nothing when empty. */
    Yaml map(String indent, String key, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return this;
        }
        line(indent + key + ":");
        entries.forEach((k, v) -> scalar(indent + "  ", quoteKey(k), v));
        return this;
    }

    static String quote(String s) {
        if (PLAIN.matcher(s).matches() && !NUMBERISH.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String quoteKey(String k) {
        return PLAIN.matcher(k).matches() ? k : quote(k);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
