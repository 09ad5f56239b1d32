package dev.headroom.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.TargetAllowlist;
import org.junit.jupiter.api.Test;

/** The decision {@link Redirects} takes for each redirect, before anything is sent. */
class RedirectsTest {

    private final Redirects redirects = new Redirects(TargetAllowlist.of("127.0.0.1"), 3);

    @Test
    void aRelativeLocationResolvesAgainstTheCurrentUrl() {
        assertThat(redirects.next("http://127.0.0.1:8080/cart/add", "/cart?added=1", 303, "POST", 0))
                .isEqualTo(Redirects.Hop.to("http://127.0.0.1:8080/cart?added=1", "GET"));
        assertThat(redirects.next("http://127.0.0.1:8080/a/b", "c", 302, "GET", 0).url())
                .isEqualTo("http://127.0.0.1:8080/a/c");
        assertThat(redirects.next("http://127.0.0.1:8080/a", "//127.0.0.1:9090/x", 301, "GET", 0).url())
                .isEqualTo("http://127.0.0.1:9090/x");
    }

    @Test
    void methodsChangeAsInABrowser() {
        String from = "http://127.0.0.1:1/form";
        assertThat(redirects.next(from, "/next", 303, "POST", 0).method()).isEqualTo("GET");
        assertThat(redirects.next(from, "/next", 303, "HEAD", 0).method()).isEqualTo("HEAD");
        assertThat(redirects.next(from, "/next", 302, "POST", 0).method()).isEqualTo("GET");
        assertThat(redirects.next(from, "/next", 301, "POST", 0).method()).isEqualTo("GET");
        assertThat(redirects.next(from, "/next", 302, "PUT", 0).method()).isEqualTo("PUT");
        assertThat(redirects.next(from, "/next", 307, "POST", 0).method()).isEqualTo("POST");
        assertThat(redirects.next(from, "/next", 308, "POST", 0).method()).isEqualTo("POST");
    }

    @Test
    void aHostOffTheAllowlistIsRefusedWithTheAllowlistsOwnWords() {
        Redirects.Hop hop = redirects.next("http://127.0.0.1:8080/", "http://127.0.0.2:8080/", 302, "GET", 0);
        assertThat(hop.url()).isNull();
        assertThat(hop.refused()).isTrue();
        assertThat(hop.failure()).isEqualTo("not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1]");
        assertThat(redirects.next("http://127.0.0.1:8080/", "https://shop.example.com/", 301, "GET", 0).failure())
                .isEqualTo(TargetAllowlist.of("127.0.0.1").refusal("shop.example.com"));
    }

    @Test
    void hopsAreBoundedAndABrokenLocationIsANamedFailure() {
        assertThat(redirects.next("http://127.0.0.1:1/", "/x", 302, "GET", 2).url()).isEqualTo("http://127.0.0.1:1/x");
        Redirects.Hop tooMany = redirects.next("http://127.0.0.1:1/", "/x", 302, "GET", 3);
        assertThat(tooMany.failure()).isEqualTo("redirect not followed: more than 3 redirects in a row");
        assertThat(tooMany.refused()).isFalse();
        assertThat(redirects.next("http://127.0.0.1:1/", "", 302, "GET", 0).failure())
                .isEqualTo("redirect not followed: a 302 without a Location header");
        assertThat(redirects.next("http://127.0.0.1:1/", "ftp://127.0.0.1/x", 302, "GET", 0).failure())
                .isEqualTo("redirect not followed: a 302 whose Location is not an http(s) URL");
    }

    @Test
    void onlyTheFiveRedirectStatusesAreFollowed() {
        assertThat(java.util.stream.IntStream.rangeClosed(300, 399).filter(Redirects::isRedirect).boxed())
                .containsExactly(301, 302, 303, 307, 308);
    }
}
