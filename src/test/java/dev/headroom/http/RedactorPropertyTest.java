package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.Test;

/**
 * Random secrets, in every encoding a value takes on the web, at random places in random text and
 * straddling the 500-character cut of an excerpt: nothing of the encoded secret survives.
 *
 * <p>Seeded: a failure names its seed and iteration; rerun it with {@code -Dredactor.seed=N}, and
 * search further with {@code -Dredactor.iterations=4000} (about 30 s).
 */
class RedactorPropertyTest {
    private static final long SEED = Long.getLong("redactor.seed", 20261201L);
    private static final int SECRETS = Integer.getInteger("redactor.iterations", 200);
    private static final int CUT = 500;
    private static final String SPECIALS = " @&<>\"'%+/\\\u00e9";
    private static final String[] NON_ASCII = {"\u00e9", "\u00fc", "\u00df", "\u20ac", "\u65e5", "\ud83d\ude00"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpUrl BASE = HttpUrl.get("http://shop.test/");

    /** An encoded secret in its context: the text before it, the secret as encoded, the text after. */
    record Encoded(String before, String secret, String after) {
    }

    /** Every encoding under test, by name; each gets the secret and this iteration's random. */
    private static final List<Encoding> ENCODINGS = List.of(
            new Encoding("raw", (s, r) -> new Encoded("", s, "")),
            new Encoding("form (+)", (s, r) -> new Encoded("q=", URLEncoder.encode(s, StandardCharsets.UTF_8), "&n=1")),
            new Encoding("%20", (s, r) -> new Encoded("q=", percent20(s), "")),
            new Encoding("%20 lower-case hex", (s, r) -> new Encoded("/", lowerHex(percent20(s)), "/")),
            new Encoding("OkHttp query", (s, r) -> new Encoded("http://shop.test/?q=",
                    BASE.newBuilder().addQueryParameter("q", s).build().encodedQuery().substring(2), "")),
            new Encoding("OkHttp path", (s, r) -> new Encoded("http://shop.test/",
                    BASE.newBuilder().addPathSegment(s).build().encodedPath().substring(1), "")),
            new Encoding("OkHttp userinfo", (s, r) -> new Encoded("http://ann:",
                    BASE.newBuilder().username("ann").password(s).build().encodedPassword(), "@shop.test/")),
            new Encoding("OkHttp form body", (s, r) -> new Encoded("note=",
                    new FormBody.Builder().add("note", s).build().encodedValue(0), "")),
            new Encoding("HTML (jsoup escape)", (s, r) -> new Encoded("", Entities.escape(s), "")),
            new Encoding("HTML named, ASCII output", (s, r) -> new Encoded("", Entities.escape(s,
                    new Document.OutputSettings().charset(StandardCharsets.US_ASCII).escapeMode(Entities.EscapeMode.extended)), "")),
            new Encoding("HTML decimal references", (s, r) -> new Encoded("", map(s, cp -> "&#" + cp + ";"), "")),
            new Encoding("HTML hex references", (s, r) -> new Encoded("", map(s, cp -> "&#" + (r.nextBoolean() ? "x" : "X")
                    + (r.nextBoolean() ? "00" : "") + randomCase(Integer.toHexString(cp), r) + ";"), "")),
            new Encoding("JSON (Jackson)", (s, r) -> new Encoded("{\"v\":\"", jackson(s), "\"}")),
            new Encoding("JSON ASCII escapes", (s, r) -> new Encoded("{\"v\":\"", jsonAscii(s), "\"}")),
            new Encoding("JSON all \\u, upper-case", (s, r) -> new Encoded("", allUnicodeEscapes(s).toUpperCase(Locale.ROOT)
                    .replace("\\U", "\\u"), "")),
            new Encoding("Basic authorization", (s, r) -> new Encoded("Authorization: Basic ",
                    Base64.getEncoder().encodeToString(("ann:" + s).getBytes(StandardCharsets.UTF_8)), "")),
            new Encoding("base64url of JSON", (s, r) -> new Encoded("credentials ", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("{\"pw\":\"" + jackson(s) + "\"}").getBytes(StandardCharsets.UTF_8)), "")),
            new Encoding("mixed, per character", (s, r) -> new Encoded("", mixed(s, r), "")));

    record Encoding(String name, BiFunction<String, Random, Encoded> encode) {
    }

