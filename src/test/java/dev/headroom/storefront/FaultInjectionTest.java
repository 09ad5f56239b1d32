package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every fault, switched at start and at run time through the admin API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {
    @ShopUnderTest(instance = "faulty", adminToken = "test-token")
    static RunningStorefront shop;
    private AdminClient admin;

    @BeforeAll
    void start() {
        admin = new AdminClient(shop);
    }

    @AfterEach
    void clearFaults() throws Exception {
        assertThat(admin.send("DELETE", "/admin/faults").statusCode()).isEqualTo(200);
    }

    private Browser browser() {
        return new Browser(shop.baseUrl());
    }

    @Test
    void adminApiRequiresTheBearerToken() throws Exception {
        assertThat(new AdminClient(shop.adminUrl(), null).send("GET", "/admin/faults").statusCode()).isEqualTo(401);
        assertThat(new AdminClient(shop.adminUrl(), "wrong").send("PUT", "/admin/faults/oversell").statusCode()).isEqualTo(401);
        assertThat(shop.faults().isActive(Fault.OVERSELL)).isFalse();
        HttpResponse<String> list = admin.send("GET", "/admin/faults");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"active\":{}", "\"hard-down\"");
        assertThat(shop.adminUrl()).startsWith("http://127.0.0.1:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer test-token", "BEARER test-token", "bEaReR test-token", "Bearer   test-token"})
    void theBearerSchemeIsCaseInsensitiveAsRfc7235Says(String authorization) throws Exception {
        HttpResponse<String> set = putOversellWith(authorization);

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(shop.faults().isActive(Fault.OVERSELL)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer TEST-TOKEN", "Basic test-token", "Bearertest-token", "test-token", "Bearer", "Bearer test-token x"})
    void theTokenItselfIsComparedExactlyAndOnlyBehindTheBearerScheme(String authorization) throws Exception {
        HttpResponse<String> set = putOversellWith(authorization);

        assertThat(set.statusCode()).isEqualTo(401);
        assertThat(shop.faults().isActive(Fault.OVERSELL)).isFalse();
    }

    /** PUT /admin/faults/oversell with this Authorization header, as it is. */
    private HttpResponse<String> putOversellWith(String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(shop.adminUrl() + "/admin/faults/oversell"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", authorization).PUT(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownFaultOrBadValueIsRefusedWithTheValidNames() throws Exception {
        HttpResponse<String> unknown = admin.send("PUT", "/admin/faults/meteor-strike");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("broken-links", "slow-route", "hard-down");
        assertThat(admin.send("PUT", "/admin/faults/error-rate?value=7").statusCode()).isEqualTo(400);
        assertThat(admin.send("PUT", "/admin/faults/slow-route?value=cart:100").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> Storefront.builder().fault("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valid faults");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFaultCanBeSwitchedOnAndOffThroughTheAdminApi(Fault fault) throws Exception {
        HttpResponse<String> on = admin.send("PUT", "/admin/faults/" + fault.cliName());
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).contains("\"" + fault.cliName() + "\":\"" + fault.defaultValue() + "\"");
        assertThat(shop.faults().isActive(fault)).isTrue();
        HttpResponse<String> off = admin.send("DELETE", "/admin/faults/" + fault.cliName());
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("\"active\":{}");
        assertThat(shop.faults().isActive(fault)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFaultCanBeSwitchedOnAtStart(Fault fault) throws Exception {
        try (RunningStorefront started = Storefront.builder().port(0).products(30).fault(fault).build().start()) {
            assertThat(started.activeFaults()).containsOnlyKeys(fault);
            assertThat(new AdminClient(started).send("GET", "/admin/faults").body()).contains("\"" + fault.cliName() + "\"");
        }
    }

    @Test
    void brokenLinksPointAtPagesAndImagesThatAnswer404() throws Exception {
        Browser b = browser();
        assertThat(b.get("/").doc().select("a[href=/promo/winter-sale]")).isEmpty();
        admin.send("PUT", "/admin/faults/broken-links");
        assertThat(shop.faults().isActive(Fault.BROKEN_LINKS)).isTrue();
        for (String page : List.of("/", "/category/toys", "/product/14")) {
            Browser.Page p = b.get(page);
            assertThat(p.doc().select("a[href=/promo/winter-sale]")).as(page).hasSize(1);
            assertThat(p.doc().select("a[href=/product/0]")).as(page).hasSize(1);
            assertThat(p.doc().select("img[src=/images/missing/banner.png]")).as(page).hasSize(1);
        }
        assertThat(b.get("/product/13").doc().select("a[href=/promo/winter-sale]")).isEmpty();
        assertThat(b.get("/promo/winter-sale").status()).isEqualTo(404);
        assertThat(b.get("/product/0").status()).isEqualTo(404);
        assertThat(b.get("/images/missing/banner.png").status()).isEqualTo(404);
        assertThat(b.get("/metrics").body()).contains("storefront_active_faults{fault=\"broken-links\"} 1");
        admin.send("DELETE", "/admin/faults/broken-links");
        assertThat(b.get("/product/14").doc().select("a[href=/promo/winter-sale]")).isEmpty();
    }

    @Test
    void errorLeakShowsSqlErrorsOnSomeProductsAndStackTracesOnSearch() throws Exception {
        Browser b = browser();
        admin.send("PUT", "/admin/faults/error-leak");
        Browser.Page product = b.get("/product/10");
        assertThat(product.status()).isEqualTo(200);
        assertThat(product.text()).contains("org.h2.jdbc.JdbcSQLSyntaxErrorException", "SELECT * FROM PRODUCT WHERE ID");
        assertThat(b.get("/product/11").text()).doesNotContain("Exception");
        Browser.Page search = b.get("/search?q=lamp");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.text()).contains("java.lang.NullPointerException", "at dev.headroom.storefront.");
        admin.send("DELETE", "/admin/faults/error-leak");
        assertThat(b.get("/product/10").text()).doesNotContain("Exception");
        assertThat(b.get("/search?q=lamp").text()).doesNotContain("Exception");
    }

    @Test
    void errorLeakCanBeOnFromStartAndTheNormalErrorPageNeverLeaks(@ShopUnderTest(products = 30, faults = "error-leak") RunningStorefront leaky) {
        Browser b = new Browser(leaky.baseUrl());
        assertThat(b.get("/product/5").text()).contains("JdbcSQLSyntaxErrorException");
        leaky.faults().clear(Fault.ERROR_LEAK);
        assertThat(b.get("/product/5").text()).doesNotContain("JdbcSQLSyntaxErrorException");
        assertThat(browser().get("/missing").text()).doesNotContain("Exception", "SELECT");
    }

    @Test
    void slowRouteDelaysOnlyTheChosenRoute() throws Exception {
        Browser b = browser();
        assertThat(admin.send("PUT", "/admin/faults/slow-route?value=search:400").body()).contains("search:400");
        assertThat(timeMillis(() -> b.get("/search?q=lamp"))).isGreaterThanOrEqualTo(400);
        assertThat(b.get("/search?q=lamp").status()).isEqualTo(200);
        assertThat(timeMillis(() -> b.get("/checkout"))).isLessThan(400);
        admin.send("PUT", "/admin/faults/slow-route?value=300");
        assertThat(timeMillis(() -> b.get("/checkout"))).isGreaterThanOrEqualTo(300);
        assertThat(timeMillis(() -> b.get("/product/3"))).isLessThan(300);
        admin.send("DELETE", "/admin/faults/slow-route");
        assertThat(timeMillis(() -> b.get("/search?q=lamp"))).isLessThan(300);
    }

    @Test
    void errorRateFailsThatShareOfCheckoutRequestsWith503() throws Exception {
        Browser b = browser();
        admin.send("PUT", "/admin/faults/error-rate?value=1");
        Browser.Page unavailable = b.get("/checkout");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers()).containsKey("retry-after");
        assertThat(unavailable.text()).contains("Service temporarily unavailable");
        assertThat(b.post("/checkout", java.util.Map.of()).status()).isEqualTo(503);
        admin.send("PUT", "/admin/faults/error-rate?value=0.5");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(b.get("/checkout").status());
        }
        assertThat(statuses).filteredOn(s -> s == 503).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 303).hasSize(3);
        // GET and POST at 100%, then 3 of 6 at 50%
        assertThat(b.get("/metrics").body()).contains("storefront_checkout_failures_total{reason=\"unavailable\"} 5.0");
        admin.send("DELETE", "/admin/faults/error-rate");
        assertThat(b.get("/checkout").status()).isEqualTo(303);
    }

    @Test
    void hardDownHangsTheShopWhileTheAdminPortStillAnswers() throws Exception {
        Browser impatient = new Browser(shop.baseUrl(), Duration.ofMillis(700));
        assertThat(impatient.get("/health").status()).isEqualTo(200);
        admin.send("PUT", "/admin/faults/hard-down");
        assertThatThrownBy(() -> impatient.getRaw("/")).isInstanceOf(InterruptedIOException.class);
        HttpResponse<String> stillThere = admin.send("GET", "/admin/faults");
        assertThat(stillThere.statusCode()).isEqualTo(200);
        assertThat(stillThere.body()).contains("hard-down");
        admin.send("DELETE", "/admin/faults/hard-down");
        assertThat(impatient.get("/").status()).isEqualTo(200);
    }

    @Test
    void manyRequestsHangingUnderHardDownHoldNoThreadsSoTheAdminApiAndLaterRequestsAreServed() throws Exception {
        // More hanging requests than Jetty's default pool has threads (250): a blocking hang would starve everyone.
        int hanging = 300;
        admin.send("PUT", "/admin/faults/hard-down");
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> waiting = new ArrayList<>();
        for (int i = 0; i < hanging; i++) {
            waiting.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(shop.baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()));
        }
        Thread.sleep(1_000); // let the requests reach the server and park
        assertThat(waiting).noneMatch(java.util.concurrent.CompletableFuture::isDone);
        long parkedInTheHang = Thread.getAllStackTraces().values().stream()
                .filter(stack -> java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(FaultSettings.class.getName())))
                .count();
        assertThat(parkedInTheHang).as("server threads held by the hang").isZero();
        long start = System.nanoTime();
        assertThat(admin.send("GET", "/admin/faults").statusCode()).isEqualTo(200);
        admin.send("DELETE", "/admin/faults/hard-down");
        assertThat(browser().get("/health").status()).isEqualTo(200);
        for (java.util.concurrent.CompletableFuture<HttpResponse<Void>> w : waiting) {
            assertThat(w.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("admin, fresh and released requests all answered promptly").isLessThan(15_000);
    }

    @Test
    void hardDownFromStartAnswersNothingUntilCleared(@ShopUnderTest(products = 30, faults = "hard-down") RunningStorefront down) {
        Browser impatient = new Browser(down.baseUrl(), Duration.ofMillis(500));
        assertThatThrownBy(() -> impatient.getRaw("/health")).isInstanceOf(InterruptedIOException.class);
        down.faults().clear(Fault.HARD_DOWN);
        assertThat(impatient.get("/health").status()).isEqualTo(200);
    }

    @Test
    void hardDownDropsTheConnectionWithoutAnyResponseOnceTheHangTimeIsUp() throws Exception {
        long saved = ShopApp.hardDownHangMillis;
        ShopApp.hardDownHangMillis = 300;
        try (RunningStorefront down = Storefront.builder().port(0).products(30).fault(Fault.HARD_DOWN).build().start();
                java.net.Socket socket = new java.net.Socket("127.0.0.1", down.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            int firstByte;
            try {
                firstByte = socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                firstByte = -1;
            }
            assertThat(firstByte).as("no response byte, just a closed connection").isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
        } finally {
            ShopApp.hardDownHangMillis = saved;
        }
    }

    private static long timeMillis(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
