package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class LinkExtractionTest {
    private static final HttpUrl PAGE = HttpUrl.get("https://shop.test/dir/page.html");

    private static List<String> urls(Links.Parsed p, Links.Use use) {
        return p.links().stream().filter(l -> l.use() == use).map(l -> l.url().toString()).toList();
    }

    @Test
    void everyKindOfLinkAndAssetIsExtractedAndResolved() {
        String html = """
                <html><head>
                <link rel="stylesheet" href="/s.css"><link rel="icon" href="fav.ico"><link rel="canonical" href="/canon">
                <link rel="preload" href="/font.woff2" as="font"><link rel="alternate" href="/feed">
                <meta http-equiv="refresh" content="5; url=/refreshed"><meta property="og:image" content="/og.png">
                <style>body { background: url('/bg.png') } @import "/imported.css";</style>
                <script src="app.js"></script></head><body>
                <a href="../up.html">up</a> <a href="#local">local</a> <a href="mailto:x@y.z">mail</a> <a href="javascript:void(0)">js</a>
                <img src="/i.png" srcset="/i-1x.png 1x, /i-2x.png 2x">
                <picture><source srcset="/p.webp 100w, /p2.webp 200w"><img src="/p.png"></picture>
                <div style="background-image: url(/inline.png)">x</div>
                <form action="/search" method="get"><input name="q"></form><form action="/cart" method="post"></form>
                </body></html>""";
        Links.Parsed p = Links.parse(Jsoup.parse(html), PAGE);

        assertThat(urls(p, Links.Use.NAVIGATE)).containsExactlyInAnyOrder("https://shop.test/canon", "https://shop.test/feed",
                "https://shop.test/refreshed", "https://shop.test/up.html", "https://shop.test/dir/page.html#local",
                "https://shop.test/search");
        assertThat(urls(p, Links.Use.STYLESHEET)).containsExactlyInAnyOrder("https://shop.test/s.css",
                "https://shop.test/imported.css");
        assertThat(urls(p, Links.Use.ASSET)).containsExactlyInAnyOrder("https://shop.test/dir/fav.ico",
                "https://shop.test/font.woff2", "https://shop.test/og.png", "https://shop.test/bg.png",
                "https://shop.test/dir/app.js", "https://shop.test/i.png", "https://shop.test/i-1x.png",
                "https://shop.test/i-2x.png", "https://shop.test/p.webp", "https://shop.test/p2.webp",
                "https://shop.test/p.png", "https://shop.test/inline.png");
        assertThat(p.title()).isEmpty();
        assertThat(p.empty()).isFalse();
    }

    @Test
    void cssFilesYieldTheirUrlsAndImports() {
        List<Links.Link> links = Links.css("@import url(\"base.css\"); .a{background:url(img/a.png)} .b{src:url(data:x)} /* themeroller: ?icons=url(%22images%2Fx.png%22) */",
                HttpUrl.get("http://h.test/css/site.css"));
        assertThat(links).extracting(l -> l.url().toString() + " " + l.use())
                .containsExactly("http://h.test/css/base.css STYLESHEET", "http://h.test/css/img/a.png ASSET");
    }

    @Test
    void theFirstBaseHrefResolvesEveryLink() {
        Links.Parsed p = Links.parse(Jsoup.parse("<head><base target='_top'><base HREF='/sub/'><base href='/other/'></head>"
                + "<a href='x.html'>x</a><a href='x.html#f'>y</a>"), PAGE);
        assertThat(urls(p, Links.Use.NAVIGATE)).containsExactly("https://shop.test/sub/x.html", "https://shop.test/sub/x.html#f");
    }

    @Test
    void idsAndAnchorNamesAreKeptForFragmentChecks() {
        Links.Parsed p = Links.parse(Jsoup.parse("<h2 id='a'>A</h2><a name='b'>B</a>"), PAGE);
        assertThat(p.anchorHashes()).contains("a".hashCode(), "b".hashCode());
    }

    @Test
    void anHttpsPageLoadingAnHttpImageIsMixedContentButAnHttpLinkIsNot() {
        Links.Parsed p = Links.parse(Jsoup.parse("<img src='http://cdn.test/a.png'><a href='http://other.test/'>x</a>"), PAGE);
        assertThat(p.links().stream().filter(l -> Links.mixedContent(PAGE, l)).map(l -> l.url().toString()))
                .containsExactly("http://cdn.test/a.png");
        HttpUrl plain = HttpUrl.get("http://shop.test/");
        assertThat(p.links()).noneMatch(l -> Links.mixedContent(plain, l));
    }

    @Test
    void theNormalisedKeyIsTheNormalisedUrlsString() {
        for (Set<String> strip : List.of(Set.<String>of(), Set.of("jsessionid", "sid"))) {
            UrlNormalizer n = new UrlNormalizer(strip);
            for (String u : List.of("http://h.test/a/b.html", "http://h.test/a/b.html#f%20g", "http://h.test/a?x=1#y",
                    "http://h.test/a;jsessionid=1/b#z", "http://h.test/?sid=2&q=a%23b#c", "http://h.test/p?#")) {
                HttpUrl url = HttpUrl.get(u);
                assertThat(n.key(url)).as(u).isEqualTo(n.normalize(url).toString());
                assertThat(n.normalize(url).encodedFragment()).isNull();
            }
        }
    }

    @Test
    void urlsAreNormalisedAndSessionIdsStripped() {
        UrlNormalizer n = new UrlNormalizer(Set.of("jsessionid", "phpsessid", "sid"));
        assertThat(n.normalize(HttpUrl.get("HTTP://Shop.TEST:80/a/./b/../c;jsessionid=XYZ?b=2&PHPSESSID=1&a=1#frag")).toString())
                .isEqualTo("http://shop.test/a/c?b=2&a=1");
        assertThat(n.normalize(HttpUrl.get("https://shop.test/x?sid=9")).toString()).isEqualTo("https://shop.test/x");
    }

    @Test
    void robotsTxtLongestMatchWinsAndWildcardsWork() {
        RobotsTxt r = RobotsTxt.parse("""
                User-agent: other
                Disallow: /

                User-agent: *
                Disallow: /cart
                Disallow: /*.pdf$
                Allow: /cart/public
                Sitemap: http://h.test/sitemap.xml
                """, "Headroom-crawler (+x)");
        assertThat(r.allows("/")).isTrue();
        assertThat(r.allows("/cart")).isFalse();
        assertThat(r.allows("/cart/items")).isFalse();
        assertThat(r.allows("/cart/public/x")).isTrue();
        assertThat(r.allows("/docs/a.pdf")).isFalse();
        assertThat(r.allows("/docs/a.pdf?x")).isTrue();
        assertThat(r.sitemaps()).containsExactly("http://h.test/sitemap.xml");
        assertThat(RobotsTxt.parse("User-agent: headroom-crawler\nDisallow: /private\n", "Headroom-crawler (+x)")
                .allows("/private/x")).isFalse();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(Crawler.retryAfterMs("3")).isEqualTo(3000);
        assertThat(Crawler.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
        assertThat(Crawler.retryAfterMs("soon")).isEqualTo(-1);
        assertThat(Crawler.retryAfterMs(null)).isEqualTo(-1);
    }

    @Test
    void errorSignaturesCatchCommonLeaksAndLeaveDocumentationAlone() {
        List<String> leaks = List.of(
                "org.h2.jdbc.JdbcSQLSyntaxErrorException: Syntax error in SQL statement",
                "ORA-00933: SQL command not properly ended",
                "You have an error in your SQL syntax; check the manual",
                "SQLSTATE[42000]: Syntax error",
                "java.sql.SQLSyntaxErrorException: bad grammar",
                "\tat com.shop.web.SearchController.search(SearchController.java:42)",
                "Exception in thread \"main\" java.lang.IllegalStateException: closed\n\tat com.shop.Main.run(Main.java:7)",
                "SQLSTATE: 08001 could not connect",
                "Traceback (most recent call last):\n  File \"app.py\", line 3",
                "Fatal error: Uncaught Error in /var/www/index.php on line 12",
                "HTTP Error 403.9 - Forbidden: Too many users are connected",
                "Server Error in '/' Application.");
        for (String leak : leaks) {
            assertThat(ErrorSignature.DEFAULTS).as(leak)
                    .anyMatch(s -> s.worthTrying(leak) && s.pattern().matcher(leak).find());
        }
        String docs = "Throwable: prints a stack trace such as  at Junk.a(Junk.java:13). The SQLState of an "
                + "SQLException; NullPointerException is thrown when... Retrieves the SQLSTATE value. "
                + "Returns the SQLSTATE returned by SQLException.getSQLState is either X/Open SQLSTATE; one of:\n"
                + " Exception in thread \"main\" java.lang.Exception: Something happened\n  at Foo.bar(Foo.java:10)\n";
        assertThat(ErrorSignature.DEFAULTS).noneMatch(s -> s.worthTrying(docs) && s.pattern().matcher(docs).find());
    }
}
