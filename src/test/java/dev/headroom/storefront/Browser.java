package dev.headroom.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A tiny browser for tests: real HTTP through OkHttp with a cookie jar, pages parsed by jsoup, forms
 * filled the way a browser does (every input, hidden CSRF field included). Redirects are not
 * followed automatically so tests can see the 303s; {@link #follow} follows them.
 */
final class Browser {
    /** One response: status, location, instance header and the parsed page. */
    record Page(int status, String location, String instance, String body, Document doc, Map<String, List<String>> headers) {
        String text() {
            return doc.text();
        }
    }

    private final String baseUrl;
    private final OkHttpClient client;
    private final Map<String, Cookie> cookies = new HashMap<>();

    Browser(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(20));
    }

    Browser(String baseUrl, Duration readTimeout) {
        this.baseUrl = baseUrl;
        this.client = new OkHttpClient.Builder()
                .followRedirects(false)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(readTimeout)
                .callTimeout(readTimeout.plusSeconds(5))
                .cookieJar(new CookieJar() {
                    @Override
                    public void saveFromResponse(HttpUrl url, List<Cookie> list) {
                        synchronized (cookies) {
                            list.forEach(c -> cookies.put(c.name(), c));
                        }
                    }

                    @Override
                    public List<Cookie> loadForRequest(HttpUrl url) {
                        synchronized (cookies) {
                            return new ArrayList<>(cookies.values());
                        }
                    }
                })
                .build();
    }

    /** A browser for another instance that carries this one's cookies (a load-balancer failover). */
    Browser sameCookiesAt(String otherBaseUrl) {
        Browser other = new Browser(otherBaseUrl);
        synchronized (cookies) {
            other.cookies.putAll(cookies);
        }
        return other;
    }

    String cookie(String name) {
        synchronized (cookies) {
            Cookie c = cookies.get(name);
            return c == null ? null : c.value();
        }
    }

    Page get(String path) {
        return execute(new Request.Builder().url(url(path)).get().build());
    }

    /** GET that throws the raw IOException (for timeouts). */
    void getRaw(String path) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url(path)).build()).execute()) {
            response.body().string();
        }
    }

    Page post(String path, Map<String, String> fields) {
        FormBody.Builder form = new FormBody.Builder();
        fields.forEach(form::add);
        return execute(new Request.Builder().url(url(path)).post(form.build()).build());
    }

    /** Submits the form matched by the CSS selector, overriding or adding the given fields. */
    Page submit(Page page, String formSelector, Map<String, String> overrides) {
        Element form = page.doc().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form " + formSelector + " on page:\n" + page.body());
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), input.val());
        }
        fields.putAll(overrides);
        String action = form.attr("action");
        return post(action.isEmpty() ? "/" : action, fields);
    }

    /** Follows a redirect response with a GET, as a browser does after a 303. */
    Page follow(Page redirect) {
        if (redirect.location() == null) {
            throw new AssertionError("not a redirect: " + redirect.status() + "\n" + redirect.body());
        }
        return get(redirect.location());
    }

    Page signIn(String email, String password) {
        Page form = get("/signin");
        return submit(form, "form.signin", Map.of("email", email, "password", password));
    }

    /** Adds a product to the cart through the product page's form. */
    Page addToCart(int productId, int qty) {
        Page product = get("/product/" + productId);
        return submit(product, "form.add-to-cart", Map.of("qty", Integer.toString(qty)));
    }

    static Map<String, String> validCheckout(String card) {
        Map<String, String> f = new HashMap<>();
        f.put("name", "Ada Shopper");
        f.put("address", "1 Test Street");
        f.put("city", "Testville");
        f.put("postcode", "TE5 7ST");
        f.put("country", "Testland");
        f.put("cardNumber", card);
        f.put("expiry", "12/39");
        f.put("cvc", "123");
        return f;
    }

    private String url(String path) {
        return path.startsWith("http") ? path : baseUrl + path;
    }

    private Page execute(Request request) {
        try (Response response = client.newCall(request).execute()) {
            String body = response.body() == null ? "" : response.body().string();
            return new Page(response.code(), response.header("Location"), response.header("X-Headroom-Instance"), body,
                    Jsoup.parse(body, request.url().toString()), response.headers().toMultimap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