    /**
     * With filler that no encoding of the secret can share a character with (Cyrillic), the result
     * is exactly the text with the encoded secret replaced by one mask: not one character of it is
     * left, wherever it is, and an excerpt is a prefix of that, even when the secret straddles the cut.
     */
    @Test
    void anEncodedSecretIsReplacedExactlyByOneMaskAndAnExcerptNeverKeepsAPieceOfIt() {
        for (int i = 0; i < SECRETS; i++) {
            Random rnd = new Random(SEED + i);
            String secret = secret(rnd);
            Redactor redactor = Redactor.builder().secret(secret).build();
            for (Encoding enc : ENCODINGS) {
                Encoded e = enc.encode().apply(secret, rnd);
                for (boolean straddle : new boolean[] {false, true}) {
                    int head = straddle ? CUT - 1 - e.before().length() - rnd.nextInt(Math.max(1, e.secret().length() - 1))
                            : rnd.nextInt(900);
                    String left = cyrillic(rnd, Math.max(0, head));
                    String right = cyrillic(rnd, rnd.nextInt(600));
                    String text = left + e.before() + e.secret() + e.after() + right;
                    String expected = left + e.before() + Redactor.MASK + e.after() + right;
                    String where = "seed " + SEED + " iteration " + i + " (-Dredactor.seed=" + SEED + "): secret "
                            + JSON.valueToTree(secret) + " as " + enc.name() + " " + JSON.valueToTree(e.secret())
                            + (straddle ? " straddling the cut" : " at " + head);

                    assertThat(redactor.redactUrl(text)).as(where).isEqualTo(expected);
                    assertIsExcerptOf(redactor.redactedExcerpt(text, CUT), expected, where);
                }
            }
        }
    }

    /**
     * In the text a page or a log really has (ASCII with spaces, markup and parameters), no known
     * encoding of the secret survives, and an excerpt keeps no more than 3 characters of the encoded
     * secret that the text around it did not have anyway.
     */
    @Test
    void inRealisticTextNoEncodingOfTheSecretSurvivesAndAnExcerptKeepsNoPrefixOfIt() {
        for (int i = 0; i < SECRETS; i++) {
            Random rnd = new Random(SEED + 1_000_000 + i);
            String secret = secret(rnd);
            Redactor redactor = Redactor.builder().secret(secret).build();
            List<String> forms = new ArrayList<>();
            for (Encoding enc : ENCODINGS) {
                if (!enc.name().startsWith("mixed")) {
                    forms.add(enc.encode().apply(secret, new Random(0)).secret());
                }
            }
            for (Encoding enc : ENCODINGS) {
                Encoded e = enc.encode().apply(secret, rnd);
                for (boolean straddle : new boolean[] {false, true}) {
                    int head = straddle ? CUT - 1 - e.before().length() - rnd.nextInt(Math.max(1, e.secret().length() - 1))
                            : rnd.nextInt(900);
                    String left = ascii(rnd, Math.max(0, head));
                    String right = ascii(rnd, rnd.nextInt(600));
                    String around = left + e.before() + Redactor.MASK + e.after() + right;
                    String text = left + e.before() + e.secret() + e.after() + right;
                    String where = "seed " + SEED + " iteration " + i + " (-Dredactor.seed=" + SEED + "): secret "
                            + JSON.valueToTree(secret) + " as " + enc.name() + (straddle ? " straddling the cut" : " at " + head)
                            + " in " + JSON.valueToTree(text);

                    String out = redactor.redactUrl(text);
                    for (String form : forms) {
                        assertThat(out).as(where).doesNotContain(form);
                    }
                    String excerpt = redactor.redactedExcerpt(text, CUT);
                    for (int k = 4; k <= e.secret().length(); k++) {
                        String prefix = e.secret().substring(0, k);
                        if (excerpt.contains(prefix)) {
                            assertThat(around).as(where + ": the excerpt keeps " + JSON.valueToTree(prefix)).contains(prefix);
                        }
                    }
                }
            }
        }
    }

