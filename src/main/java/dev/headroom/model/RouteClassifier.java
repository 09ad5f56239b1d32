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
 * <p>The rules see the path as the application routes it: path parameters are removed first
 * ({@code /shop/cart;jsessionid=A1B2} is {@code /shop/cart}; any {@code ;name=value} matrix
 * parameter of any segment goes too), and so is the context path given with {@link
 * #underContextPath} ({@code /shop/catalog/items/EST-1} is {@code /catalog/items/EST-1} under
 * {@code /shop}; a path outside it is matched as it is). So the built-in rules, anchored at
 * {@code ^/}, also fit a shop deployed under {@code /shop/}.
 *
 * <p>A shape guess that fails is said, not hidden: {@link #unclassifiedWarning} words the warning
 * {@code headroom model} prints when most page traffic matched no rule, naming the share, the
 * first path segment most of it shares, and how to fix the rules.
 *
 * <p>Classification is memoised by a 64-bit hash of the path in a small direct-mapped cache, so
 * the regexes run once per distinct path rather than once per line. Not thread-safe.
 */
public final class RouteClassifier {
    public static final String STATIC = "static";
    public static final String OTHER = "other";
    /** Class ids fit in 5 bits in a journey shape; "other" takes one of them. */
    public static final int MAX_CLASSES = 31;

    /**
     * The defaults, for the reference storefront and most shops: a category or product path may
     * sit under {@code /catalog/} ({@code /catalog/products/FI-SW-01}, as classic Java shops have it).
     */
    public static final List<Rule> DEFAULT_RULES = List.of(
            new Rule(STATIC, "^/(static|images|img|assets|css|js|fonts|media)/|\\.(css|js|mjs|map|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|eot)$"
                    + "|^/favicon|^/robots\\.txt$|^/sitemap[^/]*\\.xml$"),
            new Rule("home", "^/$|^/index\\.(html?|php)$"),
            new Rule("category", "^/(catalog/)?(category|categories|c|collections)/"),
            new Rule("product", "^/(catalog/)?(product|products|p|item|items)/"),
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
    private final List<Rule> rules;
    private final boolean builtIn;
    private final byte[] contextPath; // "" or "/shop", ISO-8859-1
    private byte[] scratch = new byte[256];
    // First path segments of distinct paths that matched no rule ("/shop" -> 12), for the warning.
    private final java.util.Map<String, Integer> otherSegments = new java.util.HashMap<>();
    private int otherPaths;

    private RouteClassifier(List<Rule> rules, boolean builtIn, String contextPath) {
        this.rules = List.copyOf(rules);
        this.builtIn = builtIn;
        this.contextPath = contextPath.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
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
        return new RouteClassifier(DEFAULT_RULES, true, "");
    }

    public static RouteClassifier of(List<Rule> rules) {
        return new RouteClassifier(rules, false, "");
    }

    /**
     * The same rules for a shop deployed under {@code contextPath} ({@code /shop}, or {@code /}
     * for none): the rules see {@code /shop/cart} as {@code /cart}.
     *
     * @throws IllegalArgumentException if {@code contextPath} does not start with {@code /}
     */
    public RouteClassifier underContextPath(String contextPath) {
        if (!contextPath.startsWith("/") || contextPath.contains("?") || contextPath.contains(";")) {
            throw new IllegalArgumentException("a context path starts with / and is only a path, like /shop (got '" + contextPath + "')");
        }
        return new RouteClassifier(rules, builtIn, contextPath.replaceAll("/+$", ""));
    }

    /** The context path the rules are applied under, {@code /shop}; empty for none. */
    public String contextPath() {
        return new String(contextPath, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Loads a classifier file (see {@link Config}) through {@link ConfigLoader}. */
    public static RouteClassifier load(Path file) {
        Config config = ConfigLoader.load(file, Config.class);
        List<Rule> rules = new ArrayList<>(config.classes());
        if (config.keepDefaults()) {
            rules.addAll(DEFAULT_RULES);
        }
        return new RouteClassifier(rules, false, "");
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

    /** Classifies a path given as a string (tests, generator), path parameters and context path as {@link #classify(byte[], int, int, long)}. */
    public int classify(String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return classify(bytes, 0, bytes.length, Hashing.hash(bytes, 0, bytes.length));
    }

    /** Classifies {@code buf[from, to)} (the path, no query string) whose {@link Hashing#hash} is {@code hash}. */
    public int classify(byte[] buf, int from, int to, long hash) {
        if (indexOf(buf, from, to, (byte) ';') >= 0) {
            int n = stripPathParameters(buf, from, to);
            buf = scratch;
            from = 0;
            to = n;
            hash = Hashing.hash(buf, 0, n);
        }
        int slot = (int) (hash ^ (hash >>> 32)) & (CACHE_SIZE - 1);
        if (cacheKeys[slot] == hash && cacheValues[slot] >= 0) {
            return cacheValues[slot];
        }
        int start = from;
        int cp = contextPath.length;
        if (cp > 0 && to - from >= cp && java.util.Arrays.equals(buf, from, from + cp, contextPath, 0, cp)
                && (to - from == cp || buf[from + cp] == '/')) {
            start = from + cp;
        }
        if (start == to) { // the context root itself: "/"
            view.reset(new byte[] {'/'}, 0, 1);
        } else {
            view.reset(buf, start, to);
        }
        int id = otherId;
        for (int i = 0; i < matchers.length; i++) {
            if (matchers[i].reset(view).find()) {
                id = ruleClass[i];
                break;
            }
        }
        if (id == otherId) {
            countOther(buf, from, to);
        }
        cacheKeys[slot] = hash;
        cacheValues[slot] = (byte) id;
        return id;
    }

    /** Copies {@code buf[from, to)} into {@link #scratch} without any {@code ;params} of its segments; returns the length. */
    private int stripPathParameters(byte[] buf, int from, int to) {
        if (scratch.length < to - from) {
            scratch = new byte[Math.max(to - from, scratch.length * 2)];
        }
        int n = 0;
        boolean inParams = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b == '/') {
                inParams = false;
            } else if (b == ';') {
                inParams = true;
            }
            if (!inParams) {
                scratch[n++] = b;
            }
        }
        return n;
    }

    private void countOther(byte[] buf, int from, int to) {
        otherPaths++;
        if (otherSegments.size() < 1000 && to - from > 1 && buf[from] == '/') {
            int end = indexOf(buf, from + 1, to, (byte) '/');
            if (end > 0) { // "/shop/..." counts for /shop; a lone "/shop" is a page, not a prefix
                otherSegments.merge(new String(buf, from, end - from, java.nio.charset.StandardCharsets.ISO_8859_1), 1, Integer::sum);
            }
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The warning for a model where {@code other} of {@code pages} page requests matched no rule,
     * or null when that is at most half of them. It names the share, the context path to try when
     * most of the unmatched paths share a first segment, and the {@code --classifier} file to
     * write, with an example rule.
     */
    public String unclassifiedWarning(long other, long pages) {
        if (pages == 0 || other * 2 <= pages) {
            return null;
        }
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%.0f%% of page requests (%,d of %,d) matched no route class and count as '%s'", 100.0 * other / pages, other, pages, OTHER));
        b.append(builtIn ? ": the built-in rules expect paths like /, /product/..., /category/..., /search, /cart, /checkout"
                + (contextPath.length > 0 ? " under " + contextPath() : "")
                : ": the classifier's rules do not describe these paths");
        String prefix = otherSegments.entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .filter(e -> e.getValue() * 2 > otherPaths).map(java.util.Map.Entry::getKey).orElse(null);
        String example = (prefix == null || contextPath.length > 0 ? "" : prefix) + "/catalog/products/";
        if (prefix != null && contextPath.length == 0) {
            b.append(String.format(java.util.Locale.ROOT, "; most of them are under %s: if the shop is deployed there, try --context-path %s",
                    prefix, prefix));
        }
        b.append("; or describe the shop's URLs with --classifier FILE, e.g. a FILE of one line: "
                + "{classes: [{class: product, pattern: '^").append(example).append("'}], keepDefaults: true}");
        return b.toString();
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
