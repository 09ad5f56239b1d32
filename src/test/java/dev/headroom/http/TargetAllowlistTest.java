package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class TargetAllowlistTest {

    @Test
    void loopbackOnlyAcceptsLoopbackHostsOnAnyPort() {
        TargetAllowlist allow = TargetAllowlist.loopbackOnly();

        assertThat(allow.isAllowed(HttpUrl.get("http://127.0.0.1:8080/"))).isTrue();
        assertThat(allow.isAllowed(HttpUrl.get("http://LOCALHOST/"))).isTrue();
        assertThat(allow.isAllowed(HttpUrl.get("http://[::1]:9000/"))).isTrue();
        assertThat(allow.isAllowed(URI.create("http://[::1]:9000/"))).isTrue();
        assertThat(allow.isAllowed(HttpUrl.get("https://example.com/"))).isFalse();
    }

    @Test
    void refusedHostIsNamedWithTheAllowlistInTheMessage() {
        assertThatThrownBy(() -> TargetAllowlist.loopbackOnly().check("https://example.com/checkout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to send traffic to host 'example.com': it is not in the target allowlist "
                        + "[127.0.0.1, localhost, ::1]");
    }

    @Test
    void wildcardMatchesSubdomainsButNotTheApexOrLookalikes() {
        TargetAllowlist allow = TargetAllowlist.of("*.example.test");

        assertThat(allow.isAllowedHost("shop.example.test")).isTrue();
        assertThat(allow.isAllowedHost("a.b.example.test")).isTrue();
        assertThat(allow.isAllowedHost("example.test")).isFalse();
        assertThat(allow.isAllowedHost("evilexample.test")).isFalse();
    }

    @Test
    void malformedPatternsAreRejected() {
        assertThatThrownBy(() -> TargetAllowlist.of("shop.*.test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetAllowlist.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
