package dev.headroom.journey;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.headroom.report.Json;
import java.io.IOException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON paths ({@code $.order.items[0].sku}) as Jackson JSON Pointers, and JSON bodies with interpolated strings. */
final class JsonValues {
    static final ObjectMapper MAPPER = Json.DATA;
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)]|\\[['\"]([^'\"]+)['\"]]");

    private JsonValues() {
    }

    /**
     * {@code $} (the whole document), {@code $.a.b[0]}, {@code $['a b']}, or a JSON Pointer {@code /a/b/0}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static JsonPointer pointer(String path) {
        String p = path.strip();
        if (p.startsWith("/") || p.isEmpty()) {
            try {
                return JsonPointer.compile(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid JSON pointer '" + path + "': " + e.getMessage());
            }
        }
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("invalid JSON path '" + path + "': start with $ (like $.order.id) or / (a JSON pointer)");
        }
        StringBuilder pointer = new StringBuilder();
        Matcher m = SEGMENT.matcher(p);
        int pos = 1;
        while (pos < p.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("invalid JSON path '" + path + "' at character " + (pos + 1)
                        + ": use $.name, $[0] or $['name']");
            }
            String seg = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            pointer.append('/').append(seg.replace("~", "~0").replace("/", "~1"));
            pos = m.end();
        }
        return JsonPointer.compile(pointer.toString());
    }

    /** The body as JSON, or null if it is not JSON. */
    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** A text node's text, or the JSON of anything else; null for a missing node. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** A deep copy with {@code fn} applied to every string (keys and values). */
    static JsonNode mapStrings(JsonNode node, UnaryOperator<String> fn) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(fn.apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(fn.apply(e.getKey()), mapStrings(e.getValue(), fn)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(mapStrings(n, fn)));
            return out;
        }
        return node.deepCopy();
    }
}
