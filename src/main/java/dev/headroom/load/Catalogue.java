package dev.headroom.load;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.config.ConfigException;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.report.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import okhttp3.HttpUrl;

/**
 * Products and categories the simulation feeds from: read once, before the run, from the target's
 * {@code /sitemap.xml} (the reference storefront lists every category and product there), through
 * the shared {@link HttpChecker}: the allowlist on every hop, timeouts, and the sitemap protocol's
 * bounds (50,000 URLs, 50 MB uncompressed), so an endless or huge sitemap costs a bounded read. A
 * gzipped sitemap is read too. Entries that are not usable URLs are skipped and counted.
 *
 * <p>Or from a file written by {@code headroom crawl --catalogue} ({@link #readFile}): the live
 * pages a crawl found, which also gives the search terms of the search pages it saw.
 */
public record Catalogue(List<Integer> productIds, List<String> categories) {

    /** At most this many products are kept (a random spread is not needed for a load test). */
    public static final int MAX_PRODUCTS = 5000;
    /** The sitemap protocol's limits for one sitemap file. */
    public static final int MAX_URLS = 50_000;
    public static final long MAX_BYTES = 50L * 1024 * 1024;
    /** The whole read, redirects included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern LOC = Pattern.compile("<loc>\\s*(?:<!\\[CDATA\\[(.*?)]]>|([^<]*?))\\s*</loc>", Pattern.DOTALL);
    private static final Pattern PRODUCT = Pattern.compile("/product/(\\d+)$");
    private static final Pattern CATEGORY = Pattern.compile("/category/([^/?#]+)$");
    /** Words the storefront's product names use; one is searched for in each search journey. */
    public static final List<String> SEARCH_TERMS = List.of("lamp", "mug", "chair", "shirt", "kettle", "desk",
            "blue", "classic", "wool", "steel", "zzz-no-match");

    /**
     * What a sitemap gave.
     *
     * @param urls the {@code <loc>} entries read (at most {@link #MAX_URLS})
     * @param skipped entries that were not usable (not an http(s) URL, a product id out of range)
     * @param warnings one line each: what was skipped or cut, and why
     */
    public record Sitemap(Catalogue catalogue, int urls, int skipped, List<String> warnings) {
        public Sitemap {
            warnings = List.copyOf(warnings);
        }

        /**
         * Why this catalogue cannot drive the simulation, or null if it can: products are always
         * needed, categories only by the browse journey.
         */
        public String unusable(boolean needsCategories) {
            boolean noProducts = catalogue.productIds().isEmpty();
            boolean noCategories = needsCategories && catalogue.categories().isEmpty();
            if (!noProducts && !noCategories) {
                return null;
            }
            String missing = noProducts && noCategories ? "no /product/{id} and no /category/{slug} URL"
                    : noProducts ? "no /product/{id} URL" : "no /category/{slug} URL (the browse journey needs one)";
            return "the sitemap lists " + urls + " URL" + (urls == 1 ? "" : "s") + " but " + missing
                    + ": this shop's URLs do not look like the reference storefront's, which the load simulation drives";
        }
    }

    /**
     * What a catalogue file gave.
     *
     * @param file the file read
     * @param searchTerms the {@code q} of the {@code /search} URLs it lists (empty: none)
     * @param hosts the hosts of its URLs (only their paths are used)
     * @param urls the URLs read (at most {@link #MAX_URLS})
     * @param skipped lines or entries that were not usable URLs
     * @param warnings one line each: what was skipped or cut, and why
     */
    public record Listed(Path file, Catalogue catalogue, List<String> searchTerms, List<String> hosts, int urls,
            int skipped, List<String> warnings) {
        public Listed {
            searchTerms = List.copyOf(searchTerms);
            hosts = List.copyOf(hosts);
            warnings = List.copyOf(warnings);
        }
    }

    /** At most this many search terms are kept from a catalogue file. */
    public static final int MAX_SEARCH_TERMS = 1000;

    private static final ObjectMapper JSON = Json.DATA;

