package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fast charset sniff must agree with jsoup's stream detection it short-cuts. */
class CharsetSniffTest {

    private static final String[] HEADS = {
        "",
        "<html><body>no declaration at all</body></html>",
        "<!DOCTYPE html><html><head><meta charset=\"ISO-8859-1\"><title>t</title></head><body>x</body></html>",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>x",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"><meta charset=\"iso-8859-1\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=x-nope\"><meta charset=\"iso-8859-1\">",
        "<meta charset=\"x-nope\"><meta charset=\"iso-8859-1\">",
        "<meta charset><meta charset=\"iso-8859-1\">",
        "<meta charset='\"koi8-r\"'>",
        "<!-- <meta charset=\"iso-8859-2\"> --><meta charset=\"iso-8859-5\">",
        "<script>var charset = 'x>';</script><meta charset=\"iso-8859-7\">",
        "<p>the charset of this page</p><meta charset=\"iso-8859-1\">",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><body>x</body></html>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html><head><meta charset=\"iso-8859-1\"></head></html>",
        "<meta content=\"a>b charset=iso-8859-1\" http-equiv=\"content-type\"><meta charset=\"koi8-r\">",
        "<meta CHARSET=\"Shift_JIS\">",
        "<meta http-equiv=\"content-type\" content=\"text/html\"><meta charset=\"euc-jp\">",
        "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"",
        "\uFEFF<meta charset=\"iso-8859-1\">",
    };

    @Test
    void fastSniffAgreesWithJsoup() {
        for (String h : HEADS) {
            byte[] b = h.getBytes(StandardCharsets.UTF_8);
            assertThat(CheckResult.sniffHtmlCharset(b)).as(h).isEqualTo(CheckResult.sniffHtmlCharsetWithJsoup(b));
        }
        String padded = "<p>" + "x".repeat(6000) + "</p><meta charset=\"iso-8859-1\">";
        byte[] b = padded.getBytes(StandardCharsets.UTF_8);
        assertThat(CheckResult.sniffHtmlCharset(b)).isEqualTo(CheckResult.sniffHtmlCharsetWithJsoup(b))
                .isEqualTo(StandardCharsets.UTF_8);
        byte[] utf16 = "\uFEFF<meta charset=\"iso-8859-1\"><p>x".getBytes(StandardCharsets.UTF_16BE);
        assertThat(CheckResult.sniffHtmlCharset(utf16)).isEqualTo(CheckResult.sniffHtmlCharsetWithJsoup(utf16));
    }
}
