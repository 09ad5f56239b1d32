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
 */
public final class UrlCatalogue {
    /** The default classes and their path regexes, in match order. */
    public static final Map<String, String> DEFAULT_PATTERNS = defaults();

    private final Map<String, List<String>> urls;

    private UrlCatalogue(Map<String, List<String>> urls) {
        this.urls = urls;
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
        for (CrawledPage p : result.pages()) {
            if (p.type() != CrawledPage.Type.PAGE || p.status() < 200 || p.status() >= 300 || failing.contains(p.url())) {
                continue;
            }
            okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(p.url());
            if (u == null) {
                continue;
            }
            String pq = u.encodedQuery() == null ? u.encodedPath() : u.encodedPath() + "?" + u.encodedQuery();
            for (Map.Entry<String, Pattern> e : compiled.entrySet()) {
                if (e.getValue().matcher(pq).find()) {
                    urls.get(e.getKey()).add(p.url());
                    break;
                }
            }
        }
        return new UrlCatalogue(urls);
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
