package dev.headroom.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Sorts request paths (without the query string) into route classes: an ordered list of (class,
 * regex) rules, first match wins ({@link Matcher#find()}, so anchor with {@code ^}/{@code $}); a
 * path no rule matches is {@value #OTHER}. The class named {@value #STATIC} is special: static
 * assets are counted apart, and left out of the page mix and of sessions.
 *
 * <p>Classification is memoised by a 64-bit hash of the path in a small direct-mapped cache, so
 * the regexes run once per distinct path rather than once per line.
 */
public final class RouteClassifier {
    public static final String STATIC = "static";
    public static final String OTHER = "other";
    /** Class ids fit in 5 bits in a journey shape; "other" takes one of them. */
    public static final int MAX_CLASSES = 31;

    /** The defaults, for the reference storefront and most shops. */
    public static final List<Rule> DEFAULT_RULES = List.of(
            new Rule(STATIC, "^/(static|images|img|assets|css|js|fonts|media)/|\\.(css|js|mjs|map|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|eot)$"
                    + "|^/favicon|^/robots\\.txt$|^/sitemap[^/]*\\.xml$"),
            new Rule("home", "^/$|^/index\\.(html?|php)$"),
            new Rule("category", "^/(category|categories|c|collections)/"),
            new Rule("product", "^/(product|products|p|item)/"),
            new Rule("search", "^/search"),
            new Rule("cart", "^/(cart|basket)(/|$)"),
            new Rule("checkout", "^/checkout(/|$)"),
            new Rule("account", "^/(signin|signout|login|logout|register|account|orders)(/|$)"));

    private static final int CACHE_SIZE = 1 << 14;

    private final List<String> classes = new ArrayList<>();
    private final Matcher[] matchers;
    private final int[] ruleClass;
    private final int otherId;
    private final int staticId;
    private final long[] cacheKeys = new long[CACHE_SIZE];
    private final byte[] cacheValues = new byte[CACHE_SIZE];
    private final ByteChars view = new ByteChars();

    private RouteClassifier(List<Rule> rules) {
        matchers = new Matcher[rules.size()];
        ruleClass = new int[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            matchers[i] = Pattern.compile(r.pattern()).matcher("");
            ruleClass[i] = idOf(r.className());
        }
        otherId = idOf(OTHER);
        staticId = classes.indexOf(STATIC);
        if (classes.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("at most " + (MAX_CLASSES - 1) + " classes besides 'other'");
        }
        java.util.Arrays.fill(cacheValues, (byte) -1);
    }

    private int idOf(String name) {
        int i = classes.indexOf(name);
        if (i < 0) {
            classes.add(name);
            i = classes.size() - 1;
        }
        return i;
    }

    public static RouteClassifier defaults() {
        return new RouteClassifier(DEFAULT_RULES);
    }

    public static RouteClassifier of(List<Rule> rules) {
        return new RouteClassifier(rules);
    }

    /** Loads a classifier file (see {@link Config}) through {@link ConfigLoader}. */
    public static RouteClassifier load(Path file) {
        Config config = ConfigLoader.load(file, Config.class);
        List<Rule> rules = new ArrayList<>(config.classes());
        if (config.keepDefaults()) {
            rules.addAll(DEFAULT_RULES);
        }
        return new RouteClassifier(rules);
    }

    /** Class names by id, in first-rule order; "other" is among them. */
    public List<String> classNames() {
        return List.copyOf(classes);
    }

    public int classCount() {
        return classes.size();
    }

    public int otherId() {
        return otherId;
    }

    /** The id of the static class, or -1 if no rule defines it. */
    public int staticId() {
        return staticId;
    }

    public String name(int id) {
        return classes.get(id);
    }

    /** Classifies a path given as a string (tests, generator). */
    public int classify(String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return classify(bytes, 0, bytes.length, Hashing.hash(bytes, 0, bytes.length));
    }

    /** Classifies {@code buf[from, to)} (the path, no query string) whose {@link Hashing#hash} is {@code hash}. */
    public int classify(byte[] buf, int from, int to, long hash) {
        int slot = (int) (hash ^ (hash >>> 32)) & (CACHE_SIZE - 1);
        if (cacheKeys[slot] == hash && cacheValues[slot] >= 0) {
            return cacheValues[slot];
        }
        view.reset(buf, from, to);
        int id = otherId;
        for (int i = 0; i < matchers.length; i++) {
            if (matchers[i].reset(view).find()) {
                id = ruleClass[i];
                break;
            }
        }
        cacheKeys[slot] = hash;
        cacheValues[slot] = (byte) id;
        return id;
    }

    /** One rule: paths matching {@code pattern} (a Java regex, searched with find) are {@code className}. */
    public record Rule(@JsonProperty(value = "class", required = true) String className,
            @JsonProperty(required = true) String pattern) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (v.require(!className.isBlank(), "class", "must not be blank")) {
                v.require(className.matches("[a-z][a-z0-9_-]*"), "class", "use lower-case letters, digits, - and _ (got '" + className + "')");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                v.error("pattern", "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
    }

    /**
     * A classifier file:
     *
     * <pre>
     * classes:                 # ordered; the first matching rule wins
     *   - class: static
     *     pattern: '^/assets/'
     *   - class: product
     *     pattern: '^/p/[0-9]+'
     * keepDefaults: true       # then try the built-in rules (default: false)
     * </pre>
     */
    public record Config(@JsonProperty(required = true) List<Rule> classes, boolean keepDefaults) implements Validatable {
        @Override
        public void validate(Validation v) {
            if (!v.require(!classes.isEmpty(), "classes", "must list at least one rule")) {
                return;
            }
            v.each("classes", classes);
            Set<String> names = new LinkedHashSet<>();
            classes.forEach(r -> names.add(r.className()));
            names.add(OTHER);
            if (keepDefaults) {
                DEFAULT_RULES.forEach(r -> names.add(r.className()));
            }
            v.require(names.size() <= MAX_CLASSES, "classes", "at most " + (MAX_CLASSES - 1) + " distinct classes besides 'other'");
        }
    }

    /** A reusable CharSequence over ISO-8859-1 bytes, so the regexes need no String per line. */
    static final class ByteChars implements CharSequence {
        private byte[] buf;
        private int from;
        private int length;

        void reset(byte[] buf, int from, int to) {
            this.buf = buf;
            this.from = from;
            this.length = to - from;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) (buf[from + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(buf, from + start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(buf, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
