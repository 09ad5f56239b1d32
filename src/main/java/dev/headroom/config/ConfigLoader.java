package dev.headroom.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads a YAML config file into a record (or POJO), strictly, reporting every problem with {@code
 * file:line:column: path: message}.
 *
 * <p>Conventions for config types:
 *
 * <ul>
 *   <li>Use records. A component is <b>required</b> when annotated {@code @JsonProperty(required =
 *       true)}; every other component is optional and arrives as {@code null} (or 0/false for
 *       primitives) when absent or written empty, so apply defaults in the compact constructor.
 *   <li>Unknown fields are errors, with a "did you mean" suggestion.
 *   <li>{@link Duration} fields take human durations ({@link Durations}); enums are matched
 *       case-insensitively; a fractional number for an integer field is an error.
 *   <li>Rules beyond types go in {@link Validatable#validate}; all its problems are reported
 *       together, with the binding problems. After a binding problem it sees the bad value left
 *       out (null, or the default), so a rule must not assume a required field is there.
 *   <li>Paths look like {@code steps[2].budget}; map keys that are not plain words are quoted:
 *       {@code headers["X.Forwarded"]}.
 * </ul>
 *
 * The {@link Binder} records every unknown field and badly typed value and binds on without it, so
 * one run reports every such mistake in the file. The rules of {@link Validatable#validate} then
 * run on what bound, so their problems come in the same run (those about the values left out are
 * not repeated). Jackson parses the YAML (streaming, into a tree); its data binding is not used.
 */
public final class ConfigLoader {

    /** Config files larger than this are refused rather than parsed. */
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    private static final YAMLFactory YAML = new YAMLFactory();

    private ConfigLoader() {
    }

    /** Loads {@code file}; the file name as given appears in every problem. */
    public static <T> T load(Path file, Class<T> type) {
        return load(file.toString(), read(file), type);
    }

    /**
     * Picks the type of each document of a multi-document file from its root, for {@link
     * #loadAll}; reports to {@code v} (paths relative to the document) and returns null for a
     * document it does not know.
     */
    @FunctionalInterface
    public interface DocumentTypes {
        Class<?> typeOf(JsonNode root, Validation v);
    }

    /**
     * Loads every document of a YAML file ({@code ---} between them) as {@link #load} loads one, each
     * into the type {@code types} picks; problems name the line in the whole file, and all of them,
     * in every document, are reported together. Empty documents are skipped.
     */
    public static List<Object> loadAll(Path file, DocumentTypes types) {
        return loadAll(file.toString(), read(file), types);
    }

    /** {@link #loadAll(Path, DocumentTypes)} on YAML text; {@code sourceName} stands in for the file name. */
    public static List<Object> loadAll(String sourceName, String yaml, DocumentTypes types) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<LocatedTree> trees = new ArrayList<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NULL) {
                    continue; // an empty document, e.g. after a trailing ---
                }
                trees.add(LocatedTree.read(p, sourceName, problems));
            }
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(sourceName, e));
        } catch (IOException e) {
            problems.add(new ConfigProblem(sourceName, 0, 0, "", "cannot read YAML: " + e.getMessage()));
        }
        if (problems.isEmpty() && trees.isEmpty()) {
            problems.add(new ConfigProblem(sourceName, 0, 0, "", "file is empty"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(sorted(problems));
        }
        List<Object> values = new ArrayList<>();
        for (LocatedTree tree : trees) {
            List<ConfigProblem> own = new ArrayList<>();
            Class<?> type = types.typeOf(tree.root(), new Validation(sourceName, tree, own, ""));
            if (type != null && own.isEmpty()) {
                Object value = bind(sourceName, tree, type, own);
                if (value instanceof Validatable v) {
                    if (own.isEmpty()) {
                        v.validate(new Validation(sourceName, tree, own, ""));
                    } else {
                        own.addAll(semanticBesides(sourceName, tree, v, own));
                    }
                }
                values.add(value);
            }
            problems.addAll(own);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(sorted(problems));
        }
        return values;
    }

    private static String read(Path file) {
        String source = file.toString();
        String yaml;
        try {
            if (Files.isDirectory(file)) {
                throw fail(source, "is a directory, not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw fail(source, "file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fail(source, "file not found");
        } catch (CharacterCodingException e) {
            throw fail(source, "file is not valid UTF-8");
        } catch (IOException e) {
            throw fail(source, "cannot read file: " + e.getMessage());
        }
        return yaml;
    }

    /** Loads YAML text; {@code sourceName} stands in for the file name in problems. */
    public static <T> T load(String sourceName, String yaml, Class<T> type) {
        List<ConfigProblem> problems = new ArrayList<>();
        LocatedTree tree = parse(sourceName, yaml, problems);
        if (tree == null || !problems.isEmpty()) {
            throw new ConfigException(sorted(problems));
        }
        T value = bind(sourceName, tree, type, problems);
        if (value instanceof Validatable v) {
            if (problems.isEmpty()) {
                v.validate(new Validation(sourceName, tree, problems, ""));
            } else {
                problems.addAll(semanticBesides(sourceName, tree, v, problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(sorted(problems));
        }
        return value;
    }

    /**
     * The rules beyond types, checked on a value bound with its badly typed or unknown values left
     * out, so that one run reports both kinds of mistake. A rule about a value that was left out (or
     * about what contains it, or what it contains) would only echo the binding problem, or be wrong
     * about a value the user did write, so those are dropped.
     */
    private static List<ConfigProblem> semanticBesides(String source, LocatedTree tree, Validatable value,
            List<ConfigProblem> bindingProblems) {
        List<ConfigProblem> semantic = new ArrayList<>();
        try {
            value.validate(new Validation(source, tree, semantic, ""));
        } catch (RuntimeException holes) {
            // A rule tripped over a field binding left empty; the binding problems say why, and
            // the rules checked before it still count.
        }
        List<String> bad = bindingProblems.stream().map(ConfigProblem::path).toList();
        return semantic.stream().filter(p -> bad.stream().noneMatch(b -> related(p.path(), b))).toList();
    }

    /**
     * Whether two paths are the same value or one holds the other. A binding problem of the whole
     * document relates to everything; a rule about the whole document only to such a problem.
     */
    static boolean related(String a, String b) {
        return a.equals(b) || b.isEmpty() || within(a, b) || !a.isEmpty() && within(b, a);
    }

    private static boolean within(String inner, String outer) {
        return !outer.isEmpty() && inner.length() > outer.length() && inner.startsWith(outer)
                && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
    }

    private static LocatedTree parse(String source, String yaml, List<ConfigProblem> problems) {
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                problems.add(new ConfigProblem(source, 0, 0, "", "file is empty"));
                return null;
            }
            LocatedTree tree = LocatedTree.read(p, source, problems);
            if (p.nextToken() != null) {
                LocatedTree.Location loc = LocatedTree.location(p.currentTokenLocation());
                problems.add(new ConfigProblem(source, loc.line(), loc.column(), "",
                        "only one YAML document is allowed per file"));
            }
            return tree;
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(source, e));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(source, 0, 0, "", "cannot read YAML: " + e.getMessage()));
            return null;
        }
    }

    private static ConfigProblem syntaxProblem(String source, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String what = m.getProblem() == null ? "invalid YAML" : m.getProblem();
                String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
                return new ConfigProblem(source, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1,
                        "", "invalid YAML: " + what + context);
            }
        }
        LocatedTree.Location loc = LocatedTree.location(e.getLocation());
        return new ConfigProblem(source, loc.line(), loc.column(), "", "invalid YAML: " + e.getOriginalMessage());
    }

    private static <T> T bind(String source, LocatedTree tree, Class<T> type, List<ConfigProblem> problems) {
        return new Binder(source, tree, problems).bind(type);
    }

    static String unknownField(String name, Collection<?> known) {
        List<String> names = known == null ? List.of()
                : known.stream().map(String::valueOf).sorted().collect(Collectors.toList());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : names) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, name.length() / 3)) {
            return "unknown field '" + name + "'; did you mean '" + best + "'?";
        }
        return "unknown field '" + name + "'" + (names.isEmpty() ? "" : " (known fields: " + String.join(", ", names) + ")");
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("nmae" is 1 from "name"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static String describeType(Class<?> t) {
        if (t == null) {
            return "a different value";
        }
        if (t == String.class || CharSequence.class.isAssignableFrom(t) || t == char.class || t == Character.class) {
            return "text";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class
                || t == Short.class || t == byte.class || t == Byte.class || t == BigInteger.class) {
            return "a whole number";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class || t == BigDecimal.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == Duration.class) {
            return "a duration like 500ms, 2s or 1m";
        }
        if (t.isEnum()) {
            return "one of " + java.util.Arrays.stream(t.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (t == java.net.URI.class || t == java.net.URL.class) {
            return "a URL";
        }
        return "a mapping"; // records, POJOs and maps
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        List<ConfigProblem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return copy;
    }

    private static ConfigException fail(String source, String message) {
        return new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", message)));
    }

}
