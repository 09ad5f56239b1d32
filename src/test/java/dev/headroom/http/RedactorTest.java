package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.builder().secret("4111 1111 1111 1111", "p@ss word").build();

    @Test
    void registeredSecretsAreMaskedRawAndUrlEncoded() {
        assertThat(redactor.redact("card 4111 1111 1111 1111 declined")).isEqualTo("card [REDACTED] declined");
        assertThat(redactor.redact("q=p%40ss+word&x=1")).isEqualTo("q=[REDACTED]&x=1");
    }

    @Test
    void sensitiveParametersAreMaskedByNameInQueriesFormsAndJson() {
        assertThat(redactor.redact("user=ann&password=hunter2&new_password=x&cart=3"))
                .isEqualTo("user=ann&password=[REDACTED]&new_password=[REDACTED]&cart=3");
        assertThat(redactor.redact("{\"cvv\": \"123\", \"qty\": \"2\"}"))
                .isEqualTo("{\"cvv\": \"[REDACTED]\", \"qty\": \"2\"}");
    }

    @Test
    void urlUserinfoPasswordIsMasked() {
        assertThat(redactor.redactUrl("https://ann:hunter2@shop.test/a?access_token=abc&page=2"))
                .isEqualTo("https://ann:[REDACTED]@shop.test/a?access_token=[REDACTED]&page=2");
    }

    @Test
    void sensitiveHeadersAreMaskedWholeAndOthersKeptCaseInsensitively() {
        Headers headers = Headers.of("authorization", "Basic YWJj", "Cookie", "sid=1", "Accept", "text/html",
                "X-Note", "p@ss word");

        Headers out = Redactor.builder().secret("p@ss word").sensitiveHeader("X-Tenant").build().redactHeaders(headers);

        assertThat(out.get("Authorization")).isEqualTo(Redactor.MASK);
        assertThat(out.get("Cookie")).isEqualTo(Redactor.MASK);
        assertThat(out.get("Accept")).isEqualTo("text/html");
        assertThat(out.get("X-Note")).isEqualTo(Redactor.MASK);
    }

    @Test
    void formFieldsAreMaskedByNameKeepingOrder() {
        assertThat(redactor.redactForm(Map.of("card_number", "4242"))).containsEntry("card_number", Redactor.MASK);
    }

    @Test
    void noneRedactsNothingAndNullStaysNull() {
        assertThat(Redactor.none().redact("password=x")).isEqualTo("password=x");
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void withSecretsAddsToACopy() {
        Redactor more = Redactor.defaults().withSecrets("tok-42");

        assertThat(more.redact("id tok-42")).isEqualTo("id [REDACTED]");
        assertThat(Redactor.defaults().redact("id tok-42")).isEqualTo("id tok-42");
    }
}
