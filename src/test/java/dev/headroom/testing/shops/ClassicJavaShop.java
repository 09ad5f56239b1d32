package dev.headroom.testing.shops;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A third storefront for the tests, shaped like the classic Java web shops (JPetStore, Struts,
 * plain servlets), served on loopback by the JDK's HTTP server. Nothing in it looks like the
 * reference storefront:
 *
 * <ul>
 *   <li>deployed under the context path {@code /shop/}: {@link #baseUrl()} is {@code
 *       http://127.0.0.1:PORT/shop/}; nothing is served outside it, and there is no {@code
 *       robots.txt} and no {@code sitemap.xml} anywhere;
 *   <li>servlet sessions: every response without a known session starts one and sets a {@code
 *       JSESSIONID} cookie, and every URL in every page carries {@code ;jsessionid=ID} (URL
 *       rewriting). Either one identifies the session, so a client that refuses cookies still has
 *       one; signing on changes the session id (as containers do against session fixation);
 *   <li>its own URL scheme: {@code catalog/categories/FISH}, {@code catalog/products/FI-SW-01},
 *       {@code catalog/items/EST-1}, {@code search?keyword=}, {@code cart}, add-to-cart as a GET
 *       link {@code cart/add?workingItemId=EST-1}, {@code account/signonForm}, {@code
 *       account/orders} ("My Orders"), {@code account/signoff};
 *   <li>the sign-on form posts {@code username}, {@code password} and a hidden {@code _sourcePage}
 *       tied to the session to the action {@code account/signon};
 *   <li>checkout needs a signed-on customer: {@code order/new} shows the order form, whose only
 *       submit button is {@code <input type="submit" name="newOrder" value="Continue">}; a POST
 *       without {@code newOrder=Continue} re-shows the form. The second page asks to confirm,
 *       with two buttons: "Change" ({@code edit}) first, then "Confirm" ({@code confirmed}); only
 *       the latter places the order;
 *   <li>the order number is only in the text ("Thank you, your order #1001 has been submitted."),
 *       with no id or class to select it.
 * </ul>
 *
 * <p>{@link #withoutCookies()} starts it tracking sessions by URL only, as for a customer who
 * refuses cookies.
 *
 * <p>Stock and orders are real and counted here ({@link #ordersPlaced()}, {@link #ordersOf},
 * {@link #stockOf}); confirming an order takes the stock, and a line short of stock refuses the
 * whole order. Thread-safe: load tests run many virtual customers against it. Every request is
 * kept in combined log format ({@link #accessLog()}), as the container would write it.
 */
public final class ClassicJavaShop implements AutoCloseable {
    /** The context path the shop is deployed under. */
    public static final String CONTEXT_PATH = "/shop";
    /** A customer account (JPetStore's demo user). */
    public static final String USER = "j2ee";
    /** The password of {@link #USER}. */
    public static final String PASSWORD = "j2ee-petstore";
    /** A second account, to tell customers' orders apart. */
    public static final String OTHER_USER = "ACID";
    /** The password of {@link #OTHER_USER}. */
    public static final String OTHER_PASSWORD = "acid-petstore";
    /** The most lines {@link #accessLog()} keeps. */
    public static final int ACCESS_LOG_LINES = 100_000;
    /** Stock of every item when none is given. */
    public static final int DEFAULT_STOCK = 10_000;

    private record Category(String id, String name) {}

    private record Product(String id, String category, String name) {}

    private record Item(String id, String product, String description, int cents) {}

    private record Order(String number, String user, Map<String, Integer> lines, int cents) {}

    /** One servlet session. Its fields are guarded by the session itself. */
    private static final class Session {
        final String id;
        String user;
        final Map<String, Integer> cart = new LinkedHashMap<>();
        Map<String, Integer> pending; // the order awaiting confirmation
        String pendingToken;

        Session(String id) {
            this.id = id;
        }
    }

    private static final List<Category> CATEGORIES = List.of(new Category("FISH", "Fish"),
            new Category("DOGS", "Dogs"), new Category("CATS", "Cats"), new Category("BIRDS", "Birds"));
    private static final List<Product> PRODUCTS = List.of(new Product("FI-SW-01", "FISH", "Angelfish"),
            new Product("FI-FW-01", "FISH", "Koi"), new Product("K9-BD-01", "DOGS", "Bulldog"),
            new Product("K9-PO-02", "DOGS", "Poodle"), new Product("FL-DSH-01", "CATS", "Manx"),
            new Product("AV-CB-01", "BIRDS", "Amazon Parrot"));
    private static final List<Item> ITEMS = List.of(new Item("EST-1", "FI-SW-01", "Large Angelfish", 1650),
            new Item("EST-2", "FI-SW-01", "Small Angelfish", 1650), new Item("EST-4", "FI-FW-01", "Spotted Koi", 1850),
            new Item("EST-6", "K9-BD-01", "Male Adult Bulldog", 1850), new Item("EST-8", "K9-PO-02", "Male Puppy Poodle", 1850),
            new Item("EST-14", "FL-DSH-01", "Tailless Manx", 5850), new Item("EST-18", "AV-CB-01", "Adult Male Amazon Parrot", 19350));
    private static final Map<String, String> ACCOUNTS = Map.of(USER, PASSWORD, OTHER_USER, OTHER_PASSWORD);
    private static final Pattern JSESSIONID = Pattern.compile(";jsessionid=([^;/?]*)", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final ShopServer server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> stock = new ConcurrentHashMap<>(); // written under this
    private final List<Order> orders = new ArrayList<>(); // guarded by this
    private final AtomicInteger nextOrder = new AtomicInteger(1001);
    private final ConcurrentLinkedQueue<String> accessLog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accessLogSize = new AtomicInteger();
    private final boolean cookies;

    /** Starts the shop on a free loopback port, each item with {@link #DEFAULT_STOCK} in stock. */
    public ClassicJavaShop() {
        this(DEFAULT_STOCK);
    }

    /** Starts the shop on a free loopback port, each item with {@code stockPerItem} in stock. */
    public ClassicJavaShop(int stockPerItem) {
        this(stockPerItem, true);
    }

    /**
     * Starts the shop with session tracking by URL only, as a container configured with {@code
     * <tracking-mode>URL</tracking-mode>}: it sets no {@code JSESSIONID} cookie and ignores one
     * sent, so only {@code ;jsessionid=} carries the session, as for a customer who refuses cookies.
     */
    public static ClassicJavaShop withoutCookies() {
        return new ClassicJavaShop(DEFAULT_STOCK, false);
    }

    private ClassicJavaShop(int stockPerItem, boolean cookies) {
        this.cookies = cookies;
        ITEMS.forEach(i -> stock.put(i.id(), stockPerItem));
        server = ShopServer.start(8, this::handle);
    }

    /** The shop's URL, with its context path: {@code http://127.0.0.1:PORT/shop/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + CONTEXT_PATH + "/";
    }

    /** How many orders were confirmed, by anyone. */
    public synchronized int ordersPlaced() {
        return orders.size();
    }

    /** The numbers of the orders {@code user} confirmed, oldest first ("1001", ...). */
    public synchronized List<String> ordersOf(String user) {
        return orders.stream().filter(o -> o.user().equals(user)).map(Order::number).toList();
    }

    /** How many of item {@code itemId} ({@code EST-1}...) are left; -1 for an unknown item. */
    public int stockOf(String itemId) {
        return stock.getOrDefault(itemId, -1);
    }

    /**
     * The requests served so far, one combined-format access log line each, oldest first: the last
     * {@value #ACCESS_LOG_LINES} (so a long load test cannot fill the heap).
     */
    public List<String> accessLog() {
        return List.copyOf(accessLog);
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- the web layer ------------------------------------------------------------------------

    /** One request as the servlet sees it: path parameters removed, the session found or started. */
    private final class Req {
        final String method;
        final String path; // under the context path, without ;params: "/catalog/items/EST-1"
        final Map<String, String> params = new LinkedHashMap<>();
        Session session;
        final List<String> setCookies = new ArrayList<>();

        Req(HttpExchange x) throws IOException {
            method = x.getRequestMethod();
            String raw = x.getRequestURI().getRawPath();
            Matcher m = JSESSIONID.matcher(raw);
            String urlId = m.find() ? m.group(1) : null;
            String full = URLDecoder.decode(raw.replaceAll(";[^/]*", ""), StandardCharsets.UTF_8);
            path = full.equals(CONTEXT_PATH) || full.startsWith(CONTEXT_PATH + "/") ? full.substring(CONTEXT_PATH.length()) : null;
            parse(x.getRequestURI().getRawQuery());
            if (method.equals("POST")) {
                parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            session = urlId == null ? null : sessions.get(urlId);
            if (session == null && cookies) {
                String cookieId = ShopServer.cookie(x, "JSESSIONID");
                session = cookieId == null ? null : sessions.get(cookieId);
            }
            if (session == null && path != null) {
                session = newSession();
            }
        }

        Session newSession() {
            byte[] id = new byte[16];
            random.nextBytes(id);
            Session s = new Session(HexFormat.of().withUpperCase().formatHex(id));
            sessions.put(s.id, s);
            if (cookies) {
                setCookies.add("JSESSIONID=" + s.id + "; Path=" + CONTEXT_PATH + "; HttpOnly");
            }
            return s;
        }

        /** Adds the parameters of a query or a form body; a name already given (in the query) keeps its value. */
        private void parse(String encoded) {
            ShopServer.parameters(encoded).forEach(params::putIfAbsent);
        }

        /** {@code response.encodeURL}: the session id as a path parameter, before any query. */
        String url(String pathAndQuery) {
            int q = pathAndQuery.indexOf('?');
            String p = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            return CONTEXT_PATH + p + ";jsessionid=" + session.id + (q < 0 ? "" : pathAndQuery.substring(q));
        }

        String a(String pathAndQuery, String text) {
            return "<a href=\"" + url(pathAndQuery) + "\">" + text + "</a>";
        }

        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    private record Response(int status, String body, String location) {
        static Response page(int status, String body) {
            return new Response(status, body, null);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Response r;
            Req req = null;
            try {
                req = new Req(x);
                r = req.path == null ? Response.page(404, "<h1>HTTP Status 404 - Not Found</h1>") : route(req);
            } catch (RuntimeException e) {
                r = Response.page(500, "<h1>HTTP Status 500 - Internal Server Error</h1>");
            }
            if (req != null) {
                req.setCookies.forEach(c -> x.getResponseHeaders().add("Set-Cookie", c));
            }
            if (r.location() != null) {
                x.getResponseHeaders().add("Location", r.location());
            }
            byte[] bytes = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
            boolean noBody = bytes.length == 0 || x.getRequestMethod().equals("HEAD");
            x.getResponseHeaders().add("Content-Type", "text/html;charset=UTF-8");
            x.sendResponseHeaders(r.status(), noBody ? -1 : bytes.length);
            if (!noBody) {
                x.getResponseBody().write(bytes);
            }
            String uri = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
            accessLog.add("127.0.0.1 - - [" + LOG_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "] \"" + x.getRequestMethod()
                    + " " + uri + " HTTP/1.1\" " + r.status() + " " + bytes.length + " \"-\" \""
                    + String.valueOf(x.getRequestHeaders().getFirst("User-Agent")).replace("\"", "'") + "\"");
            if (accessLogSize.incrementAndGet() > ACCESS_LOG_LINES && accessLog.poll() != null) {
                accessLogSize.decrementAndGet();
            }
        }
    }

    private Response route(Req r) {
        String p = r.path;
        boolean get = r.method.equals("GET") || r.method.equals("HEAD");
        boolean post = r.method.equals("POST");
        if (p.isEmpty()) {
            return new Response(302, null, r.url("/"));
        } else if (get && (p.equals("/") || p.equals("/catalog"))) {
            return main(r, "");
        } else if (get && p.startsWith("/catalog/categories/")) {
            return category(r, p.substring("/catalog/categories/".length()));
        } else if (get && p.startsWith("/catalog/products/")) {
            return product(r, p.substring("/catalog/products/".length()));
        } else if (get && p.startsWith("/catalog/items/")) {
            return item(r, p.substring("/catalog/items/".length()));
        } else if (get && p.equals("/search")) {
            return search(r);
        } else if (get && p.equals("/cart")) {
            return cart(r, "");
        } else if (get && p.equals("/cart/add")) {
            return addToCart(r);
        } else if (get && p.equals("/cart/remove")) {
            synchronized (r.session) {
                r.session.cart.remove(r.param("workingItemId"));
            }
            return cart(r, "");
        } else if (get && p.equals("/account/signonForm")) {
            return signonForm(r, "");
        } else if (post && p.equals("/account/signon")) {
            return signon(r);
        } else if (get && p.equals("/account/signoff")) {
            sessions.remove(r.session.id);
            r.session = r.newSession();
            return main(r, "<p>You have signed off.</p>");
        } else if (get && p.equals("/account/orders")) {
            return myOrders(r);
        } else if (get && p.equals("/order/new")) {
            return user(r) == null ? signonForm(r, "You must sign on before attempting to check out.") : orderForm(r, "");
        } else if (post && p.equals("/order/new")) {
            return newOrder(r);
        } else if (post && p.equals("/order/confirm")) {
            return confirm(r);
        }
        return page(r, 404, "Not Found", "<h2>The requested resource is not available.</h2>");
    }

    private Response main(Req r, String message) {
        StringBuilder b = new StringBuilder(message).append("<h2>Categories</h2><ul>");
        CATEGORIES.forEach(c -> b.append("<li>").append(r.a("/catalog/categories/" + c.id(), c.name())).append("</li>"));
        return page(r, 200, "Welcome", b.append("</ul>").toString());
    }

    private Response category(Req r, String id) {
        Category c = CATEGORIES.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (c == null) {
            return page(r, 404, "Not Found", "<h2>No such category: " + esc(id) + "</h2>");
        }
        StringBuilder b = new StringBuilder("<h2>" + c.name() + "</h2><table><tr><th>Product ID</th><th>Name</th></tr>");
        PRODUCTS.stream().filter(x -> x.category().equals(id)).forEach(x -> b.append("<tr><td>")
                .append(r.a("/catalog/products/" + x.id(), x.id())).append("</td><td>").append(x.name()).append("</td></tr>"));
        return page(r, 200, c.name(), b.append("</table>").append(r.a("/catalog", "Return to Main Menu")).toString());
    }

    private Response product(Req r, String id) {
        Product pr = PRODUCTS.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (pr == null) {
            return page(r, 404, "Not Found", "<h2>No such product: " + esc(id) + "</h2>");
        }
        StringBuilder b = new StringBuilder("<h2>" + pr.name() + "</h2><table><tr><th>Item ID</th><th>Description</th><th>List Price</th><th>&nbsp;</th></tr>");
        ITEMS.stream().filter(i -> i.product().equals(id)).forEach(i -> b.append("<tr><td>")
                .append(r.a("/catalog/items/" + i.id(), i.id())).append("</td><td>").append(i.description()).append("</td><td>")
                .append(money(i.cents())).append("</td><td>").append(r.a("/cart/add?workingItemId=" + i.id(), "Add to Cart"))
                .append("</td></tr>"));
        return page(r, 200, pr.name(), b.append("</table>").append(r.a("/catalog/categories/" + pr.category(), "Return to " + pr.category())).toString());
    }

    private Response item(Req r, String id) {
        Item i = ITEMS.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (i == null) {
            return page(r, 404, "Not Found", "<h2>No such item: " + esc(id) + "</h2>");
        }
        int left = stockOf(i.id());
        return page(r, 200, i.description(), "<table><tr><td><b>" + i.id() + "</b></td></tr><tr><td>" + i.description()
                + "</td></tr><tr><td>" + (left > 0 ? left + " in stock." : "Back ordered.") + "</td></tr><tr><td>" + money(i.cents())
                + "</td></tr><tr><td>" + r.a("/cart/add?workingItemId=" + i.id(), "Add to Cart") + "</td></tr></table>"
                + r.a("/catalog/products/" + i.product(), "Return to " + i.product()));
    }

    private Response search(Req r) {
        String keyword = r.param("keyword").strip().toLowerCase(Locale.ROOT);
        if (keyword.isEmpty()) {
            return page(r, 200, "Search", "<p>Please enter a keyword to search for, then press the search button.</p>");
        }
        StringBuilder b = new StringBuilder("<h2>Search results for '" + esc(keyword) + "'</h2><table>");
        List<Product> found = PRODUCTS.stream().filter(x -> x.name().toLowerCase(Locale.ROOT).contains(keyword)).toList();
        found.forEach(x -> b.append("<tr><td>").append(r.a("/catalog/products/" + x.id(), x.id())).append("</td><td>")
                .append(x.name()).append("</td></tr>"));
        return page(r, 200, "Search", b.append("</table><p>").append(found.size()).append(" products found.</p>").toString());
    }

    private Response addToCart(Req r) {
        String id = r.param("workingItemId");
        if (ITEMS.stream().noneMatch(i -> i.id().equals(id))) {
            return page(r, 404, "Not Found", "<h2>No such item: " + esc(id) + "</h2>");
        }
        synchronized (r.session) {
            r.session.cart.merge(id, 1, Integer::sum);
        }
        return cart(r, "");
    }

    private Response cart(Req r, String message) {
        StringBuilder b = new StringBuilder(message).append("<h2>Shopping Cart</h2>");
        synchronized (r.session) {
            if (r.session.cart.isEmpty()) {
                return page(r, 200, "Cart", b.append("<p>Your cart is empty.</p>").toString());
            }
            b.append(lines(r.session.cart));
            r.session.cart.keySet().forEach(id -> b.append(r.a("/cart/remove?workingItemId=" + id, "Remove " + id)).append(" "));
        }
        return page(r, 200, "Cart", b.append("<p>").append(r.a("/order/new", "Proceed to Checkout")).append("</p>").toString());
    }

    private Response signonForm(Req r, String message) {
        return page(r, 200, "Sign On", (message.isEmpty() ? "" : "<p><font color=\"red\">" + message + "</font></p>")
                + "<form action=\"" + r.url("/account/signon") + "\" method=\"post\">"
                + "<input type=\"hidden\" name=\"_sourcePage\" value=\"" + sourcePage(r.session) + "\">"
                + "<p>Please enter your username and password.</p>"
                + "<p>Username: <input type=\"text\" name=\"username\"></p>"
                + "<p>Password: <input type=\"password\" name=\"password\"></p>"
                + "<input type=\"submit\" name=\"signon\" value=\"Login\"></form>");
    }

    private Response signon(Req r) {
        if (!sourcePage(r.session).equals(r.param("_sourcePage"))) {
            return signonForm(r, "Your session has expired; please sign on again.");
        }
        String user = r.param("username");
        if (!ACCOUNTS.containsKey(user) || !ACCOUNTS.get(user).equals(r.param("password"))) {
            return signonForm(r, "Invalid username or password. Signon failed.");
        }
        Session old = r.session;
        r.session = r.newSession(); // a new id on sign-on, against session fixation
        synchronized (old) {
            r.session.cart.putAll(old.cart);
        }
        r.session.user = user;
        sessions.remove(old.id);
        return new Response(302, null, r.url("/catalog"));
    }

    private Response myOrders(Req r) {
        String user = user(r);
        if (user == null) {
            return signonForm(r, "Please sign on to see your orders.");
        }
        StringBuilder b = new StringBuilder("<h2>My Orders</h2><table><tr><th>Order ID</th><th>Total Price</th></tr>");
        synchronized (this) {
            orders.stream().filter(o -> o.user().equals(user)).forEach(o -> b.append("<tr><td>").append(o.number())
                    .append("</td><td>").append(money(o.cents())).append("</td></tr>"));
        }
        return page(r, 200, "My Orders", b.append("</table>").toString());
    }

    private Response orderForm(Req r, String message) {
        return page(r, 200, "Checkout", (message.isEmpty() ? "" : "<p><font color=\"red\">" + message + "</font></p>")
                + "<form action=\"" + r.url("/order/new") + "\" method=\"post\"><table>"
                + "<tr><td colspan=\"2\">Payment Details</td></tr>"
                + "<tr><td>Card Type:</td><td><select name=\"order.cardType\"><option>Visa</option><option>MasterCard</option>"
                + "<option>American Express</option></select></td></tr>"
                + "<tr><td>Card Number:</td><td><input type=\"text\" name=\"order.creditCard\" value=\"999 9999 9999 9999\"></td></tr>"
                + "<tr><td>Expiry Date (MM/YY):</td><td><input type=\"text\" name=\"order.expiryDate\" value=\"12/29\"></td></tr>"
                + "<tr><td>First name:</td><td><input type=\"text\" name=\"order.billToFirstName\" value=\"ABC\"></td></tr>"
                + "<tr><td>Address 1:</td><td><input type=\"text\" name=\"order.billAddress1\" value=\"901 San Antonio Road\"></td></tr>"
                + "<tr><td>City:</td><td><input type=\"text\" name=\"order.billCity\" value=\"Palo Alto\"></td></tr>"
                + "<tr><td colspan=\"2\"><input type=\"checkbox\" name=\"shippingAddressRequired\"> Ship to different address...</td></tr>"
                + "</table><input type=\"submit\" name=\"newOrder\" value=\"Continue\"></form>");
    }

    private Response newOrder(Req r) {
        if (user(r) == null) {
            return signonForm(r, "You must sign on before attempting to check out.");
        }
        if (!"Continue".equals(r.params.get("newOrder"))) {
            return orderForm(r, "Please press Continue to go on.");
        }
        if (r.param("order.creditCard").isBlank()) {
            return orderForm(r, "Card Number is required.");
        }
        synchronized (r.session) {
            if (r.session.cart.isEmpty()) {
                return cart(r, "");
            }
            r.session.pending = new LinkedHashMap<>(r.session.cart);
            r.session.pendingToken = Integer.toHexString(random.nextInt());
            return page(r, 200, "Confirm Order", "<p>Please confirm the information below and then press Confirm.</p>"
                    + lines(r.session.pending) + "<p>Ship to: " + esc(r.param("order.billToFirstName")) + ", "
                    + esc(r.param("order.billAddress1")) + ", " + esc(r.param("order.billCity")) + "</p>"
                    + "<form action=\"" + r.url("/order/confirm") + "\" method=\"post\">"
                    + "<input type=\"hidden\" name=\"orderToken\" value=\"" + r.session.pendingToken + "\">"
                    + "<input type=\"submit\" name=\"edit\" value=\"Change\"> <input type=\"submit\" name=\"confirmed\" value=\"Confirm\">"
                    + "</form>");
        }
    }

    private Response confirm(Req r) {
        String user = user(r);
        if (user == null) {
            return signonForm(r, "You must sign on before attempting to check out.");
        }
        Map<String, Integer> lines;
        synchronized (r.session) {
            if (r.session.pending == null || !r.param("orderToken").equals(r.session.pendingToken)) {
                return page(r, 409, "Confirm Order", "<p>There is no order to confirm.</p>" + r.a("/cart", "Return to cart"));
            }
            if (r.params.containsKey("edit")) {
                return orderForm(r, "");
            }
            if (!"Confirm".equals(r.params.get("confirmed"))) {
                return page(r, 400, "Confirm Order", "<p>Please press Confirm to place the order.</p>");
            }
            lines = r.session.pending;
            r.session.pending = null;
            r.session.pendingToken = null;
        }
        Order order;
        synchronized (this) {
            for (Map.Entry<String, Integer> line : lines.entrySet()) {
                if (stock.get(line.getKey()) < line.getValue()) {
                    return page(r, 409, "Confirm Order", "<p>Sorry, " + line.getKey() + " is out of stock. Nothing was ordered.</p>");
                }
            }
            lines.forEach((id, qty) -> stock.merge(id, -qty, Integer::sum));
            order = new Order(String.valueOf(nextOrder.getAndIncrement()), user, lines, total(lines));
            orders.add(order);
        }
        synchronized (r.session) {
            lines.keySet().forEach(r.session.cart::remove);
        }
        return page(r, 200, "Thank you", "<p>Thank you, your order #" + order.number() + " has been submitted.</p>"
                + lines(lines) + "<p>" + r.a("/account/orders", "My Orders") + "</p>");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String user(Req r) {
        synchronized (r.session) {
            return r.session.user;
        }
    }

    private static String sourcePage(Session s) {
        return "/WEB-INF/jsp/account/SignonForm.jsp~" + Integer.toHexString(s.id.hashCode());
    }

    private static String lines(Map<String, Integer> lines) {
        StringBuilder b = new StringBuilder("<table><tr><th>Item ID</th><th>Description</th><th>Quantity</th><th>Total Cost</th></tr>");
        lines.forEach((id, qty) -> {
            Item i = ITEMS.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            b.append("<tr><td>").append(id).append("</td><td>").append(i.description()).append("</td><td>").append(qty)
                    .append("</td><td>").append(money(i.cents() * qty)).append("</td></tr>");
        });
        return b.append("<tr><td colspan=\"4\">Sub Total: ").append(money(total(lines))).append("</td></tr></table>").toString();
    }

    private static int total(Map<String, Integer> lines) {
        return lines.entrySet().stream().mapToInt(e -> e.getValue()
                * ITEMS.stream().filter(i -> i.id().equals(e.getKey())).findFirst().orElseThrow().cents()).sum();
    }

    private Response page(Req r, int status, String title, String content) {
        String user = user(r);
        String nav = r.a("/cart", "Cart") + " | " + (user == null ? r.a("/account/signonForm", "Sign In")
                : r.a("/account/signoff", "Sign Out") + " | " + r.a("/account/orders", "My Orders"));
        return Response.page(status, "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"><html><head><title>JPetStore - "
                + title + "</title></head><body><div id=\"Header\">" + r.a("/catalog", "JPetStore") + " " + nav
                + "<form action=\"" + r.url("/search") + "\" method=\"get\"><input type=\"text\" name=\"keyword\" size=\"14\">"
                + "<input type=\"submit\" name=\"searchProducts\" value=\"Search\"></form>"
                + (user == null ? "" : "<p>Welcome " + user + "!</p>") + "</div><div id=\"Content\">" + content
                + "</div></body></html>");
    }

    private static String money(int cents) {
        return String.format(Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
