package dev.headroom.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * The regular expression that finds one secret in every form it takes on its way through a web
 * stack. Each character of the secret is accepted in any of its encodings, independently of its
 * neighbours, so partly encoded forms match too (OkHttp keeps {@code @} raw in a query and
 * encodes a space as {@code %20}; a template escapes {@code &} but not {@code é}):
 *
 * <ul>
 *   <li>raw;
 *   <li>percent-encoded, UTF-8 bytes or (for U+0080..U+00FF) the Latin-1 byte, hex digits in either
 *       case, and the legacy {@code %uXXXX}; a space also as {@code +} (form encoding);
 *   <li>HTML character references: decimal and hex numeric ones (leading zeros, {@code ;}
 *       optional) and named ones ({@code &amp;}, {@code &lt;}, {@code &commat;}, {@code &eacute;}...);
 *   <li>JSON and JavaScript string escapes: {@code \"}, {@code \\}, {@code \/}, {@code \'}, {@code
 *       \n}..., <code>&#92;u00e9</code> (either case, surrogate pairs beyond the BMP), <code>&#92;xe9</code>
 *       and <code>&#92;u{e9}</code>.
 * </ul>
 *
 * Whitespace inside the secret matches any run of whitespace in any of those forms (an HTML
 * parser's {@code text()} collapses runs and turns {@code &nbsp;} into a space). Whitespace at its
 * ends is left out of the pattern (a parser trims it, and a space left visible reveals nothing)
 * unless the rest of the secret is under 3 characters.
 * Not covered: double encoding ({@code %2540}) and a secret split by markup ({@code ab<b>cd}).
 */
final class SecretForms {
    /** Whitespace as a parser or a form encoder may leave it, raw. */
    private static final String RAW_SPACE = "[\\t\\n\\x0B\\f\\r \\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000+]";
    private static final String RAW_SPACE_CHARS = "\t\n\u000B\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
            + "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000+";
    private static final int[] SPACES = {' ', '\t', '\n', '\r', '\f', 0xa0};

    /** HTML5 names of ASCII characters (and nbsp): template engines rarely use them, browsers decode them all. */
    private static final Map<Integer, List<String>> ASCII_NAMES = Map.ofEntries(
            Map.entry((int) '\t', List.of("Tab")), Map.entry((int) '\n', List.of("NewLine")),
            Map.entry((int) '!', List.of("excl")), Map.entry((int) '"', List.of("quot", "QUOT")),
            Map.entry((int) '#', List.of("num")), Map.entry((int) '$', List.of("dollar")),
            Map.entry((int) '%', List.of("percnt")), Map.entry((int) '&', List.of("amp", "AMP")),
            Map.entry((int) '\'', List.of("apos")), Map.entry((int) '(', List.of("lpar")),
            Map.entry((int) ')', List.of("rpar")), Map.entry((int) '*', List.of("ast", "midast")),
            Map.entry((int) '+', List.of("plus")), Map.entry((int) ',', List.of("comma")),
            Map.entry((int) '.', List.of("period")), Map.entry((int) '/', List.of("sol")),
            Map.entry((int) ':', List.of("colon")), Map.entry((int) ';', List.of("semi")),
            Map.entry((int) '<', List.of("lt", "LT")), Map.entry((int) '=', List.of("equals")),
            Map.entry((int) '>', List.of("gt", "GT")), Map.entry((int) '?', List.of("quest")),
            Map.entry((int) '@', List.of("commat")), Map.entry((int) '[', List.of("lsqb", "lbrack")),
            Map.entry((int) '\\', List.of("bsol")), Map.entry((int) ']', List.of("rsqb", "rbrack")),
            Map.entry((int) '^', List.of("Hat")), Map.entry((int) '_', List.of("lowbar", "UnderBar")),
            Map.entry((int) '`', List.of("grave", "DiacriticalGrave")), Map.entry((int) '{', List.of("lcub", "lbrace")),
            Map.entry((int) '|', List.of("verbar", "vert", "VerticalLine")), Map.entry((int) '}', List.of("rcub", "rbrace")),
            Map.entry(0xa0, List.of("nbsp", "NonBreakingSpace")));

    private static final byte[] SEXTETS = new byte[128];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
        SEXTETS['-'] = 62;
        SEXTETS['_'] = 63;
    }

    /** A holder: jsoup's entity tables (~2,000 names) load with the first secret registered, not with every Redactor. */
    private static final class NamedEntities {
        static final Document.OutputSettings SETTINGS = new Document.OutputSettings()
                .charset(StandardCharsets.US_ASCII).escapeMode(Entities.EscapeMode.extended);
    }

    private SecretForms() {
    }

    /**
     * The strings a secret may be before it is encoded: as given, in Unicode NFC and NFD, and as an
     * HTML parser decodes it when a page echoes it raw ({@code a&copy} reads {@code a©}).
     */
    static Set<String> variants(String secret) {
        Set<String> out = new LinkedHashSet<>();
        out.add(secret);
        out.add(Normalizer.normalize(secret, Normalizer.Form.NFC));
        out.add(Normalizer.normalize(secret, Normalizer.Form.NFD));
        for (String s : List.copyOf(out)) {
            out.add(Parser.unescapeEntities(s, false));
            out.add(Parser.unescapeEntities(s, true));
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    /**
     * One variant of a secret, compiled.
     *
     * @param pattern matches the variant in every encoding
     * @param starts every character a match can start with (the rest of a text need not be tried)
     * @param minLength the fewest characters a match has
     */
    record Form(Pattern pattern, String starts, int minLength) {
    }

    /** The form matching {@code secret} in every encoding (see the class comment). */
    static Form form(String secret) {
        int[] cps = secret.codePoints().toArray();
        int first = 0;
        int last = cps.length;
        while (first < last && isSpace(cps[first])) {
            first++;
        }
        while (last > first && isSpace(cps[last - 1])) {
            last--;
        }
        int core = 0;
        for (int k = first; k < last; k++) {
            if (!isSpace(cps[k])) {
                core++;
            }
        }
        if (core == 0) { // all whitespace: only the exact text, or it would mask every space
            return new Form(Pattern.compile(Pattern.quote(secret)), secret.substring(0, 1), secret.length());
        }
        if (core < 3) { // too short to be told apart by its core alone: keep the whitespace around it
            first = 0;
            last = cps.length;
        }
        StringBuilder sb = new StringBuilder();
        StringBuilder starts = new StringBuilder("%&\\");
        for (int i = first; i < last; ) {
            List<String> alts = new ArrayList<>();
            if (isSpace(cps[i])) {
                Set<Integer> run = new LinkedHashSet<>();
                for (int sp : SPACES) {
                    run.add(sp);
                }
                int j = i;
                while (j < last && isSpace(cps[j])) {
                    run.add(cps[j++]);
                }
                for (int sp : run) {
                    alts.addAll(encoded(sp));
                }
                alts.add(RAW_SPACE); // last: see below
                if (i == first) {
                    starts.append(RAW_SPACE_CHARS);
                    run.forEach(starts::appendCodePoint);
                }
                sb.append("(?:").append(String.join("|", alts)).append(")+");
                i = j;
            } else {
                // Encoded forms before the raw character: a regex takes the first alternative that
                // works, and "&" alone would end a match inside "&amp;", leaving "amp;" behind.
                alts.addAll(encoded(cps[i]));
                alts.add(literal(cps[i]));
                if (i == first) {
                    starts.append(Character.toChars(cps[i])[0]);
                }
                sb.append("(?:").append(String.join("|", alts)).append(')');
                i++;
            }
        }
        // Every encoding is at least as long as the character; a whitespace run may shrink to one.
        int min = 0;
        for (int k = first; k < last; k++) {
            if (!isSpace(cps[k]) || k == first || !isSpace(cps[k - 1])) {
                min++;
            }
        }
        return new Form(Pattern.compile(sb.toString()), starts.toString(), min);
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** Every encoded form of one character, as regexes (the raw form excluded). */
    private static List<String> encoded(int cp) {
        List<String> alts = new ArrayList<>();
        String ch = new String(Character.toChars(cp));
        alts.add(percent(ch.getBytes(StandardCharsets.UTF_8)));
        if (cp >= 0x80 && cp <= 0xff) {
            alts.add(percent(new byte[] {(byte) cp}));
        }
        if (cp == ' ') {
            alts.add("\\+");
        }
        StringBuilder units = new StringBuilder();
        for (char c : ch.toCharArray()) {
            units.append("\\\\[uU]").append(hex(c, 4));
        }
        alts.add(units.toString());
        if (cp <= 0xffff) {
            alts.add("%[uU]" + hex(cp, 4));
        }
        alts.add("\\\\u\\{0*" + hex(cp, 1) + "\\}");
        if (cp <= 0xff) {
            alts.add("\\\\[xX]" + hex(cp, 2));
        }
        String shortEscape = switch (cp) {
            case '"', '\\', '/', '\'' -> "\\\\" + literal(cp);
            case '\b' -> "\\\\b";
            case '\f' -> "\\\\f";
            case '\n' -> "\\\\n";
            case '\r' -> "\\\\r";
            case '\t' -> "\\\\t";
            default -> null;
        };
        if (shortEscape != null) {
            alts.add(shortEscape);
        }
        alts.add("&#0*" + cp + ";?");
        alts.add("&#[xX]0*" + hex(cp, 1) + ";?");
        for (String name : names(cp)) {
            alts.add("&" + name + ";?");
        }
        return alts;
    }

    private static List<String> names(int cp) {
        List<String> ascii = ASCII_NAMES.get(cp);
        if (ascii != null) {
            return ascii;
        }
        if (cp < 0x80) {
            return List.of();
        }
        String escaped = Entities.escape(new String(Character.toChars(cp)), NamedEntities.SETTINGS);
        if (escaped.startsWith("&") && !escaped.startsWith("&#") && escaped.endsWith(";")) {
            return List.of(escaped.substring(1, escaped.length() - 1));
        }
        return List.of();
    }

    private static String literal(int cp) {
        if (cp < 0x80 && Character.isLetterOrDigit(cp)) {
            return String.valueOf((char) cp);
        }
        return "\\x{" + Integer.toHexString(cp) + "}";
    }

    private static String percent(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append('%').append(hex(b & 0xff, 2));
        }
        return sb.toString();
    }

    /** {@code value} in hex, at least {@code digits} long, each letter accepted in either case. */
    private static String hex(int value, int digits) {
        String h = String.format(Locale.ROOT, "%0" + digits + "x", value);
        StringBuilder sb = new StringBuilder();
        for (char c : h.toCharArray()) {
            sb.append(Character.isDigit(c) ? String.valueOf(c) : "[" + c + Character.toUpperCase(c) + "]");
        }
        return sb.toString();
    }

    /** True if some variant has a character that Latin-1 and UTF-8 decode differently (U+0080..U+00FF). */
    static boolean needsLatin1(Set<String> secrets) {
        for (String s : secrets) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80 && s.charAt(i) <= 0xff) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Charsets a decoded base64 blob is read in before searching it. */
    static List<Charset> base64Charsets(boolean latin1) {
        return latin1 ? List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1) : List.of(StandardCharsets.UTF_8);
    }

    /** True for the characters of both base64 alphabets, padding excluded. */
    static boolean isBase64(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_';
    }


    /** True for a byte that could be part of text: printable ASCII and whitespace, and any byte over 0x7f unless {@code ascii}. */
    static boolean isTextByte(int v, boolean ascii) {
        return v >= 0x20 && v < 0x7f || v == '\t' || v == '\n' || v == '\r' || !ascii && v >= 0x80;
    }

    /** The 6 bits of a base64 character, either alphabet. */
    static int sextet(char c) {
        return SEXTETS[c & 0x7f];
    }
}
