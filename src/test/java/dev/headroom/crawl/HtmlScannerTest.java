package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streaming scan must read every page as the jsoup DOM walk ({@link Links#parse}) does. */
class HtmlScannerTest {
    private static final HttpUrl PAGE = HttpUrl.get("https://shop.test/dir/page.html");

    private static List<String> links(Links.Parsed p) {
        return p.links().stream().map(l -> l.use() + " " + l.url()).sorted().distinct().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<html><head><title>A &amp; B</title><base href='/sub/'></head><body><a href=x.html>x</a></body></html>",
        "<a href='a.html'>a</a><base href='/late/'><a href='b.html'>b</a>",
        "<!-- <a href='commented.html'>no</a> --><a href=\"live.html\">yes</a>",
        "<!--> <a href=after-empty-comment.html>x</a> <!---> <a href=y.html>y</a>",
        "<script>var s = '<a href=\"in-script.html\">'; if (a < b) {}</script><a href=after.html>after</a>",
        "<SCRIPT SRC=/App.js></SCRIPT ><STYLE>div{background:url(\"/bg.png\")}</style><IMG SRC='/I.PNG'>",
        "<style>@import 'x.css'; /* url(no.png) */</style><p style=\"background: url('/inline.png')\">t</p>",
        "<a href='q?a=1&amp;b=2&lt;3'>q</a><a href=\"r?x=&copy;&notin;&#x41;&#66;\">r</a><a href=s?t=1&sect=2>s</a>",
        "<a href=one.html href=two.html id=first id=second>dup</a>",
        "<a href = 'spaced.html' >s</a><a\nhref\n=\nnewline.html>n</a><a href=unq.html/>u</a>",
        "<textarea><a href='in-textarea.html'></a></textarea><title>T</title><xmp><a href=in-xmp.html></xmp>",
        "<noscript><img src='/ns.png'></noscript><template><a href='tpl.html'>t</a></template>",
        "<svg><image href='/svg.png'/><a href='/svg-link'>s</a></svg><image src='/image-tag.png'>",
        "<![CDATA[ <a href='cdata.html'> ]]><a href='real.html'>r</a>",
        "<h1>Page <span>not</span>\n   found</h1><h1>second</h1>",
        "<h1>Title<br>Line<div>Block</div>tail</h1>",
        "<html><head><title>  Spaces   here </title></head><body>   \n  </body></html>",
        "<html><body><img src='/only-media.png'></body></html>",
        "<html><head><meta http-equiv='refresh' content='0; URL=/moved'><meta property='og:image' content='/og.png'>"
                + "<link rel='Stylesheet' href='/s.css'><link rel='preload' as='style' href='/p.css'>"
                + "<link rel='icon' href='/i.ico'><link rel='next' href='/2'></head></html>",
        "<form action='/s'><input name=q></form><form method=POST action=/p></form><form></form>",
        "<picture><source srcset='/a.webp 1x, /b.webp 2x'><img src=/c.png srcset='/d.png 100w,/e.png 200w'></picture>",
        "<video src=/v.mp4 poster=/poster.jpg><track src=/t.vtt></video><audio src=/a.mp3></audio><embed src=/e.swf>",
        "<iframe src='/frame.html'><a href='iframe-content.html'></a></iframe><area href='/area' name=an>",
        "<p>a < b and c<d</p><a href=x.html>x</a><? php ?><!DOCTYPE html></p>",
        "<div id=\"caf&eacute;\"></div><a name='n&amp;m'></a>",
        "<a href='unterminated.html",
        "<a href=ok.html>ok</a><img src='/cut",
        "text before any tag",
        "",
        "<table>foster text<tr><td><a href=cell.html>c</a></td></tr></table>",
        "<p><a href=mis.html>one<div>two</a>three</div>",
        "<plaintext><a href='plain.html'>",
        "<head><noscript><link rel=stylesheet href=/ns.css><img src='/pixel.gif'>text</noscript></head><body></body>",
        "<body><noscript><img src='/body-ns.png'></noscript></body>",
        "<p>content</p><title>late title</title>",
    })
    void theScanReadsAPageAsTheDomWalkDoes(String html) {
        Links.Parsed dom = Links.parse(Jsoup.parse(html, PAGE.toString()), PAGE);
        Links.Parsed scan = HtmlScanner.scan(html, PAGE);

        assertThat(links(scan)).as("links").isEqualTo(links(dom));
        assertThat(scan.anchorHashes()).as("anchors").isEqualTo(dom.anchorHashes());
        assertThat(scan.title()).as("title").isEqualTo(dom.title());
        assertThat(scan.h1()).as("h1").isEqualTo(dom.h1());
        assertThat(scan.empty()).as("empty").isEqualTo(dom.empty());
    }

    @Test
    void entitiesAreDecodedAsJsoupDecodesThem() {
        for (String s : List.of("a &amp; b", "&lt;x&gt; &quot;q&quot;", "&copy; &amp", "x&y", "&#x41;&#66;", "none")) {
            assertThat(HtmlScanner.unescape(s, false)).as(s).isEqualTo(org.jsoup.parser.Parser.unescapeEntities(s, false));
            assertThat(HtmlScanner.unescape(s, true)).as(s).isEqualTo(org.jsoup.parser.Parser.unescapeEntities(s, true));
        }
    }

    @Test
    void oneNeedlePassFlagsTheSignaturesWhoseLiteralsOccurInAnyCaseWhereTheRegexIgnoresCase() {
        ErrorSignature.NeedleScan scan = new ErrorSignature.NeedleScan(ErrorSignature.DEFAULTS);
        String page = "<p>Syntax Error in Sql statement</p><p>ORA-00942</p>";
        boolean[] worth = scan.worthTrying(page);
        for (int i = 0; i < worth.length; i++) {
            ErrorSignature sig = ErrorSignature.DEFAULTS.get(i);
            assertThat(worth[i]).as(sig.name())
                    .isEqualTo(sig.name().equals("SQL syntax error") || sig.name().equals("Oracle error"));
        }
        assertThat(ErrorSignature.DEFAULTS).filteredOn(s -> s.name().equals("SQL syntax error"))
                .allMatch(s -> s.pattern().matcher(page).find());
    }
}
