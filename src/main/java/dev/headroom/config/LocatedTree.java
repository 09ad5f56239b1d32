package dev.headroom.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A YAML document as a Jackson tree, plus where every value and key came from, so that problems
 * found after binding (by Jackson or by {@link Validatable}) can still name a line and column.
 *
 * <p>Null values in mappings ({@code key:} or {@code key: ~}) are left out of the tree so that an
 * optional field written empty gets its default and a required one is reported as empty; their
 * locations are kept in {@link #nullPaths()}.
 */
final class LocatedTree {
    record Location(int line, int column) {
        static final Location UNKNOWN = new Location(0, 0);
    }

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Location> values = new HashMap<>();
    private final Map<String, Location> keys = new HashMap<>();
    private final Set<String> nullPaths = new HashSet<>();
    private JsonNode root;

    /** Reads one document; the parser must be positioned on its first token. Duplicate keys are reported. */
    static LocatedTree read(JsonParser p, String source, List<ConfigProblem> problems) throws IOException {
        LocatedTree tree = new LocatedTree();
        tree.root = tree.readValue(p, "", source, problems);
        return tree;
    }

    JsonNode root() {
        return root;
    }

    Set<String> nullPaths() {
        return nullPaths;
    }

    /** The value's location, or its nearest recorded ancestor's (1:1 for the document). */
    Location locate(String path) {
        for (String p = path; p != null; p = parent(p)) {
            Location loc = values.get(p);
            if (loc != null) {
                return loc;
            }
        }
        return new Location(1, 1);
    }

    /** The key's location for a mapping entry, else as {@link #locate}. */
    Location locateKey(String path) {
        Location loc = keys.get(path);
        return loc != null ? loc : locate(path);
    }

    static String child(String parent, String key) {
        String part = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        return parent.isEmpty() || part.startsWith("[") ? parent + part : parent + "." + part;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** The enclosing path, or null for the document itself. */
    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        int cut;
        if (path.endsWith("\"]")) {
            cut = path.lastIndexOf("[\"");
        } else if (path.endsWith("]")) {
            cut = path.lastIndexOf('[');
        } else {
            cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf(']') + 1);
            if (cut > 0 && path.charAt(cut) != '.') {
                return path.substring(0, cut); // "a[1]b" cannot happen; defensive
            }
        }
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    private JsonNode readValue(JsonParser p, String path, String source, List<ConfigProblem> problems)
            throws IOException {
        JsonToken t = p.currentToken();
        values.put(path, location(p.currentTokenLocation()));
        switch (t) {
            case START_OBJECT: {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) { // bounded by the document
                    String name = p.currentName();
                    String childPath = child(path, name);
                    Location keyLoc = location(p.currentTokenLocation());
                    boolean duplicate = keys.containsKey(childPath);
                    keys.put(childPath, keyLoc);
                    p.nextToken();
                    JsonNode value = readValue(p, childPath, source, problems);
                    if (duplicate) {
                        problems.add(new ConfigProblem(source, keyLoc.line(), keyLoc.column(), childPath,
                                "duplicate key '" + name + "'"));
                    }
                    if (value.isNull()) {
                        nullPaths.add(childPath);
                        obj.remove(name);
                    } else {
                        nullPaths.remove(childPath);
                        obj.set(name, value);
                    }
                }
                return obj;
            }
            case START_ARRAY: {
                ArrayNode arr = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(readValue(p, index(path, i++), source, problems));
                }
                return arr;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                return NODES.pojoNode(p.getEmbeddedObject());
            default:
                throw new IllegalStateException("unexpected YAML token " + t);
        }
    }

    static Location location(JsonLocation loc) {
        return loc == null || loc.getLineNr() <= 0 ? Location.UNKNOWN : new Location(loc.getLineNr(), loc.getColumnNr());
    }
}
