package dev.headroom.load;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
