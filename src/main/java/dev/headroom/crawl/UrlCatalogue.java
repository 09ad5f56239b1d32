package dev.headroom.crawl;

import dev.headroom.http.Redactor;
import dev.headroom.report.Json;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The load tests' catalogue: the live (2xx, no failing finding) in-scope pages of a crawl,
 * classified by path pattern, by default {@code product: /product/}, {@code category: /category/},
 * {@code search: /search}. A page goes into the first class whose regex is found in its path and query.
 * The patterns are set per shop with {@code --catalogue-pattern CLASS=REGEX} or {@code
 * catalogue-patterns:} in the crawl config.
 *
 * <p>A class that comes out empty is no silent success: {@link #warnings()} says which, the
 * patterns tried, what the live pages' paths look like instead, and how to set the patterns.
 */
public final class UrlCatalogue {
    /** The default classes and their path regexes, in match order. */
    public static final Map<String, String> DEFAULT_PATTERNS = defaults();

    private final Map<String, List<String>> urls;
    private final List<String> warnings;

    private UrlCatalogue(Map<String, List<String>> urls, List<String> warnings) {
        this.urls = urls;
        this.warnings = List.copyOf(warnings);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("product", "/product/");
        m.put("category", "/category/");
        m.put("search", "/search");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Classifies the crawl's live pages with {@code patterns} (class name to regex, in match order). */
    public static UrlCatalogue of(CrawlResult result, Map<String, String> patterns) {
        Map<String, Pattern> compiled = new LinkedHashMap<>();
        patterns.forEach((k, v) -> compiled.put(k, Pattern.compile(v)));
        Map<String, List<String>> urls = new LinkedHashMap<>();
        compiled.keySet().forEach(k -> urls.put(k, new ArrayList<>()));
        java.util.Set<String> failing = new java.util.HashSet<>();
        result.findings().stream().filter(Finding::failing).forEach(f -> failing.add(f.url()));
        Map<String, Integer> unmatched = new LinkedHashMap<>(); // "/shop/catalog/items/" -> pages
        int live = 0;
        for (CrawledPage p : result.pages()) {
            if (p.type() != CrawledPage.Type.PAGE || p.status() < 200 || p.status() >= 300 || failing.contains(p.url())) {
                continue;
            }
            okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(p.url());
            if (u == null) {
                continue;
            }
            live++;
            String pq = u.encodedQuery() == null ? u.encodedPath() : u.encodedPath() + "?" + u.encodedQuery();
            boolean matched = false;
            for (Map.Entry<String, Pattern> e : compiled.entrySet()) {
                if (e.getValue().matcher(pq).find()) {
                    urls.get(e.getKey()).add(p.url());
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                String path = u.encodedPath().replaceAll(";[^/]*", "");
                unmatched.merge(path.substring(0, path.lastIndexOf('/') + 1), 1, Integer::sum);
            }
        }
        return new UrlCatalogue(urls, warnings(urls, patterns, live, unmatched));
    }

    private static List<String> warnings(Map<String, List<String>> urls, Map<String, String> patterns, int live,
            Map<String, Integer> unmatched) {
        List<String> empty = urls.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        if (empty.isEmpty()) {
            return List.of();
        }
        StringBuilder b = new StringBuilder("the catalogue has no ").append(String.join(", ", empty))
                .append(" URLs: no live page's path matched ")
                .append(String.join(" or ", empty.stream().map(k -> k + " '" + patterns.get(k) + "'").toList()))
                .append(" (patterns tried, in order: ")
                .append(String.join(", ", patterns.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
                .append("; ").append(live).append(live == 1 ? " live page" : " live pages");
        List<String> common = unmatched.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .filter(e -> !e.getKey().equals("/")).limit(4).map(e -> e.getKey() + "... (" + e.getValue() + ")").toList();
        if (!common.isEmpty()) {
            b.append("; unmatched paths are mostly under ").append(String.join(", ", common));
        }
        // An example per empty class: the unmatched folder most pages are under whose name looks like the class's.
        List<String> examples = new ArrayList<>();
        for (String k : empty) {
            String stem = k.toLowerCase(Locale.ROOT).substring(0, Math.min(6, k.length()));
            unmatched.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains(stem))
                    .max(Map.Entry.comparingByValue()).ifPresent(e -> examples.add("--catalogue-pattern " + k + "=" + e.getKey()));
        }
        if (examples.isEmpty()) {
            examples.add("--catalogue-pattern " + empty.get(0) + "=/catalog/" + empty.get(0) + "s/");
        }
        b.append("). Set the patterns for this shop with --catalogue-pattern CLASS=REGEX (repeatable, in match order; they replace"
                + " the defaults), e.g. ").append(String.join(" ", examples))
                .append(", or catalogue-patterns: in the crawl's --config file");
        return List.of(b.toString());
    }

    /** What the catalogue lacks: one line naming the classes that came out empty, and how to fix it; empty when none did. */
    public List<String> warnings() {
        return warnings;
    }

    /** Class name to URLs (sorted), every class present. */
    public Map<String, List<String>> urls() {
        return urls;
    }

    /**
     * Writes the catalogue: {@code .json} as an object of class to URL list, {@code .csv} as
     * {@code class,url} lines with a header, anything else as one URL per line.
     */
    public void write(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text;
        if (name.endsWith(".json")) {
            text = Json.DATA.writeValueAsString(urls) + "\n";
        } else {
            StringBuilder sb = new StringBuilder();
            boolean csv = name.endsWith(".csv");
            if (csv) {
                sb.append("type,url\n");
            }
            urls.forEach((k, list) -> list.forEach(u -> sb.append(csv ? k + "," : "").append(u).append('\n')));
            text = sb.toString();
        }
        // Through the writer: atomic, and a token in a crawled URL is masked as in the reports.
        ReportWriter.writeText(text, file, Redactor.defaults());
    }
}