    /**
     * Reads a catalogue written by {@code headroom crawl --catalogue}: {@code .json} (an object of
     * class to URL list), {@code .csv} ({@code type,url} lines after a header) or a plain list (one
     * URL a line). Every URL is taken by its path, as in a sitemap ({@code /product/{id}}, {@code
     * /category/{slug}}, and {@code /search?q=} for the search terms), whatever its class; at most
     * {@link #MAX_URLS} URLs and {@link #MAX_BYTES} bytes are read.
     *
     * @param needsCategories the browse journey is in the mix, so a category is needed too
     * @throws ConfigException naming the file: missing, unreadable, not a catalogue, or without the
     *     URLs the simulation needs
     */
    public static Listed readFile(Path file, boolean needsCategories) {
        String where = "--catalogue: " + file;
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(where + ": " + (Files.exists(file) ? "not a regular file" : "file not found"));
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(where + ": larger than " + MAX_BYTES / (1024 * 1024) + " MB; is it a catalogue?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read it: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            try {
                Map<String, List<String>> classes = JSON.readValue(text, new TypeReference<Map<String, List<String>>>() { });
                classes.values().forEach(urls -> lines.addAll(urls == null ? List.of() : urls));
            } catch (IOException e) {
                throw new ConfigException(where + ": not a catalogue as `headroom crawl --catalogue FILE.json` writes it"
                        + " (an object of class to URL list): " + e.getMessage().lines().findFirst().orElse(""));
            }
        } else {
            boolean csv = name.endsWith(".csv");
            text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
                int comma = csv ? l.indexOf(',') : -1;
                lines.add(comma < 0 ? l : l.substring(comma + 1).strip());
            });
            if (csv && !lines.isEmpty() && lines.get(0).equals("url")) {
                lines.remove(0); // the header, type,url
            }
        }
        Set<Integer> products = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        Set<String> terms = new LinkedHashSet<>();
        Set<String> hosts = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        int urls = 0;
        int skipped = 0;
        String firstSkipped = null;
        for (String line : lines) { // bounded: by the file's size, and MAX_URLS
            if (urls == MAX_URLS) {
                warnings.add("it lists more than " + String.format(Locale.ROOT, "%,d", MAX_URLS) + " URLs: read the first "
                        + String.format(Locale.ROOT, "%,d", MAX_URLS));
                break;
            }
            urls++;
            HttpUrl url = line == null ? null : HttpUrl.parse(line);
            Matcher p = url == null ? null : PRODUCT.matcher(url.encodedPath());
            boolean product = p != null && p.find();
            Integer id = product ? positiveInt(p.group(1)) : null;
            if (url == null || (product && id == null)) { // not a URL, or a product id out of range
                skipped++;
                firstSkipped = firstSkipped == null ? String.valueOf(line) : firstSkipped;
                continue;
            }
            hosts.add(url.host());
            Matcher c = CATEGORY.matcher(url.encodedPath());
            String q = url.queryParameter("q");
            if (id != null) {
                if (products.size() < MAX_PRODUCTS) {
                    products.add(id);
                }
            } else if (c.find()) {
                categories.add(c.group(1));
            } else if (url.encodedPath().endsWith("/search") && q != null && !q.isBlank() && terms.size() < MAX_SEARCH_TERMS) {
                terms.add(q.strip());
            }
        }
        if (skipped > 0) {
            warnings.add("skipped " + skipped + (skipped == 1 ? " entry that is not a usable URL" : " entries that are not usable URLs")
                    + " (first: '" + shorten(firstSkipped) + "')");
        }
        Catalogue catalogue = new Catalogue(new ArrayList<>(products), new ArrayList<>(categories));
        boolean noProducts = products.isEmpty();
        boolean noCategories = needsCategories && categories.isEmpty();
        if (noProducts || noCategories) {
            throw new ConfigException(where + ": it lists " + urls + " URL" + (urls == 1 ? "" : "s") + " but "
                    + (noProducts && noCategories ? "no /product/{id} and no /category/{slug} URL"
                            : noProducts ? "no /product/{id} URL" : "no /category/{slug} URL (the browse journey needs one)")
                    + "; the load simulation drives the reference storefront's URLs (write the file with"
                    + " `headroom crawl --catalogue` against the shop)");
        }
        return new Listed(file, catalogue, new ArrayList<>(terms), new ArrayList<>(hosts), urls, skipped, warnings);
    }

    /** What fetching the sitemap gave: a sitemap, or why not. */
    public sealed interface Fetched permits Found, NotRead {
    }

    public record Found(Sitemap sitemap) implements Fetched {
    }

    /**
     * The sitemap could not be read.
     *
     * @param answered the shop sent an HTTP response (an error status, a redirect elsewhere): it is up
     * @param message what happened, naming the URL
     */
    public record NotRead(boolean answered, String message) implements Fetched {
    }

    /** Parses sitemap XML (at most {@link #MAX_URLS} entries). */
    public static Catalogue parse(String xml) {
        return read(xml, MAX_URLS).catalogue();
    }

    /** Parses sitemap XML, skipping and counting unusable entries; reads at most {@code maxUrls}. */
    public static Sitemap read(String xml, int maxUrls) {
        Set<Integer> products = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        int urls = 0;
        int skipped = 0;
        int productsDropped = 0;
        String firstSkipped = null;
        Matcher m = LOC.matcher(xml);
        boolean more = false;
        while (m.find()) { // bounded: by the body's size, and maxUrls
            if (urls == maxUrls) {
                more = true;
                break;
            }
            urls++;
            String loc = unescape(m.group(1) != null ? m.group(1) : m.group(2)).strip();
            HttpUrl url = HttpUrl.parse(loc);
            if (url == null) {
                skipped++;
                firstSkipped = firstSkipped == null ? loc : firstSkipped;
                continue;
            }
            String path = url.encodedPath();
            Matcher p = PRODUCT.matcher(path);
            Matcher c = CATEGORY.matcher(path);
            if (p.find()) {
                Integer id = positiveInt(p.group(1));
                if (id == null) {
                    skipped++;
                    firstSkipped = firstSkipped == null ? loc : firstSkipped;
                } else if (products.size() < MAX_PRODUCTS) {
                    products.add(id);
                } else if (!products.contains(id)) {
                    productsDropped++;
                }
            } else if (c.find()) {
                categories.add(c.group(1));
            }
        }
        if (skipped > 0) {
            warnings.add("skipped " + skipped + (skipped == 1 ? " <loc> entry that is not a usable URL"
                    : " <loc> entries that are not usable URLs") + " (first: '" + shorten(firstSkipped) + "')");
        }
        if (more) {
            warnings.add("the sitemap lists more than " + String.format(Locale.ROOT, "%,d", maxUrls)
                    + " URLs, the sitemap protocol's limit for one file: read the first " + String.format(Locale.ROOT, "%,d", maxUrls));
        }
        if (productsDropped > 0) {
            warnings.add("kept the first " + MAX_PRODUCTS + " products of the sitemap (" + productsDropped + " more not used)");
        }
        if (urls == 0) {
            warnings.add(xml.contains("<sitemapindex") ? "it is a sitemap index: Headroom reads the URLs of one sitemap, not an index"
                    : xml.contains("<urlset") ? "it lists no <loc> entries" : "it is not a sitemap (no <urlset> and no <loc>)");
        }
        return new Sitemap(new Catalogue(new ArrayList<>(products), new ArrayList<>(categories)), urls, skipped, warnings);
    }

    /** Fetches {@code target/sitemap.xml} through the allowlist, with the protocol's bounds. */
    public static Fetched fetch(String target, TargetAllowlist allowlist) {
        return fetch(target, allowlist, MAX_BYTES, MAX_URLS, TIMEOUT);
    }

    static Fetched fetch(String target, TargetAllowlist allowlist, long maxBytes, int maxUrls, Duration timeout) {
        String url = target.replaceAll("/+$", "") + "/sitemap.xml";
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15)).callTimeout(timeout).maxBodyBytes(maxBytes).maxRedirects(5).build()) {
            CheckResult r = checker.execute(CheckRequest.builder().url(url)
                    .header("Accept", "application/xml, text/xml;q=0.9, */*;q=0.5").build());
            boolean answered = r.reachable() || !r.redirects().isEmpty();
            if (r.failure() == FailureKind.NOT_ALLOWED || r.statusCode() == 0) {
                return new NotRead(answered, url + ": " + r.failureMessage());
            }
            if (r.statusCode() != 200) {
                return new NotRead(true, url + (r.redirects().isEmpty() ? "" : " (redirected to " + r.url() + ")")
                        + " answered " + r.statusCode() + (r.reason().isEmpty() ? "" : " " + r.reason())
                        + (r.failure() == FailureKind.NONE ? "" : " (" + r.failureMessage() + ")"));
            }
            List<String> warnings = new ArrayList<>();
            if (r.failure() != FailureKind.NONE) {
                warnings.add("the sitemap was cut short (" + r.failureMessage() + "): read the first "
                        + r.bodyLength() + " bytes");
            } else if (r.truncated()) {
                warnings.add("the sitemap is larger than " + maxBytes / (1024 * 1024)
                        + " MB, the sitemap protocol's limit: read the first " + maxBytes / (1024 * 1024) + " MB");
            }
            String xml;
            byte[] body = r.body();
            if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
                try {
                    xml = gunzip(body, maxBytes, warnings);
                } catch (IOException e) {
                    return new NotRead(true, url + " answered 200 with a gzip body that cannot be read: " + e.getMessage());
                }
            } else {
                xml = r.bodyText();
            }
            Sitemap read = read(xml, maxUrls);
            List<String> all = new ArrayList<>(warnings);
            all.addAll(read.warnings());
            return new Found(new Sitemap(read.catalogue(), read.urls(), read.skipped(), all));
        }
    }

    /** A gzipped sitemap (a .xml.gz served as is): at most {@code maxBytes} uncompressed. */
    private static String gunzip(byte[] body, long maxBytes, List<String> warnings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) { // bounded: stops past maxBytes
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    warnings.add("the gzipped sitemap is larger than " + maxBytes / (1024 * 1024)
                            + " MB uncompressed, the sitemap protocol's limit: read the first " + maxBytes / (1024 * 1024) + " MB");
                    break;
                }
            }
        } catch (EOFException e) {
            warnings.add("the gzipped sitemap ends early: read the first " + out.size() + " bytes of it");
        } catch (ZipException e) {
            if (out.size() == 0) {
                throw e;
            }
            warnings.add("the gzipped sitemap is damaged (" + e.getMessage() + "): read the first " + out.size() + " bytes of it");
        }
        byte[] xml = out.toByteArray();
        return new String(xml, 0, (int) Math.min(xml.length, maxBytes), StandardCharsets.UTF_8);
    }

    private static Integer positiveInt(String digits) {
        try {
            int id = Integer.parseInt(digits);
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
