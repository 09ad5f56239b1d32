package dev.headroom.load;

import dev.headroom.http.TargetAllowlist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Products and categories the simulation feeds from: read once, before the run, from the target's
 * {@code /sitemap.xml} (the storefront lists every category and product there).
 */
public record Catalogue(List<Integer> productIds, List<String> categories) {

    /** At most this many products are kept (a random spread is not needed for a load test). */
    public static final int MAX_PRODUCTS = 5000;
    private static final Pattern LOC = Pattern.compile("<loc>\\s*([^<]+?)\\s*</loc>");
    private static final Pattern PRODUCT = Pattern.compile("/product/(\\d+)$");
    private static final Pattern CATEGORY = Pattern.compile("/category/([^/?#]+)$");
    /** Words the storefront's product names use; one is searched for in each search journey. */
    public static final List<String> SEARCH_TERMS = List.of("lamp", "mug", "chair", "shirt", "kettle", "desk",
            "blue", "classic", "wool", "steel", "zzz-no-match");

    /** Parses sitemap XML. */
    public static Catalogue parse(String xml) {
        Set<Integer> products = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        Matcher m = LOC.matcher(xml);
        while (m.find()) {
            String path = URI.create(m.group(1).replace("&amp;", "&")).getPath();
            if (path == null) {
                continue;
            }
            Matcher p = PRODUCT.matcher(path);
            Matcher c = CATEGORY.matcher(path);
            if (p.find() && products.size() < MAX_PRODUCTS) {
                products.add(Integer.parseInt(p.group(1)));
            } else if (c.find()) {
                categories.add(c.group(1));
            }
        }
        return new Catalogue(new ArrayList<>(products), new ArrayList<>(categories));
    }

    /**
     * Fetches {@code target/sitemap.xml} (one request, checked against the allowlist).
     *
     * @throws IOException if the target cannot be reached or the sitemap lists no product or category
     */
    public static Catalogue fetch(String target, TargetAllowlist allowlist) throws IOException {
        URI uri = allowlist.check(URI.create(target.replaceAll("/+$", "") + "/sitemap.xml"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        Catalogue c = parse(response.body());
        if (c.productIds().isEmpty() || c.categories().isEmpty()) {
            throw new IOException(uri + " lists no /product/{id} or no /category/{slug} pages");
        }
        return c;
    }
}
