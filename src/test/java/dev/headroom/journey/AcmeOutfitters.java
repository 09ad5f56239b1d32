package dev.headroom.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.headroom.testing.shops.ShopServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second storefront, shaped nothing like the reference one, served by the tests on loopback:
 * a login form at {@code /account/login} with a hidden {@code authenticity_token} tied to a
 * pre-login cookie and fields named {@code user[login]} and {@code user[secret]}; a 302 to a
 * relative {@code /account} after the POST, with a new session cookie; a CSRF token in a {@code
 * <meta>} tag; and a JSON order API ({@code POST /api/orders}, {@code GET} and {@code DELETE
 * /api/orders/{id}}) that wants the cookie, the {@code X-CSRF-Token} header and an {@code X-Api-Key}.
 */
public final class AcmeOutfitters implements AutoCloseable {
    static final String USER = "ada@acme.test";
    static final String PASSWORD = "correct horse battery";
    static final String API_KEY = "acme-key-7f3e1c";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ShopServer server;
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final Map<String, String> preLogin = new ConcurrentHashMap<>(); // anon session -> token
    private final Map<String, String> users = new ConcurrentHashMap<>(); // user session -> csrf
    final Map<String, String> orders = new ConcurrentHashMap<>(); // id -> state

    public AcmeOutfitters() {
        server = ShopServer.start(4, this::handle);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            String session = ShopServer.cookie(x, "acme_sid");
            if (path.equals("/") && method.equals("GET")) {
                html(x, 200, "<h2>Acme Outfitters</h2><a class='nav' href='/account/login'>Log in</a>");
            } else if (path.equals("/account/login") && method.equals("GET")) {
                String anon = "anon-" + ids.incrementAndGet();
                String token = "tok-" + anon.hashCode();
                preLogin.put(anon, token);
                x.getResponseHeaders().add("Set-Cookie", "acme_sid=" + anon + "; Path=/; HttpOnly");
                html(x, 200, "<section><form id='login' method='post' action='session'>"
                        + "<input type='hidden' name='authenticity_token' value='" + token + "'>"
                        + "<input type='text' name='user[login]'><input type='password' name='user[secret]'>"
                        + "<input type='submit' value='Log in'></form></section>");
            } else if (path.equals("/account/session") && method.equals("POST")) {
                Map<String, String> form = ShopServer.parameters(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String expected = session == null ? null : preLogin.remove(session);
                if (expected == null || !expected.equals(form.get("authenticity_token"))) {
                    html(x, 422, "<p class='flash'>Invalid authenticity token</p>");
                } else if (!USER.equals(form.get("user[login]")) || !PASSWORD.equals(form.get("user[secret]"))) {
                    html(x, 401, "<p class='flash'>Wrong email or password</p>");
                } else {
                    String user = "user-" + ids.incrementAndGet();
                    users.put(user, "csrf-" + Integer.toHexString(user.hashCode()));
                    x.getResponseHeaders().add("Set-Cookie", "acme_sid=" + user + "; Path=/; HttpOnly");
                    x.getResponseHeaders().add("Location", "/account");
                    x.sendResponseHeaders(302, -1);
                }
            } else if (path.equals("/account") && method.equals("GET")) {
                if (session == null || !users.containsKey(session)) {
                    x.getResponseHeaders().add("Location", "/account/login");
                    x.sendResponseHeaders(302, -1);
                    return;
                }
                html(x, 200, "<meta name='csrf-token' content='" + users.get(session) + "'>"
                        + "<div class='greeting'>Welcome back, Ada</div>"
                        + "<ul><li><a href='/gear/sku-7'>Trail socks</a></li><li><a href='/gear/sku-9'>Rain shell</a></li></ul>");
            } else if (path.startsWith("/gear/") && method.equals("GET")) {
                String sku = path.substring("/gear/".length()).toUpperCase(java.util.Locale.ROOT);
                html(x, 200, "<h1 class='title'>" + sku + "</h1><button class='buy' data-sku='" + sku + "'>Buy</button>");
            } else if (path.equals("/api/orders") && method.equals("POST")) {
                if (!apiAllowed(x, session)) {
                    return;
                }
                JsonNode body = JSON.readTree(x.getRequestBody());
                String id = "ORD-" + ids.incrementAndGet();
                orders.put(id, "confirmed");
                x.getResponseHeaders().add("Location", "/api/orders/" + id);
                json(x, 201, Map.of("order", Map.of("id", id, "state", "confirmed",
                        "lines", List.of(Map.of("sku", body.path("sku").asText(), "qty", body.path("qty").asInt())))));
            } else if (path.startsWith("/api/orders/")) {
                if (!apiAllowed(x, session)) {
                    return;
                }
                String id = path.substring("/api/orders/".length());
                if (!orders.containsKey(id)) {
                    json(x, 404, Map.of("error", "no such order"));
                } else if (method.equals("DELETE")) {
                    orders.put(id, "cancelled");
                    x.sendResponseHeaders(204, -1);
                } else {
                    json(x, 200, Map.of("order", Map.of("id", id, "state", orders.get(id))));
                }
            } else {
                html(x, 404, "<p>Not here</p>");
            }
        }
    }

    private boolean apiAllowed(HttpExchange x, String session) throws IOException {
        boolean ok = session != null && users.containsKey(session)
                && users.get(session).equals(x.getRequestHeaders().getFirst("X-CSRF-Token"))
                && API_KEY.equals(x.getRequestHeaders().getFirst("X-Api-Key"));
        if (!ok) {
            json(x, 403, Map.of("error", "forbidden"));
        }
        return ok;
    }

    private static void html(HttpExchange x, int status, String body) throws IOException {
        send(x, status, "text/html; charset=utf-8", "<!doctype html><html><body>" + body + "</body></html>");
    }

    private static void json(HttpExchange x, int status, Object body) throws IOException {
        send(x, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }
}
