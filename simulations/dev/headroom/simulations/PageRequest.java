package dev.headroom.simulations;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One request as a customer's browser makes it, declared rather than built, so that {@link Redirects}
 * can make it again for each redirect: method, URL (Gatling EL, relative to the protocol's base URL),
 * query and form parameters (EL), the expected final status (200 unless said) and the checks of the
 * final page. Immutable; each method returns a new request.
 *
 * <p>The body is form parameters only: EL over session values that redirects do not change (page
 * checks run on the final response only), so a 307/308 hop can send exactly the same body again.
 */
final class PageRequest {
    private final String name;
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> query;
    private final List<Map.Entry<String, String>> form;
    private final int status;
    private final List<CheckBuilder> checks;

    private PageRequest(String name, String method, String url, List<Map.Entry<String, String>> query,
            List<Map.Entry<String, String>> form, int status, List<CheckBuilder> checks) {
        this.name = Objects.requireNonNull(name, "name");
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.query = List.copyOf(query);
        this.form = List.copyOf(form);
        this.status = status;
        this.checks = List.copyOf(checks);
    }

    static PageRequest get(String name, String url) {
        return new PageRequest(name, "GET", url, List.of(), List.of(), 200, List.of());
    }

    static PageRequest post(String name, String url) {
        return new PageRequest(name, "POST", url, List.of(), List.of(), 200, List.of());
    }

    PageRequest queryParam(String key, String value) {
        return new PageRequest(name, method, url, plus(query, key, value), form, status, checks);
    }

    PageRequest formParam(String key, String value) {
        if (method.equals("GET") || method.equals("HEAD")) {
            throw new IllegalArgumentException(name + ": a " + method + " request has no form body");
        }
        return new PageRequest(name, method, url, query, plus(form, key, value), status, checks);
    }

    /** The status the final response must have (default 200). */
    PageRequest expectStatus(int expected) {
        return new PageRequest(name, method, url, query, form, expected, checks);
    }

    /** Checks of the final response of the chain (after any redirects). */
    PageRequest check(CheckBuilder... more) {
        List<CheckBuilder> all = new ArrayList<>(checks);
        all.addAll(List.of(more));
        return new PageRequest(name, method, url, query, form, status, all);
    }

    String name() {
        return name;
    }

    String method() {
        return method;
    }

    /** The final response's checks: the status, then the page's own. */
    List<CheckBuilder> finalChecks() {
        List<CheckBuilder> all = new ArrayList<>(checks.size() + 1);
        all.add(status().is(status));
        all.addAll(checks);
        return all;
    }

    /** The request itself. */
    HttpRequestActionBuilder first() {
        HttpRequestActionBuilder b = http(name).httpRequest(method, url);
        for (Map.Entry<String, String> q : query) {
            b = b.queryParam(q.getKey(), q.getValue());
        }
        return withForm(b);
    }

    /**
     * A redirect hop to the URL the session holds: GET (no body) or this request's own method with
     * the same form body. Its Location carries the whole URL, query included.
     */
    HttpRequestActionBuilder hop(String hopMethod, Function<Session, String> hopUrl) {
        HttpRequestActionBuilder b = http(name + " redirect").httpRequest(hopMethod, hopUrl);
        return hopMethod.equals(method) ? withForm(b) : b;
    }

    private HttpRequestActionBuilder withForm(HttpRequestActionBuilder b) {
        for (Map.Entry<String, String> f : form) {
            b = b.formParam(f.getKey(), f.getValue());
        }
        return b;
    }

    private static List<Map.Entry<String, String>> plus(List<Map.Entry<String, String>> list, String key, String value) {
        List<Map.Entry<String, String>> all = new ArrayList<>(list);
        all.add(Map.entry(key, value));
        return all;
    }
}