    /** A page echoing the secret escaped, read by the HTML parser (entities decoded, whitespace collapsed). */
    @Test
    void aSecretAsTheHtmlParserReadsItIsReplacedExactlyByOneMask() {
        for (int i = 0; i < SECRETS; i++) {
            Random rnd = new Random(SEED + 2_000_000 + i);
            String secret = secret(rnd);
            Redactor redactor = Redactor.builder().secret(secret).build();
            String left = cyrillic(rnd, rnd.nextInt(700));
            String right = cyrillic(rnd, rnd.nextInt(300));
            String escaped = rnd.nextBoolean() ? Entities.escape(secret) : map(secret, cp -> "&#" + cp + ";");
            String text = Jsoup.parse("<main><p>" + left + escaped.replace(" ", rnd.nextBoolean() ? " \n " : "&nbsp;")
                    + right + "</p></main>").text();
            String where = "seed " + SEED + " iteration " + i + ": secret " + JSON.valueToTree(secret) + " read as "
                    + JSON.valueToTree(text.substring(left.length(), text.length() - right.length()));

            assertThat(redactor.redact(text)).as(where).isEqualTo(left + Redactor.MASK + right);
            assertIsExcerptOf(redactor.redactedExcerpt(text, CUT), left + Redactor.MASK + right, where);
        }
    }

    /** An excerpt of {@code whole} (the redacted text): all of it if short, else a prefix of at most CUT characters and the ellipsis. */
    private static void assertIsExcerptOf(String excerpt, String whole, String where) {
        if (whole.length() <= CUT) {
            assertThat(excerpt).as(where).isEqualTo(whole);
            return;
        }
        assertThat(excerpt).as(where).endsWith(Redactor.ELLIPSIS);
        String kept = excerpt.substring(0, excerpt.length() - Redactor.ELLIPSIS.length());
        assertThat(whole).as(where).startsWith(kept);
        assertThat(kept.length()).as(where).isBetween(CUT - Redactor.MASK.length(), CUT);
    }

    // ---- generators

    /** 4 to 24 characters: printable ASCII, often the troublesome ones, sometimes beyond ASCII; no space at either end. */
    static String secret(Random rnd) {
        int length = 4 + rnd.nextInt(21);
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < length; n++) {
            int roll = rnd.nextInt(100);
            String c = roll < 25 ? String.valueOf(SPECIALS.charAt(rnd.nextInt(SPECIALS.length())))
                    : roll < 33 ? NON_ASCII[rnd.nextInt(NON_ASCII.length)]
                    : String.valueOf((char) (0x20 + rnd.nextInt(0x5f)));
            if (c.isBlank() && (n == 0 || n == length - 1)) {
                c = "x";
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String cyrillic(Random rnd, int length) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < length; n++) {
            sb.append((char) (0x0430 + rnd.nextInt(32)));
        }
        return sb.toString();
    }

    private static String ascii(Random rnd, int length) {
        String[] bits = {"<p class=\"x\">", "</p>", " ", " ", "&amp;", "?a=1&b=2", "token=", "\"id\": \"7\"", "\n", "%20"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            if (rnd.nextInt(8) == 0) {
                sb.append(bits[rnd.nextInt(bits.length)]);
            } else {
                sb.append((char) (0x20 + rnd.nextInt(0x5f)));
            }
        }
        return sb.substring(0, length);
    }

    // ---- encoders

    private static String percent20(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String lowerHex(String percentEncoded) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < percentEncoded.length(); i++) {
            char c = percentEncoded.charAt(i);
            boolean hex = i >= 1 && percentEncoded.charAt(i - 1) == '%' || i >= 2 && percentEncoded.charAt(i - 2) == '%';
            sb.append(hex ? Character.toLowerCase(c) : c);
        }
        return sb.toString();
    }

    private static String map(String s, java.util.function.IntFunction<String> f) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(f.apply(cp)));
        return sb.toString();
    }

    private static String randomCase(String s, Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private static String jackson(String s) {
        try {
            String q = JSON.writeValueAsString(s);
            return q.substring(1, q.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jsonAscii(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                default -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.toString();
    }

    private static String allUnicodeEscapes(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    /** Each character independently raw, percent-encoded (either case), an HTML reference or a JSON escape. */
    private static String mixed(String s, Random rnd) {
        return map(s, cp -> {
            String ch = new String(Character.toChars(cp));
            return switch (rnd.nextInt(cp == ' ' ? 7 : 6)) {
                case 0 -> ch;
                case 1 -> percentUtf8(ch, false);
                case 2 -> percentUtf8(ch, true);
                case 3 -> "&#" + cp + ";";
                case 4 -> "&#x" + Integer.toHexString(cp) + ";";
                case 5 -> allUnicodeEscapes(ch);
                default -> "+";
            };
        });
    }

    private static String percentUtf8(String ch, boolean lower) {
        StringBuilder sb = new StringBuilder();
        for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
            String h = String.format("%%%02X", b & 0xff);
            sb.append(lower ? h.toLowerCase(Locale.ROOT) : h);
        }
        return sb.toString();
    }
}
