package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.RedirectChain.Decision;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedirectChainTest {
    private static final Headers SENT = Headers.of("User-Agent", "headroom", "Authorization", "Bearer s3cret",
            "Content-Type", "application/x-www-form-urlencoded", "X-Api-Key", "k");

    private static RedirectChain chain(String method, String url, int maxRedirects) {
        return new RedirectChain(TargetAllowlist.loopbackOnly(), maxRedirects, Redactor.defaults(), method,
                HttpUrl.get(url), SENT, !method.equals("GET"));
    }

    private static Decision.Follow follow(Decision d) {
        assertThat(d).isInstanceOf(Decision.Follow.class);
        return (Decision.Follow) d;
    }

    private static Decision.Stop stop(Decision d) {
        assertThat(d).isInstanceOf(Decision.Stop.class);
        return (Decision.Stop) d;
    }

    @Test
    void aSeeOtherAfterAPostBecomesAGetWithoutTheBodyOrTheHeadersThatDescribeIt() {
        Decision.Follow f = follow(chain("POST", "http://127.0.0.1:8080/cart/add", 10)
                .next(303, "/cart", false, Timings.ZERO));

        assertThat(f.url()).hasToString("http://127.0.0.1:8080/cart");
        assertThat(f.method()).isEqualTo("GET");
        assertThat(f.keepsBody()).isFalse();
        assertThat(f.headers().get("Content-Type")).isNull();
        assertThat(f.headers().get("Authorization")).as("same origin keeps credentials").isEqualTo("Bearer s3cret");
    }

    @Test
    void aTemporaryRedirectKeepsTheMethodAndTheBody() {
        Decision.Follow f = follow(chain("POST", "http://127.0.0.1:8080/pay", 10).next(307, "/pay/v2", false, Timings.ZERO));

        assertThat(f.method()).isEqualTo("POST");
        assertThat(f.keepsBody()).isTrue();
        assertThat(f.headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void aHopToAnotherOriginKeepsOnlyTheUserAgentAndTheContentTypeOfABodyItStillCarries() {
        Decision.Follow f = follow(chain("POST", "http://127.0.0.1:8080/pay", 10)
                .next(308, "http://localhost:9000/pay", false, Timings.ZERO));

        assertThat(f.headers().names()).containsExactlyInAnyOrder("User-Agent", "Content-Type");
        assertThat(f.headers().get("User-Agent")).isEqualTo("headroom");
    }

    @Test
    void aHostOffTheAllowlistIsNeverFollowedAndTheHopThatPointedThereIsListed() {
        RedirectChain c = chain("GET", "http://127.0.0.1:8080/out", 10);

        Decision.Stop s = stop(c.next(302, "http://127.0.0.2:8080/elsewhere", false, Timings.ZERO));

        assertThat(s.failure()).isEqualTo(FailureKind.NOT_ALLOWED);
        assertThat(s.at()).hasToString("http://127.0.0.2:8080/elsewhere");
        assertThat(s.message()).contains("not sent: host '127.0.0.2'")
                .contains("a redirect from http://127.0.0.1:8080/out pointed there");
        assertThat(c.hops()).singleElement().satisfies(h -> assertThat(h.location()).isEqualTo("http://127.0.0.2:8080/elsewhere"));
    }

    @Test
    void aMethodAndUrlRequestedTwiceIsALoopUnlessACookieWasSetInBetween() {
        RedirectChain looping = chain("GET", "http://127.0.0.1:8080/a", 10);
        follow(looping.next(302, "/b", false, Timings.ZERO));
        Decision.Stop loop = stop(looping.next(302, "/a", false, Timings.ZERO));

        RedirectChain signingIn = chain("GET", "http://127.0.0.1:8080/a", 10);
        follow(signingIn.next(302, "/signin", false, Timings.ZERO));
        Decision back = signingIn.next(302, "/a", true, Timings.ZERO);

        assertThat(loop.failure()).isEqualTo(FailureKind.REDIRECT_LOOP);
        assertThat(loop.message()).isEqualTo("redirect loop: GET http://127.0.0.1:8080/a was already requested in this chain");
        assertThat(loop.at()).hasToString("http://127.0.0.1:8080/b");
        assertThat(follow(back).url()).hasToString("http://127.0.0.1:8080/a");
    }

    @Test
    void moreHopsThanAllowedEndTheChainAtTheLastOne() {
        RedirectChain c = chain("GET", "http://127.0.0.1:8080/0", 2);
        follow(c.next(301, "/1", false, Timings.ZERO));
        follow(c.next(301, "/2", false, Timings.ZERO));

        Decision.Stop s = stop(c.next(301, "/3", false, Timings.ZERO));

        assertThat(s.failure()).isEqualTo(FailureKind.TOO_MANY_REDIRECTS);
        assertThat(s.message()).isEqualTo("more than 2 redirects; next was http://127.0.0.1:8080/3");
        assertThat(c.hops()).hasSize(2);
        assertThat(c.url()).hasToString("http://127.0.0.1:8080/2");
    }

    @Test
    void aLocationThatIsNotAnHttpUrlIsAProtocolFailure() {
        Decision.Stop s = stop(chain("GET", "http://127.0.0.1:8080/", 10).next(302, "mailto:x@example.com", false, Timings.ZERO));

        assertThat(s.failure()).isEqualTo(FailureKind.PROTOCOL);
        assertThat(s.message()).startsWith("redirect 302 has an unusable Location");
    }

    @Test
    void secretsInARedirectsUrlAreRedactedInItsHops() {
        RedirectChain c = chain("GET", "http://127.0.0.1:8080/login", 10);

        follow(c.next(302, "/welcome?token=abc123", false, Timings.ZERO));

        assertThat(c.hops().get(0).location()).doesNotContain("abc123").contains(Redactor.MASK);
    }
}
