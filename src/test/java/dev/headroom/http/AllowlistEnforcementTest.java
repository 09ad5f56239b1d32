package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checker's allowlist holds on every hop: 127.0.0.2 stands for "another host", and what reaches
 * it is counted on its side.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AllowlistEnforcementTest {
    private MockWebServer shop;
    private MockWebServer otherHost;

    @BeforeEach
    void start() throws IOException {
        shop = new MockWebServer();
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
        otherHost = new MockWebServer();
        otherHost.start(InetAddress.getByName("127.0.0.2"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        shop.shutdown();
        otherHost.shutdown();
    }

    private String shopUrl(String path) {
        return "http://127.0.0.1:" + shop.getPort() + path;
    }

    private String otherUrl(String path) {
        return "http://127.0.0.2:" + otherHost.getPort() + path;
    }

    private static HttpChecker checker(TargetAllowlist allowlist) {
        return HttpChecker.builder().allowlist(allowlist).connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void theDefaultAllowlistIsLoopbackNamesOnlyAndAnotherAddressIsNeverContacted() {
        try (HttpChecker checker = HttpChecker.builder().build()) {
            assertThat(checker.allowlist()).isEqualTo(TargetAllowlist.loopbackOnly());

            CheckResult r = checker.execute(CheckRequest.get(otherUrl("/")));

            assertThat(r.failure()).isEqualTo(FailureKind.NOT_ALLOWED);
            assertThat(r.statusCode()).isZero();
            assertThat(r.reachable()).isFalse();
            assertThat(r.failureMessage())
                    .isEqualTo("not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1, localhost, ::1]");
        }
        assertThat(otherHost.getRequestCount()).isZero();
    }

    @Test
    void aRedirectOffTheAllowlistIsRefusedBeforeItIsSent() {
        shop.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", otherUrl("/landing")));
        try (HttpChecker checker = checker(TargetAllowlist.of("127.0.0.1"))) {
            CheckResult r = checker.execute(CheckRequest.get(shopUrl("/go")));

            assertThat(r.failure()).isEqualTo(FailureKind.NOT_ALLOWED);
            assertThat(r.url()).isEqualTo(otherUrl("/landing"));
            assertThat(r.redirects()).hasSize(1);
            assertThat(r.redirects().get(0).statusCode()).isEqualTo(302);
            assertThat(r.failureMessage()).contains("host '127.0.0.2' is not on the allowlist [127.0.0.1]")
                    .contains("a redirect from " + shopUrl("/go"));
        }
        assertThat(shop.getRequestCount()).isEqualTo(1);
        assertThat(otherHost.getRequestCount()).isZero();
    }

    @Test
    void aRedirectChainIsCheckedAtEveryHopNotOnlyTheFirst() {
        shop.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", "/step-two"));
        shop.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", otherUrl("/")));
        try (HttpChecker checker = checker(TargetAllowlist.of("127.0.0.1"))) {
            CheckResult r = checker.execute(CheckRequest.builder().url(shopUrl("/start")).method("POST")
                    .form(java.util.Map.of("a", "1")).build());

            assertThat(r.failure()).isEqualTo(FailureKind.NOT_ALLOWED);
            assertThat(r.redirects()).extracting(RedirectHop::statusCode).containsExactly(301, 307);
        }
        assertThat(shop.getRequestCount()).isEqualTo(2);
        assertThat(otherHost.getRequestCount()).isZero();
    }

    @Test
    void anInterceptorThatRewritesTheHostCannotLeadAroundTheAllowlist() {
        try (HttpChecker checker = HttpChecker.builder().allowlist(TargetAllowlist.of("127.0.0.1"))
                .addInterceptor(chain -> {
                    HttpUrl moved = chain.request().url().newBuilder().host("127.0.0.2").port(otherHost.getPort())
                            .build();
                    return chain.proceed(chain.request().newBuilder().url(moved).build());
                }).build()) {
            CheckResult r = checker.execute(CheckRequest.get(shopUrl("/")));

            assertThat(r.failure()).isEqualTo(FailureKind.NOT_ALLOWED);
            assertThat(r.failureMessage()).isEqualTo("not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1]");
        }
        assertThat(shop.getRequestCount()).isZero();
        assertThat(otherHost.getRequestCount()).isZero();
    }

    @Test
    void aRedirectToAnotherOriginDropsEveryHeaderTheRequestSetAndTheShopsCookies() throws Exception {
        shop.enqueue(new MockResponse().setHeader("Set-Cookie", "SID=shop-session; Path=/"));
        shop.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", otherUrl("/elsewhere")));
        otherHost.enqueue(new MockResponse().setBody("other"));
        try (HttpChecker checker = checker(TargetAllowlist.of("127.0.0.1", "127.0.0.2"))) {
            CheckSession session = checker.newSession();
            session.execute(CheckRequest.get(shopUrl("/login")));
            CheckResult r = session.execute(CheckRequest.builder().url(shopUrl("/account"))
                    .header("Authorization", "Bearer t0ken").header("X-Api-Key", "k3y")
                    .header("X-Shop-Tenant", "acme").header("Cookie", "extra=1").build());

            assertThat(r.statusCode()).isEqualTo(200);
        }
        shop.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest atShop = shop.takeRequest(5, TimeUnit.SECONDS);
        assertThat(atShop.getHeader("X-Api-Key")).isEqualTo("k3y");
        assertThat(atShop.getHeader("Cookie")).contains("SID=shop-session");
        RecordedRequest atOther = otherHost.takeRequest(5, TimeUnit.SECONDS);
        assertThat(atOther.getHeaders().names()).doesNotContain("Authorization", "X-Api-Key", "X-Shop-Tenant",
                "Cookie");
        assertThat(atOther.getHeader("User-Agent")).startsWith("Headroom/");
    }

    @Test
    void aRedirectToAnotherPortOfTheSameHostIsAnotherOriginToo() throws Exception {
        try (MockWebServer otherPort = new MockWebServer()) {
            otherPort.start(InetAddress.getByName("127.0.0.1"), 0);
            otherPort.enqueue(new MockResponse());
            shop.enqueue(new MockResponse().setResponseCode(302)
                    .setHeader("Location", "http://127.0.0.1:" + otherPort.getPort() + "/"));
            try (HttpChecker checker = checker(TargetAllowlist.of("127.0.0.1"))) {
                checker.execute(CheckRequest.builder().url(shopUrl("/")).header("X-Api-Key", "k3y").build());
            }
            assertThat(otherPort.takeRequest(5, TimeUnit.SECONDS).getHeader("X-Api-Key")).isNull();
        }
    }

    @Test
    void aRedirectWithinTheOriginKeepsTheRequestsHeaders() throws Exception {
        shop.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/next"));
        shop.enqueue(new MockResponse());
        try (HttpChecker checker = checker(TargetAllowlist.of("127.0.0.1"))) {
            checker.execute(CheckRequest.builder().url(shopUrl("/")).header("X-Api-Key", "k3y").build());
        }
        shop.takeRequest(5, TimeUnit.SECONDS);
        assertThat(shop.takeRequest(5, TimeUnit.SECONDS).getHeader("X-Api-Key")).isEqualTo("k3y");
    }

    @Test
    void responseHeadersLongerThanOkHttpsLimitAreReportedAsSuchNotAsAReset() {
        shop.enqueue(new MockResponse().setHeader("X-Huge", "a".repeat(300 * 1024)));
        try (HttpChecker checker = checker(TargetAllowlist.of("127.0.0.1"))) {
            CheckResult r = checker.execute(CheckRequest.get(shopUrl("/")));

            assertThat(r.failure()).as(r.failureMessage()).isEqualTo(FailureKind.PROTOCOL);
            assertThat(r.failureMessage()).contains("response headers never ended: larger than 256 KiB");
        }
    }
}
