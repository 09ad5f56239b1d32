package dev.headroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class LineParsersTest {
    private final ParsedLine line = new ParsedLine();

    private boolean combined(String text) {
        return parse(new CombinedLineParser("HRSESSION"), text);
    }

    private boolean parse(LineParser parser, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length, line);
    }

    private String path() {
        return new String(line.buf, line.pathFrom, line.pathTo - line.pathFrom, StandardCharsets.ISO_8859_1);
    }

    private String ua() {
        return new String(line.buf, line.uaFrom, line.uaTo - line.uaFrom, StandardCharsets.ISO_8859_1);
    }

    private static long epoch(String iso) {
        return OffsetDateTime.parse(iso).toEpochSecond();
    }

    @Test
    void aCombinedLineGivesTimePathWithoutQueryStatusAndUserAgent() {
        assertThat(combined("203.0.113.9 - - [16/Nov/2026:20:00:01 +0100] \"GET /category/books?page=2 HTTP/1.1\" 200 5120 "
                + "\"https://shop.example/\" \"Mozilla/5.0 (X11)\"")).isTrue();
        assertThat(line.epochSecond).isEqualTo(epoch("2026-11-16T20:00:01+01:00"));
        assertThat(line.offsetSeconds).isEqualTo(3600);
        assertThat(path()).isEqualTo("/category/books");
        assertThat(line.status).isEqualTo(200);
        assertThat(ua()).isEqualTo("Mozilla/5.0 (X11)");
        assertThat(line.fromCookie).isFalse();
    }

    @Test
    void theCachedMinuteStillGivesEachSecondAndANewMinuteIsParsedAfresh() {
        CombinedLineParser p = new CombinedLineParser("HRSESSION");
        parse(p, "1.2.3.4 - - [16/Nov/2026:20:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"");
        parse(p, "1.2.3.4 - - [16/Nov/2026:20:00:59 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"");
        assertThat(line.epochSecond).isEqualTo(epoch("2026-11-16T20:00:59Z"));
        parse(p, "1.2.3.4 - - [16/Nov/2026:20:01:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"");
        assertThat(line.epochSecond).isEqualTo(epoch("2026-11-16T20:01:00Z"));
        parse(p, "1.2.3.4 - - [16/Nov/2026:20:01:00 -0500] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"");
        assertThat(line.epochSecond).isEqualTo(epoch("2026-11-16T20:01:00-05:00"));
    }

    @Test
    void quotedFieldsMayHoldEscapedQuotesAndBackslashes() {
        assertThat(combined("10.0.0.1 - - [16/Nov/2026:20:00:01 +0000] \"GET /search?q=\\\"tent\\\" HTTP/1.1\" 200 12 "
                + "\"-\" \"Agent \\\"quoted\\\" \\\\ x\"")).isTrue();
        assertThat(path()).isEqualTo("/search");
        assertThat(ua()).isEqualTo("Agent \\\"quoted\\\" \\\\ x");
    }

    @Test
    void anIpv6ClientAndAnAbsoluteUriAreFine() {
        assertThat(combined("2001:db8::1 - alice [16/Nov/2026:20:00:01 +0000] \"GET https://shop.example/product/7 HTTP/1.1\" 404 0 \"-\" \"ua\"")).isTrue();
        assertThat(path()).isEqualTo("/product/7");
        assertThat(line.status).isEqualTo(404);
    }

    @Test
    void theCommonLogFormatWithoutRefererAndUserAgentIsAccepted() {
        assertThat(combined("10.0.0.1 - - [16/Nov/2026:20:00:01 +0000] \"GET /cart HTTP/1.0\" 200 2326")).isTrue();
        assertThat(path()).isEqualTo("/cart");
        assertThat(ua()).isEmpty();
    }

    @Test
    void aSessionCookieFieldAfterTheUserAgentKeysTheSession() {
        combined("10.0.0.1 - - [16/Nov/2026:20:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\" \"theme=dark; HRSESSION=abc123\"");
        long first = line.clientHash;
        assertThat(line.fromCookie).isTrue();
        combined("10.9.9.9 - - [16/Nov/2026:20:00:02 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"other\" \"HRSESSION=abc123\"");
        assertThat(line.clientHash).isEqualTo(first);
        combined("10.9.9.9 - - [16/Nov/2026:20:00:02 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"other\" \"-\"");
        assertThat(line.fromCookie).isFalse();
    }

    @Test
    void anOddRequestLineLeavesAnEmptyPathRatherThanRejectingTheLine() {
        assertThat(combined("10.0.0.1 - - [16/Nov/2026:20:00:01 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"")).isTrue();
        assertThat(path()).isEmpty();
        assertThat(line.status).isEqualTo(400);
    }

    @Test
    void badLinesAreRejectedWithAReason() {
        assertThat(combined("garbage")).isFalse();
        assertThat(line.error).isEqualTo("not a combined log line (no fields)");
        assertThat(combined("10.0.0.1 - - [99/Foo/2026:25:61:00 +0000] \"GET / HTTP/1.1\" 200 1")).isFalse();
        assertThat(line.error).isEqualTo("malformed [timestamp]");
        assertThat(combined("10.0.0.1 - - [16/Nov/2026:20:00:01 +0000] \"GET /prod")).isFalse();
        assertThat(line.error).isEqualTo("unterminated quoted request");
        assertThat(combined("10.0.0.1 - - [16/Nov/2026:20:00:01 +0000] \"GET / HTTP/1.1\" OK 1")).isFalse();
        assertThat(line.error).isEqualTo("status is not a number");
        assertThat(combined("10.0.0.1 - - 16/Nov/2026:20:00:01 +0000 \"GET / HTTP/1.1\" 200 1")).isFalse();
        assertThat(line.error).isEqualTo("no [timestamp]");
    }

    @Test
    void jsonLinesUseTheConfiguredFieldNames() {
        JsonLineParser p = new JsonLineParser(JsonFields.parse("ts=@timestamp,path=uri,ip=client,ua=agent,session=sid"));
        assertThat(parse(p, "{\"@timestamp\":\"2026-11-16T20:00:01.250+01:00\",\"uri\":\"/product/9?ref=x\",\"status\":200,"
                + "\"client\":\"2001:db8::2\",\"agent\":\"Mozilla\",\"sid\":\"s-1\",\"nested\":{\"a\":[1,2]}}")).isTrue();
        assertThat(line.epochSecond).isEqualTo(epoch("2026-11-16T20:00:01+01:00"));
        assertThat(path()).isEqualTo("/product/9");
        assertThat(line.status).isEqualTo(200);
        assertThat(ua()).isEqualTo("Mozilla");
        assertThat(line.fromCookie).isTrue();
    }

    @Test
    void jsonTimestampsMayBeEpochNumbersOrTheCombinedFormAndPathsWholeRequestLines() {
        JsonLineParser p = new JsonLineParser(JsonFields.parse("path=request"));
        assertThat(parse(p, "{\"time\":1794859201,\"request\":\"POST /cart/add HTTP/1.1\",\"status\":\"303\"}")).isTrue();
        assertThat(line.epochSecond).isEqualTo(1794859201L);
        assertThat(path()).isEqualTo("/cart/add");
        assertThat(line.status).isEqualTo(303);
        assertThat(parse(p, "{\"time\":1794859201123,\"request\":\"/\"}")).isTrue();
        assertThat(line.epochSecond).isEqualTo(1794859201L);
        assertThat(parse(p, "{\"time\":\"16/Nov/2026:20:00:01 +0000\",\"request\":\"/\"}")).isTrue();
        assertThat(line.epochSecond).isEqualTo(epoch("2026-11-16T20:00:01Z"));
    }

    @Test
    void badJsonLinesAreRejectedWithAReason() {
        JsonLineParser p = new JsonLineParser(JsonFields.DEFAULTS);
        assertThat(parse(p, "{\"time\":\"yesterday\",\"request_uri\":\"/\"}")).isFalse();
        assertThat(line.error).contains("'time' is not a timestamp");
        assertThat(parse(p, "{\"time\":\"2026-11-16T20:00:01Z\"}")).isFalse();
        assertThat(line.error).isEqualTo("no 'request_uri' field");
        assertThat(parse(p, "{\"time\": ")).isFalse();
        assertThat(line.error).startsWith("invalid JSON");
        assertThat(parse(p, "[1,2]")).isFalse();
        assertThat(line.error).isEqualTo("not a JSON object");
    }

    @Test
    void jsonTimesNoCalendarCanShowAreBadLinesNotRequests() {
        JsonLineParser p = new JsonLineParser(JsonFields.DEFAULTS);
        assertThat(parse(p, "{\"time\":1e308,\"request_uri\":\"/\"}")).isFalse();
        assertThat(line.error).isEqualTo("field 'time' is out of range (years 0000 to 9999): 1e308");
        assertThat(parse(p, "{\"time\":-9e18,\"request_uri\":\"/\"}")).isFalse();
        assertThat(line.error).startsWith("field 'time' is out of range");
        assertThat(parse(p, "{\"time\":\"+100000-01-01T00:00:00Z\",\"request_uri\":\"/\"}")).isFalse();
        assertThat(line.error).isEqualTo("field 'time' is out of range (years 0000 to 9999): +100000-01-01T00:00:00Z");
        // the last second a four-digit year holds is still a time (numbers above 1e11 are milliseconds)
        assertThat(parse(p, "{\"time\":253402300799000,\"request_uri\":\"/\"}")).isTrue();
        assertThat(line.epochSecond).isEqualTo(epoch("9999-12-31T23:59:59Z"));
    }

    @Test
    void unknownJsonFieldKeysAreRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonFields.parse("time=ts"))
                .hasMessageContaining("unknown key 'time'");
    }
}
