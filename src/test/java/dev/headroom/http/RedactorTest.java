package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.builder().secret("4111 1111 1111 1111", "p@ss word").build();

    @Test
    void registeredSecretsAreMaskedRawAndUrlEncoded() {
        assertThat(redactor.redact("card 4111 1111 1111 1111 declined")).isEqualTo("card [REDACTED] declined");
        assertThat(redactor.redact("q=p%40ss+word&x=1")).isEqualTo("q=[REDACTED]&x=1");
    }

    @Test
    void aSecretIsMaskedPercentEncodedWithPlusOrPercent20AndHexInEitherCase() {
        assertThat(redactor.redact("q=p%40ss%20word&x=1")).isEqualTo("q=[REDACTED]&x=1");
        assertThat(redactor.redact("q=p%40ss+word")).isEqualTo("q=[REDACTED]");
        assertThat(redactor.redact("/p%40Ss%20word/".replace("S", "s"))).isEqualTo("/[REDACTED]/");
        assertThat(redactor.redact("%70%40%73%73%20%77%6f%72%64 and %70%40%73%73%20%77%6F%72%64"))
                .isEqualTo("[REDACTED] and [REDACTED]");
    }

    @Test
    void aSecretIsMaskedPartlyEncodedAsOkHttpLeavesItInQueriesPathsFormsAndUserinfo() throws java.io.IOException {
        HttpUrl url = new HttpUrl.Builder().scheme("http").host("shop.test").username("ann").password("p@ss word")
                .addPathSegment("p@ss word").addQueryParameter("q", "p@ss word").build();
        assertThat(url.toString()).contains("p@ss%20word"); // '@' raw in the path and query, the space as %20

        assertThat(redactor.redact(url.toString())).isEqualTo("http://ann:[REDACTED]@shop.test/[REDACTED]?q=[REDACTED]");
        Buffer form = new Buffer();
        new FormBody.Builder().add("note", "p@ss word").build().writeTo(form);
        assertThat(redactor.redact(form.readUtf8())).isEqualTo("note=[REDACTED]");
    }

    @Test
    void aSecretIsMaskedAsHtmlCharacterReferences() {
        Redactor r = Redactor.builder().secret("a&b<c>\"d'e é").build();

        assertThat(r.redact("<p>a&amp;b&lt;c&gt;&quot;d&#39;e &eacute;</p>")).isEqualTo("<p>[REDACTED]</p>");
        assertThat(r.redact("<p>a&#38;b&#x3C;c&#X3e;&#034;d&apos;e&nbsp;&#233;</p>")).isEqualTo("<p>[REDACTED]</p>");
    }

    @Test
    void aSecretIsMaskedAsJsonStringEscapes() {
        Redactor r = Redactor.builder().secret("a\"b\\c/d é").build();

        assertThat(r.redact("{\"v\":\"a\\\"b\\\\c\\/d \\u00e9\"}")).isEqualTo("{\"v\":\"[REDACTED]\"}");
        assertThat(r.redact("{\"v\":\"\\u0061\\u0022b\\\\c/d\\u0020\\u00E9\"}")).isEqualTo("{\"v\":\"[REDACTED]\"}");
    }

    @Test
    void aSecretIsMaskedInsideBase64AsInBasicAuthorizationWhateverTheUser() {
        String basic = Base64.getEncoder().encodeToString("anyone:p@ss word".getBytes(StandardCharsets.UTF_8));
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"pw\":\"p@ss word\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(Redactor.builder().clearSensitiveHeaders().secret("p@ss word").build().redact("Authorization: Basic " + basic))
                .as("found by decoding, not by the header name").isEqualTo("Authorization: Basic [REDACTED]");
        assertThat(redactor.redact("token " + urlSafe + " end")).isEqualTo("token [REDACTED] end");
        assertThat(redactor.redact("glued" + basic)).isEqualTo("[REDACTED]");
    }

    @Test
    void authorizationCredentialsInFreeTextAreMaskedEvenWhenUnknown() {
        assertThat(Redactor.defaults().redact("> Authorization: Bearer eyJhbGciOi.x-y_z\n> Accept: */*"))
                .isEqualTo("> Authorization: Bearer [REDACTED]\n> Accept: */*");
        assertThat(Redactor.defaults().redact("{\"authorization\": \"Basic YW5uOmh1bnRlcjI=\"}"))
                .isEqualTo("{\"authorization\": \"Basic [REDACTED]\"}");
        assertThat(Redactor.defaults().redact("payment authorization: declined")).isEqualTo("payment authorization: declined");
    }

    @Test
    void aSecretIsMaskedAsAnHtmlParserReadsItWithWhitespaceCollapsedAndTrimmed() {
        Redactor r = Redactor.builder().secret("4111  1111\t1111 1111", " p@ss word ").build();
        String page = "<main><p>Your card: <b>4111  1111\t1111 1111</b></p><p> p@ss word </p></main>";

        String text = Jsoup.parse(page).text();
        assertThat(text).isEqualTo("Your card: 4111 1111 1111 1111 p@ss word"); // neither secret as registered

        assertThat(r.redact(text)).isEqualTo("Your card: [REDACTED] [REDACTED]");
    }

    @Test
    void aSecretEchoedRawIsMaskedAsTheParserDecodesItsEntities() {
        Redactor r = Redactor.builder().secret("x&copy;y&lt").build();

        assertThat(r.redact(Jsoup.parse("<p>x&copy;y&lt</p>").text())).isEqualTo("[REDACTED]");
    }

    @Test
    void aSecretIsMaskedInUnicodeNormalFormsAndAsTheNonAsciiPartsEncode() {
        Redactor r = Redactor.builder().secret("caf\u00e9 \u20ac5 \ud83d\ude00").build();

        assertThat(r.redact("caf" + "e\u0301 \u20ac5 \ud83d\ude00")).as("NFD").isEqualTo("[REDACTED]");
        assertThat(r.redact("caf%C3%A9%20%E2%82%AC5%20%F0%9F%98%80")).isEqualTo("[REDACTED]");
        assertThat(r.redact("caf%E9+%E2%82%ac5+%f0%9f%98%80")).as("Latin-1 byte").isEqualTo("[REDACTED]");
        assertThat(r.redact("caf\\u00e9 \\u20AC5 \\ud83d\\ude00")).isEqualTo("[REDACTED]");
        assertThat(r.redact("caf&#233; &euro;5 &#x1F600;")).isEqualTo("[REDACTED]");
    }

    @Test
    void overlappingSecretsAreMaskedOnceAsAWhole() {
        Redactor r = Redactor.builder().secret("abc-def", "def-ghi").build();

        assertThat(r.redact("x abc-def-ghi y")).isEqualTo("x [REDACTED] y");
    }

    @Test
    void textWithoutTheSecretIsLeftAlone() {
        String page = "<p>p@ss-words are case sensitive: P@ss word, p@sS word &amp; pass word are other things</p>";

        assertThat(redactor.redact(page)).isEqualTo(page);
    }

    @Test
    void anExcerptIsRedactedWholeBeforeItIsCutSoASecretStraddlingTheCutLeavesNothing() {
        String text = "x".repeat(495) + "p%40ss%20word and the rest";

        String excerpt = redactor.redactedExcerpt(text, 500);

        assertThat(excerpt).isEqualTo("x".repeat(495) + "\u2026").doesNotContain("p%4").doesNotContain("[RED");
        assertThat(redactor.redactedExcerpt("short p@ss word", 500)).isEqualTo("short [REDACTED]");
        assertThat(redactor.redactedExcerpt("x".repeat(600), 500)).isEqualTo("x".repeat(500) + "\u2026");
    }

    @Test
    void aTailIsRedactedWholeBeforeItIsCut() {
        String output = "login with p@ss word" + "y".repeat(30);

        assertThat(redactor.redactedTail(output, 35)).isEqualTo("\u2026" + "y".repeat(30));
        assertThat(Redactor.defaults().redactedTail("curl -d password=hunter2 done", 20)).isEqualTo("\u2026word=[REDACTED] done");
    }

    @Test
    void aTenMebibyteBodyIsRedactedInWellUnderASecond() {
        StringBuilder body = new StringBuilder(11 << 20);
        String chunk = "<li class=\"product\"><a href=\"/product/42?ref=home&amp;page=2\">Boots 42.00 &euro;</a></li>\n";
        while (body.length() < 10 << 20) {
            body.append(chunk);
        }
        body.append("p@ss%20word");
        Redactor r = Redactor.builder().secret("p@ss word", "4242 4242 4242 4242").build();
        r.redact("warm-up " + chunk.repeat(1000));

        long t0 = System.nanoTime();
        String out = r.redact(body.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(out).endsWith("</li>\n[REDACTED]");
        // A sanity bound, not a benchmark (about 0.2 s on a shared CI core): catches a quadratic regex.
        assertThat(ms).as("ms for 10 MiB").isLessThan(5000);
    }

    @Test
    void sensitiveParametersAreMaskedByNameInQueriesFormsAndJson() {
        assertThat(redactor.redact("user=ann&password=hunter2&new_password=x&cart=3"))
                .isEqualTo("user=ann&password=[REDACTED]&new_password=[REDACTED]&cart=3");
        assertThat(redactor.redact("{\"cvv\": \"123\", \"qty\": \"2\"}"))
                .isEqualTo("{\"cvv\": \"[REDACTED]\", \"qty\": \"2\"}");
    }

    @Test
    void aSessionIdInAPathParameterIsMaskedAndTheQueryAfterItIsKept() {
        assertThat(redactor.redact("GET http://127.0.0.1/shop/search;jsessionid=0A1B2C?keyword=angel&page=2"))
                .isEqualTo("GET http://127.0.0.1/shop/search;jsessionid=[REDACTED]?keyword=angel&page=2");
        assertThat(redactor.redact("/shop/cart;jsessionid=0A1B2C#top")).isEqualTo("/shop/cart;jsessionid=[REDACTED]#top");
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
