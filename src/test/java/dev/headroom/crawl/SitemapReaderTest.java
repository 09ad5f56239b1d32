package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SitemapReaderTest {

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] urlset(int entries) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (int i = 1; i <= entries; i++) {
            xml.append("<url><loc>http://127.0.0.1/p/").append(i).append("</loc></url>\n");
        }
        return xml.append("</urlset>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGzippedSitemapReadsLikeThePlainOne() throws IOException {
        SitemapReader.Parsed plain = SitemapReader.read(urlset(3));
        SitemapReader.Parsed gz = SitemapReader.read(gzip(urlset(3)));

        assertThat(gz.gzipped()).isTrue();
        assertThat(plain.gzipped()).isFalse();
        assertThat(gz.locs()).containsExactly("http://127.0.0.1/p/1", "http://127.0.0.1/p/2", "http://127.0.0.1/p/3")
                .isEqualTo(plain.locs());
        assertThat(gz.problem()).isNull();
        assertThat(gz.index()).isFalse();
    }

    @Test
    void anIndexIsToldFromAUrlsetByItsRootElement() {
        byte[] index = ("<?xml version='1.0'?><!-- generated --><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + "<sitemap><loc>/a.xml.gz</loc><lastmod>2026-01-01</lastmod></sitemap>"
                + "<sitemap><loc> /b.xml </loc></sitemap></sitemapindex>").getBytes(StandardCharsets.UTF_8);

        SitemapReader.Parsed p = SitemapReader.read(index);

        assertThat(p.index()).isTrue();
        assertThat(p.locs()).containsExactly("/a.xml.gz", "/b.xml");
    }

    @Test
    void entitiesCdataAndAnUnescapedAmpersandAreReadLeniently() {
        byte[] xml = ("<urlset><url><loc>http://x/?a=1&amp;b=2</loc></url><url><loc><![CDATA[http://x/?c=3&d=4]]></loc></url>"
                + "<url><loc>http://x/?e=5&f=6</loc><image:image><image:loc>http://x/pic.jpg</image:loc></image:image></url>"
                + "<url><loc>http://x/caf&#233;</loc></url><url><loc/></url></urlset>").getBytes(StandardCharsets.UTF_8);

        SitemapReader.Parsed p = SitemapReader.read(xml);

        assertThat(p.locs()).containsExactly("http://x/?a=1&b=2", "http://x/?c=3&d=4", "http://x/?e=5&f=6", "http://x/café");
        assertThat(p.problem()).isNull();
    }

    @Test
    void entriesPastTheLimitAreNotReadAndTheReaderSaysSo() throws IOException {
        SitemapReader.Parsed p = SitemapReader.read(gzip(urlset(12)), 10, SitemapReader.MAX_UNCOMPRESSED_BYTES);

        assertThat(p.locs()).hasSize(10).endsWith("http://127.0.0.1/p/10");
        assertThat(p.problem()).isEqualTo("more than 10 entries (the sitemaps.org limit per file): the rest were not read");
        assertThat(p.broken()).isFalse();
    }

    @Test
    void aGzipBombStopsAtFiftyMegabytesOfXml() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write("<urlset><url><loc>http://127.0.0.1/first</loc></url>".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 60; i++) {
                gz.write(spaces);
            }
            gz.write("<url><loc>http://127.0.0.1/past-the-limit</loc></url></urlset>".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(out.size()).isLessThan(1024 * 1024);

        SitemapReader.Parsed p = SitemapReader.read(out.toByteArray());

        assertThat(p.locs()).containsExactly("http://127.0.0.1/first");
        assertThat(p.problem()).isEqualTo("more than 50 MB of XML uncompressed (the sitemaps.org limit per file):"
                + " entries past it were not read");
    }

    @Test
    void aCutOrCorruptGzipFileIsBrokenAndKeepsTheEntriesReadBeforeTheDamage() throws IOException {
        byte[] whole = gzip(urlset(2000));
        SitemapReader.Parsed cut = SitemapReader.read(Arrays.copyOf(whole, whole.length / 2));
        byte[] corrupt = whole.clone();
        for (int i = 20; i < 60; i++) {
            corrupt[i] ^= 0x5a;
        }
        SitemapReader.Parsed garbled = SitemapReader.read(corrupt);

        assertThat(cut.broken()).isTrue();
        assertThat(cut.problem()).startsWith("the gzip data ends early");
        assertThat(cut.locs()).isNotEmpty().hasSizeLessThan(2000);
        assertThat(garbled.broken()).isTrue();
        assertThat(garbled.locs()).hasSizeLessThan(2000);
    }
}
