package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpCheckerTest {
    private MockWebServer server;
    private HttpChecker checker;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        checker = HttpChecker.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        checker.close();
        server.shutdown();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("request reached the server").isNotNull();
        return r;
    }

    @Test
    void errorStatusesAreDataNotExceptions() {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("nope"));
        server.enqueue(new MockResponse().setResponseCode(503).setBody("busy"));

        CheckResult notFound = checker.execute(CheckRequest.get(url("/missing")));
        CheckResult unavailable = checker.execute(CheckRequest.get(url("/busy")));

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.failure()).isEqualTo(FailureKind.NONE);
        assertThat(notFound.reachable()).isTrue();
        assertThat(notFound.isSuccessful()).isFalse();
        assertThat(notFound.bodyText()).isEqualTo("nope");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.reason()).isEqualTo("Server Error");
    }

    @Test
    void successfulCheckExposesHeadersContentTypeAndBody() throws Exception {
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/plain; charset=utf-8").setBody("héllo"));

        CheckResult result = checker.execute(CheckRequest.get(url("/hello")));

        assertThat(result.isSuccessful()).isTrue();
        assertThat(result.url()).isEqualTo(url("/hello"));
        assertThat(result.contentType()).isEqualTo("text/plain");
        assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.bodyText()).isEqualTo("héllo");
        assertThat(result.truncated()).isFalse();
        assertThat(result.redirects()).isEmpty();
        assertThat(take().getHeader("User-Agent")).startsWith("Headroom/");
    }

    @Test
    void phasesAreTimedAndTotalCoversThem() {
        server.enqueue(new MockResponse().setHeadersDelay(150, TimeUnit.MILLISECONDS).setBody("x".repeat(1000)));

        Timings t = checker.execute(CheckRequest.get(url("/slowish"))).timings();

        assertThat(t.connect()).isPositive(); // a fresh connection
        assertThat(t.tls()).isZero(); // plain http
        assertThat(t.processing()).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        assertThat(t.transfer()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(t.total()).isGreaterThanOrEqualTo(t.phaseSum());
    }

    @Test
    void reusedConnectionHasNoConnectPhase() {
        server.enqueue(new MockResponse().setBody("a"));
        server.enqueue(new MockResponse().setBody("b"));

        checker.execute(CheckRequest.get(url("/a")));
        Timings second = checker.execute(CheckRequest.get(url("/b"))).timings();

        assertThat(second.connect()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void cookiesSetByOneResponseAreSentOnTheNextInASessionButNotSharedAcrossSessions() throws Exception {
        server.enqueue(new MockResponse().addHeader("Set-Cookie", "cart=abc123; Path=/"));
        server.enqueue(new MockResponse());
        server.enqueue(new MockResponse());
        CheckSession alice = checker.newSession();
        CheckSession bob = checker.newSession();

        alice.execute(CheckRequest.get(url("/add-to-cart")));
        alice.execute(CheckRequest.get(url("/cart")));
        bob.execute(CheckRequest.get(url("/cart")));

        take();
        assertThat(take().getHeader("Cookie")).isEqualTo("cart=abc123");
        assertThat(take().getHeader("Cookie")).isNull();
        assertThat(alice.cookie("cart")).isEqualTo("abc123");
        assertThat(bob.cookies()).isEmpty();
    }

    @Test
    void plainExecuteForgetsCookiesAfterTheCheck() throws Exception {
        server.enqueue(new MockResponse().addHeader("Set-Cookie", "seen=1"));
        server.enqueue(new MockResponse());

        checker.execute(CheckRequest.get(url("/one")));
        checker.execute(CheckRequest.get(url("/two")));

        take();
        assertThat(take().getHeader("Cookie")).isNull();
    }

    @Test
    void expiredCookieDeletesTheStoredOne() {
        server.enqueue(new MockResponse().addHeader("Set-Cookie", "sid=1; Path=/"));
        server.enqueue(new MockResponse().addHeader("Set-Cookie", "sid=; Path=/; Max-Age=0"));
        CheckSession session = checker.newSession();

        session.execute(CheckRequest.get(url("/login")));
        assertThat(session.cookie("sid")).isEqualTo("1");
        session.execute(CheckRequest.get(url("/logout")));

        assertThat(session.cookies()).isEmpty();
    }

    @Test
    void postRedirectedWith303BecomesGetWithoutBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(303).setHeader("Location", "/thanks"));
        server.enqueue(new MockResponse().setBody("thanks"));

        CheckResult result = checker.execute(
                CheckRequest.builder().url(url("/checkout")).form(Map.of("item", "42")).build());

        RecordedRequest post = take();
        RecordedRequest get = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getBody().readUtf8()).isEqualTo("item=42");
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getPath()).isEqualTo("/thanks");
        assertThat(get.getBodySize()).isZero();
        assertThat(get.getHeader("Content-Type")).isNull();
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.url()).isEqualTo(url("/thanks"));
        assertThat(result.redirects()).singleElement().satisfies(hop -> {
            assertThat(hop.url()).isEqualTo(url("/checkout"));
            assertThat(hop.method()).isEqualTo("POST");
            assertThat(hop.statusCode()).isEqualTo(303);
            assertThat(hop.location()).isEqualTo(url("/thanks"));
        });
    }

    @Test
    void redirect307KeepsMethodAndBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", url("/v2/orders")));
        server.enqueue(new MockResponse().setResponseCode(201));

        CheckResult result = checker.execute(CheckRequest.builder()
                .url(url("/orders")).body("{\"sku\":\"A1\"}", "application/json").build());

        take();
        RecordedRequest second = take();
        assertThat(second.getMethod()).isEqualTo("POST");
        assertThat(second.getPath()).isEqualTo("/v2/orders");
        assertThat(second.getBody().readUtf8()).isEqualTo("{\"sku\":\"A1\"}");
        assertThat(second.getHeader("Content-Type")).startsWith("application/json");
        assertThat(result.statusCode()).isEqualTo(201);
    }

    @Test
    void redirectsAreNotFollowedWhenTheRequestSaysSo() {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/elsewhere"));

        CheckResult result = checker.execute(CheckRequest.builder().url(url("/")).followRedirects(false).build());

        assertThat(result.statusCode()).isEqualTo(302);
        assertThat(result.header("Location")).isEqualTo("/elsewhere");
        assertThat(result.redirects()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void redirectLoopIsDetected() {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/b"));
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/a"));

        CheckResult result = checker.execute(CheckRequest.get(url("/a")));

        assertThat(result.failure()).isEqualTo(FailureKind.REDIRECT_LOOP);
        assertThat(result.failureMessage()).contains("GET " + url("/a"));
        assertThat(result.redirects()).hasSize(1);
        assertThat(result.statusCode()).isEqualTo(302);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void moreRedirectsThanTheMaximumFail() {
        HttpChecker strict = HttpChecker.builder().maxRedirects(3).build();
        for (int i = 1; i <= 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", "/step" + i));
        }

        CheckResult result = strict.execute(CheckRequest.get(url("/step0")));
        strict.close();

        assertThat(result.failure()).isEqualTo(FailureKind.TOO_MANY_REDIRECTS);
        assertThat(result.redirects()).hasSize(3);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void cookieSetDuringARedirectChainReachesTheNextHop() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/")
                .addHeader("Set-Cookie", "consent=yes"));
        server.enqueue(new MockResponse().setBody("home"));

        CheckResult result = checker.execute(CheckRequest.get(url("/")));

        take();
        assertThat(take().getHeader("Cookie")).isEqualTo("consent=yes");
        assertThat(result.failure()).as("a self-redirect that sets a cookie is not a loop").isEqualTo(FailureKind.NONE);
        assertThat(result.bodyText()).isEqualTo("home");
    }

    @Test
    void httpsToHttpRedirectIsFlaggedAsDowngrade() {
        RedirectHop secure = new RedirectHop("https://shop.test/a", "GET", 301, "https://shop.test/b", Timings.ZERO);
        RedirectHop down = new RedirectHop("https://shop.test/b", "GET", 302, "http://shop.test/c", Timings.ZERO);
        RedirectHop up = new RedirectHop("http://shop.test/c", "GET", 301, "https://shop.test/c", Timings.ZERO);

        assertThat(secure.downgrade()).isFalse();
        assertThat(up.downgrade()).isFalse();
        assertThat(down.downgrade()).isTrue();
        CheckResult result = new CheckResult(CheckRequest.get("https://shop.test/a"), "http://shop.test/c", 200, "OK",
                "http/1.1", null, null, false, java.util.List.of(secure, down), Timings.ZERO, FailureKind.NONE, null);
        assertThat(result.redirectDowngraded()).isTrue();
    }

    @Test
    void bodyCapTruncatesAFiveMegabyteBodyWithoutReadingItAll() {
        byte[] fiveMb = new byte[5 * 1024 * 1024];
        Arrays.fill(fiveMb, (byte) 'x');
        // Throttled so that reading all of it would take ~10s; the cap must stop well before.
        server.enqueue(new MockResponse().setBody(new Buffer().write(fiveMb))
                .throttleBody(64 * 1024, 125, TimeUnit.MILLISECONDS));
        HttpChecker capped = HttpChecker.builder().maxBodyBytes(100_000).build();

        long start = System.nanoTime();
        CheckResult result = capped.execute(CheckRequest.get(url("/big")));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        capped.close();

        assertThat(result.truncated()).isTrue();
        assertThat(result.bodyLength()).isEqualTo(100_000);
        assertThat(result.failure()).isEqualTo(FailureKind.NONE);
        assertThat(result.isSuccessful()).isTrue();
        assertThat(elapsed).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void perRequestBodyCapOverridesTheCheckers() {
        server.enqueue(new MockResponse().setBody("0123456789"));

        CheckResult result = checker.execute(CheckRequest.builder().url(url("/")).maxBodyBytes(4).build());

        assertThat(result.bodyText()).isEqualTo("0123");
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void bodyExactlyAtTheCapIsNotTruncated() {
        server.enqueue(new MockResponse().setBody("0123"));

        CheckResult result = checker.execute(CheckRequest.builder().url(url("/")).maxBodyBytes(4).build());

        assertThat(result.bodyText()).isEqualTo("0123");
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void invalidUtf8BodyDecodesWithoutThrowing() {
        Buffer bad = new Buffer().writeUtf8("ok ").write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}).writeUtf8(" end");
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(bad));

        CheckResult result = checker.execute(CheckRequest.get(url("/")));

        assertThat(result.bodyText()).startsWith("ok ").endsWith(" end").contains("\uFFFD");
    }

    @Test
    void htmlWithoutDeclaredCharsetIsDecodedWithItsMetaCharset() {
        byte[] latin1 = "<html><head><meta charset=\"ISO-8859-1\"></head><body>caf\u00e9</body></html>"
                .getBytes(StandardCharsets.ISO_8859_1);
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody(new Buffer().write(latin1)));

        CheckResult result = checker.execute(CheckRequest.get(url("/")));

        assertThat(result.charset().name()).isEqualTo("ISO-8859-1");
        assertThat(result.bodyText()).contains("café");
    }

    @Test
    void unknownDeclaredCharsetFallsBackInsteadOfThrowing() {
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/plain; charset=x-no-such").setBody("plain"));

        assertThat(checker.execute(CheckRequest.get(url("/"))).bodyText()).isEqualTo("plain");
    }

    @Test
    void closedPortIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }

        CheckResult result = checker.execute(CheckRequest.get("http://127.0.0.1:" + port + "/"));

        assertThat(result.failure()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(result.statusCode()).isZero();
        assertThat(result.reachable()).isFalse();
        assertThat(result.failureMessage()).isNotBlank();
    }

    @Test
    void responseSlowerThanTheReadTimeoutIsATimeout() {
        server.enqueue(new MockResponse().setHeadersDelay(3, TimeUnit.SECONDS));
        HttpChecker impatient = HttpChecker.builder().readTimeout(Duration.ofMillis(200)).build();

        CheckResult result = impatient.execute(CheckRequest.get(url("/slow")));
        impatient.close();

        assertThat(result.failure()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(result.timings().total()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void perRequestTimeoutBoundsTheWholeCheck() {
        server.enqueue(new MockResponse().setBody("slow body").throttleBody(1, 200, TimeUnit.MILLISECONDS));

        CheckResult result = checker.execute(CheckRequest.builder().url(url("/")).timeout(Duration.ofMillis(300)).build());

        assertThat(result.failure()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.timings().total()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void disconnectMidBodyIsAFailureThatKeepsThePartialBody() {
        server.enqueue(new MockResponse().setBody("x".repeat(4096))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

        CheckResult result = checker.execute(CheckRequest.get(url("/")));

        assertThat(result.failure()).isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.reachable()).isTrue();
        assertThat(result.isSuccessful()).isFalse();
        assertThat(result.bodyLength()).isBetween(0, 4095);
    }

    @Test
    void resultShowsRequestWithPasswordAuthorizationAndRegisteredSecretRedacted() throws Exception {
        HttpChecker redacting = HttpChecker.builder()
                .redactor(Redactor.builder().secret("s3cr3t-token").build())
                .build();
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/account?t=s3cr3t-token"));
        server.enqueue(new MockResponse());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("email", "ann@example.test");
        form.put("password", "hunter2");

        CheckResult result = redacting.execute(CheckRequest.builder()
                .url(url("/login?t=s3cr3t-token"))
                .header("Authorization", "Bearer abc.def")
                .form(form)
                .build());
        redacting.close();

        RecordedRequest sent = take();
        assertThat(sent.getBody().readUtf8()).isEqualTo("email=ann%40example.test&password=hunter2");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer abc.def");
        assertThat(sent.getPath()).isEqualTo("/login?t=s3cr3t-token");
        assertThat(result.request().form()).containsEntry("email", "ann@example.test")
                .containsEntry("password", Redactor.MASK);
        assertThat(result.request().headers().get("Authorization")).isEqualTo(Redactor.MASK);
        assertThat(result.request().url()).isEqualTo(url("/login?t=[REDACTED]"));
        assertThat(result.url()).doesNotContain("s3cr3t");
        assertThat(result.redirects().get(0).location()).doesNotContain("s3cr3t");
        assertThat(result.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void relativeUrlsResolveAgainstTheBase() {
        CheckRequest request = CheckRequest.builder().baseUrl("http://127.0.0.1:8080/shop/").url("cart?x=1").build();

        assertThat(request.url()).isEqualTo("http://127.0.0.1:8080/shop/cart?x=1");
    }

    @Test
    void invalidUrlsAndBodiesOnGetAreRejectedWhenBuilding() {
        assertThatThrownBy(() -> CheckRequest.get("/relative")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/relative");
        assertThatThrownBy(() -> CheckRequest.get("ftp://127.0.0.1/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckRequest.builder().url("http://127.0.0.1/").body("x", "text/plain")
                .method("GET").build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET");
    }

    @Test
    void interceptorIsTheExtensionPointAndRunsPerHop() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HttpChecker traced = HttpChecker.builder()
                .addInterceptor(chain -> {
                    calls.incrementAndGet();
                    return chain.proceed(chain.request().newBuilder().header("X-Trace", "t1").build());
                })
                .build();
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/next"));
        server.enqueue(new MockResponse());

        traced.execute(CheckRequest.get(url("/")));
        traced.close();

        assertThat(calls).hasValue(2);
        assertThat(take().getHeader("X-Trace")).isEqualTo("t1");
        assertThat(take().getHeader("X-Trace")).isEqualTo("t1");
    }

    @Test
    void oneCheckerIsSharedSafelyAcrossThreads() throws Exception {
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody(request.getPath());
            }
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<CheckResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String path = "/item/" + i;
                futures.add(pool.submit(() -> checker.execute(CheckRequest.get(url(path)))));
            }
            for (int i = 0; i < 40; i++) {
                CheckResult r = futures.get(i).get(10, TimeUnit.SECONDS);
                assertThat(r.isSuccessful()).isTrue();
                assertThat(r.bodyText()).isEqualTo("/item/" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutOwnTrustRootsAnHttpsHopIsMadeWithTheJvmsTrustStoreEvenAfterAnHttpHop() throws IOException {
        // The checker's client starts cleartext-only and adds TLS on the first https:// hop.
        okhttp3.tls.HeldCertificate selfSigned = new okhttp3.tls.HeldCertificate.Builder()
                .addSubjectAlternativeName("127.0.0.1").build();
        try (MockWebServer secure = new MockWebServer()) {
            secure.useHttps(new okhttp3.tls.HandshakeCertificates.Builder().heldCertificate(selfSigned).build()
                    .sslSocketFactory(), false);
            secure.start(InetAddress.getByName("127.0.0.1"), 0);
            server.enqueue(new MockResponse().setResponseCode(301)
                    .setHeader("Location", "https://127.0.0.1:" + secure.getPort() + "/secure"));

            CheckResult r = checker.execute(CheckRequest.get(url("/plain")));

            assertThat(r.redirects()).singleElement().satisfies(h -> assertThat(h.statusCode()).isEqualTo(301));
            // a handshake was attempted (no "CLEARTEXT-only client"), and the JVM does not trust a self-signed certificate
            assertThat(r.failure()).isEqualTo(FailureKind.TLS);
        }
    }
}
