package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static files and images carry an ETag and answer If-None-Match with 304, so monitors can revalidate cheaply. */
@Timeout(30)
class ConditionalAssetsTest {
    @ShopUnderTest(products = 20)
    static RunningStorefront shop;
    private static final OkHttpClient http = new OkHttpClient();

    private static Response get(String path, String ifNoneMatch, String method) throws IOException {
        Request.Builder b = new Request.Builder().url(shop.baseUrl() + path).method(method, null);
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.newCall(b.build()).execute();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/style.css", "/static/hero-pattern.svg", "/images/logo.svg", "/images/product/7.svg",
        "/favicon.ico"})
    void anAssetAnswersItsOwnEtagWith304AndNoBodyAndAnyOtherWithTheFile(String path) throws IOException {
        String etag;
        byte[] body;
        try (Response first = get(path, null, "GET")) {
            assertThat(first.code()).isEqualTo(200);
            etag = first.header("ETag");
            body = first.body().bytes();
        }
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(body).isNotEmpty();
        try (Response again = get(path, etag, "GET")) {
            assertThat(again.code()).isEqualTo(304);
            assertThat(again.header("ETag")).isEqualTo(etag);
            assertThat(again.body().bytes()).isEmpty();
        }
        try (Response weakAndListed = get(path, "\"other\", W/" + etag, "GET")) {
            assertThat(weakAndListed.code()).isEqualTo(304);
        }
        try (Response stale = get(path, "\"stale\"", "GET")) {
            assertThat(stale.code()).isEqualTo(200);
            assertThat(stale.body().bytes()).isEqualTo(body);
        }
    }

    @Test
    void differentProductImagesHaveDifferentEtagsAndTheSameImageKeepsItsEtag() throws IOException {
        String one;
        String two;
        try (Response r = get("/images/product/1.svg", null, "GET")) {
            one = r.header("ETag");
        }
        try (Response r = get("/images/product/2.svg", null, "GET")) {
            two = r.header("ETag");
        }
        try (Response r = get("/images/product/1.svg", null, "GET")) {
            assertThat(r.header("ETag")).isEqualTo(one);
        }
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void aHeadRequestIsRevalidatedLikeAGet() throws IOException {
        String etag;
        try (Response r = get("/static/style.css", null, "GET")) {
            etag = r.header("ETag");
        }
        try (Response head = get("/static/style.css", etag, "HEAD")) {
            assertThat(head.code()).isEqualTo(304);
        }
    }

    @Test
    void pagesHaveNoEtagSinceTheyChangeWithFaults() throws IOException {
        try (Response r = get("/", null, "GET")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("ETag")).isNull();
        }
    }
}
