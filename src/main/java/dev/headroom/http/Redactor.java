package dev.headroom.http;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Removes secrets from text before it leaves Headroom (results, logs, reports). Immutable and
 * thread-safe; derive variants with {@link #toBuilder()}.
 *
 * <p>Three kinds of secret are recognised:
 *
 * <ul>
 *   <li><b>registered values</b> ({@link Builder#secret}): a password, card number or token known
 *       up front. Every occurrence is replaced, in every encoding a value takes in a URL, a page or
 *       an API: raw; percent-encoded (a space as {@code +} or {@code %20}, hex in either case, and
 *       partly encoded as OkHttp and browsers leave it, e.g. {@code p@ss%20word}); HTML character
 *       references ({@code &amp;}, {@code &#39;}, {@code &eacute;}); JSON and JavaScript escapes
 *       ({@code \"}, {@code \/}, <code>&#92;u00e9</code>); as an HTML parser reads it (entities decoded,
 *       whitespace collapsed and trimmed); and inside base64 ({@code Authorization: Basic} values, or
 *       any other run of base64 that decodes to text holding the secret). See {@code SecretForms}.
 *   <li><b>sensitive headers</b> ({@link Builder#sensitiveHeader}): the whole value is replaced, in
 *       {@link #redactHeaders} and, for {@code Authorization} with a scheme ({@code Basic},
 *       {@code Bearer}...), in free text too;
 *   <li><b>sensitive parameters</b> ({@link Builder#sensitiveParam}): in {@code name=value}
 *       (query strings, form bodies) and {@code "name": "value"} (JSON), the value is replaced when
 *       the parameter name <em>contains</em> a sensitive word, case-insensitively, so {@code
 *       new_password} and {@code card_number} are covered by {@code password} and {@code card}.
 * </ul>
 *
 * Text that is shown cut short goes through {@link #redactedExcerpt} (or {@link #redactedTail}):
 * redacted whole first, then cut, so a secret straddling the cut cannot leave its first characters
 * behind. Over-redaction is the safe failure mode: a report with one {@code [REDACTED]} too many is
 * fine, a report with a customer's card number is not.
 */
public final class Redactor {

    /** The replacement text. */
    public static final String MASK = "[REDACTED]";

    /** Appended to an excerpt that was cut. */
    public static final String ELLIPSIS = "\u2026";

    /** Header names redacted by {@link #defaults()}. */
    public static final Set<String> DEFAULT_SENSITIVE_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");

    /** Parameter name fragments redacted by {@link #defaults()}. */
    public static final Set<String> DEFAULT_SENSITIVE_PARAMS = Set.of(
            "password", "passwd", "pwd", "token", "card", "cvc", "cvv", "secret", "api_key", "apikey", "session");

    private static final Redactor NONE = new Redactor(new Builder(false));
    private static final Redactor DEFAULTS = builder().build();

    // "name": "value" in JSON bodies.
    private static final Pattern JSON_PARAM = Pattern.compile("\"([^\"\\\\]{1,100})\"(\\s*:\\s*)\"((?:[^\"\\\\]|\\\\.)*)\"");
    // user:password@ in URLs.
    private static final Pattern USERINFO = Pattern.compile("(://[^/@:\\s]*):([^/@\\s]*)@");
    // Authorization: Basic xxx (also "Authorization": "Bearer xxx" in JSON) in free text.
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization)(\\\\?[\"']?\\s*[:=]\\s*\\\\?[\"']?\\s*)"
                    + "(?:basic|bearer|digest|negotiate|token)\\s+([A-Za-z0-9+/=._~-]+)");

    private final Map<String, List<SecretForms.Form>> secrets; // as registered -> one form per variant
    private final SecretForms.Form[] forms;
    private final long[] starts; // bit set: characters some form can start with
    private final int base64MinRun; // runs of the base64 alphabet shorter than this cannot hold a secret
    private final int shortest; // fewest characters a form matches
    private final List<Charset> base64Charsets;
    private final boolean asciiSecrets;
    private final Set<String> sensitiveHeaders;
    private final Set<String> sensitiveParams;

    private Redactor(Builder b) {
        Map<String, List<SecretForms.Form>> compiled = new LinkedHashMap<>();
        List<SecretForms.Form> all = new ArrayList<>();
        Set<String> variants = new LinkedHashSet<>();
        for (String s : b.secrets) {
            if (compiled.containsKey(s)) {
                continue;
            }
            List<SecretForms.Form> fs = b.compiled.get(s);
            if (fs == null) {
                fs = SecretForms.variants(s).stream().map(SecretForms::form).toList();
            }
            compiled.put(s, fs);
            all.addAll(fs);
            variants.addAll(SecretForms.variants(s));
        }
        this.secrets = Collections.unmodifiableMap(compiled);
        this.forms = all.toArray(SecretForms.Form[]::new);
        this.starts = new long[1024];
        int min = Integer.MAX_VALUE;
        for (SecretForms.Form f : forms) {
            for (int k = 0; k < f.starts().length(); k++) {
                char c = f.starts().charAt(k);
                starts[c >>> 6] |= 1L << c;
            }
            min = Math.min(min, f.minLength());
        }
        this.shortest = min;
        // base64 is 4 characters for 3 bytes, and a secret's characters are a byte or more each.
        this.base64MinRun = min == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(4, (min * 4 + 2) / 3);
        this.base64Charsets = SecretForms.base64Charsets(SecretForms.needsLatin1(variants));
        this.asciiSecrets = variants.stream().allMatch(v -> v.chars().allMatch(c -> c < 0x80));
        this.sensitiveHeaders = Set.copyOf(b.headers);
        this.sensitiveParams = Set.copyOf(b.params);
    }

    /** Redacts nothing. */
    public static Redactor none() {
        return NONE;
    }

    /** Default sensitive headers and parameters, no registered secrets. */
    public static Redactor defaults() {
        return DEFAULTS;
    }

    /** A builder pre-filled with the default sensitive headers and parameters. */
    public static Builder builder() {
        return new Builder(true);
    }

    /** A builder holding this redactor's settings, to add more. */
    public Builder toBuilder() {
        Builder b = new Builder(false);
        b.secrets.addAll(secrets.keySet());
        b.compiled.putAll(secrets);
        b.headers.addAll(sensitiveHeaders);
        b.params.addAll(sensitiveParams);
        return b;
    }

    /** A copy that also redacts the given values (e.g. a password read from a config file). */
    public Redactor withSecrets(String... values) {
        return toBuilder().secret(values).build();
    }

    /** True if a header with this name has its whole value masked. */
    public boolean isSensitiveHeader(String name) {
        return name != null && sensitiveHeaders.contains(name.toLowerCase(Locale.ROOT));
    }

    /** True if a parameter with this name has its value masked. */
    public boolean isSensitiveParam(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String p : sensitiveParams) {
            if (lower.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Masks registered secrets (in every encoding, see the class comment), {@code Authorization}
     * credentials and sensitive {@code name=value} pairs in free text; null stays null. Linear in
     * the text's length for each registered secret: fine on a 10 MiB body.
     */
    public String redact(String text) {
        if (text == null || text.isEmpty() || this == NONE) {
            return text;
        }
        String out = text;
        if (forms.length > 0) {
            out = maskSecrets(out);
        }
        if (!sensitiveHeaders.isEmpty() && (out.contains("uthorization") || out.contains("UTHORIZATION"))) {
            out = maskAuthorization(out);
        }
        if (!sensitiveParams.isEmpty()) {
            out = replaceParams(out);
        }
        return out;
    }

    /** Masks userinfo passwords, sensitive query parameters and registered secrets in a URL (or any text). */
    public String redactUrl(String url) {
        if (url == null || this == NONE) {
            return url;
        }
        return redact(USERINFO.matcher(url).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@"));
    }

    /**
     * The start of a text as shown in a result: {@link #redactUrl redacted whole}, then cut to at
     * most {@code maxChars} characters with {@link #ELLIPSIS} appended when cut. Redacting before
     * cutting is what keeps a secret straddling the cut out (cut first, its first characters would
     * no longer be recognisable as the secret). The cut never splits a mask or a surrogate pair.
     * Null stays null.
     */
    public String redactedExcerpt(String text, int maxChars) {
        String red = redactUrl(text);
        if (red == null || red.length() <= maxChars) {
            return red;
        }
        int cut = Math.max(0, maxChars);
        int mask = red.lastIndexOf(MASK, cut - 1);
        if (mask >= 0 && mask + MASK.length() > cut) {
            cut = mask;
        } else if (cut > 0 && Character.isHighSurrogate(red.charAt(cut - 1))) {
            cut--;
        }
        return red.substring(0, cut) + ELLIPSIS;
    }

    /**
     * The end of a text (a command's last output lines): redacted whole, then the last {@code
     * maxChars} characters, with {@link #ELLIPSIS} in front when cut; never splits a mask or a
     * surrogate pair. Null stays null.
     */
    public String redactedTail(String text, int maxChars) {
        String red = redactUrl(text);
        if (red == null || red.length() <= maxChars) {
            return red;
        }
        int cut = red.length() - Math.max(0, maxChars);
        int mask = red.lastIndexOf(MASK, cut);
        if (mask >= 0 && mask < cut && mask + MASK.length() > cut) {
            cut = mask + MASK.length();
        } else if (cut < red.length() && Character.isLowSurrogate(red.charAt(cut))) {
            cut++;
        }
        return ELLIPSIS + red.substring(cut);
    }

    /** Replaces every match of every secret's forms, and base64 runs that decode to one, by one mask per overlap. */
    private String maskSecrets(String text) {
        List<int[]> spans = new ArrayList<>();
        formSpans(text, spans, false);
        int n = text.length();
        if (n >= base64MinRun) {
            base64Spans(text, spans);
        }
        if (spans.isEmpty()) {
            return text;
        }
        spans.sort(Comparator.comparingInt((int[] a) -> a[0]));
        StringBuilder sb = new StringBuilder(text.length());
        int copied = 0;
        int i = 0;
        while (i < spans.size()) {
            int start = spans.get(i)[0];
            int end = spans.get(i)[1];
            for (i++; i < spans.size() && spans.get(i)[0] <= end; i++) {
                end = Math.max(end, spans.get(i)[1]);
            }
            sb.append(text, copied, start).append(MASK);
            copied = end;
        }
        return sb.append(text, copied, text.length()).toString();
    }

    /**
     * Adds the spans where a secret's form matches (or only the first, if {@code first}). Only
     * the characters a form can start with are tried: most of a body is skipped at one table
     * look-up per character.
     */
    private void formSpans(String text, List<int[]> spans, boolean first) {
        Matcher[] matchers = new Matcher[forms.length];
        int[] next = new int[forms.length]; // a form is not tried again inside its own last match
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if ((starts[c >>> 6] & (1L << c)) == 0) {
                continue;
            }
            for (int f = 0; f < forms.length; f++) {
                if (i < next[f] || forms[f].starts().indexOf(c) < 0) {
                    continue;
                }
                if (matchers[f] == null) {
                    matchers[f] = forms[f].pattern().matcher(text);
                }
                Matcher m = matchers[f].region(i, n);
                if (m.lookingAt() && m.end() > i) {
                    spans.add(new int[] {i, m.end()});
                    if (first) {
                        return;
                    }
                    next[f] = m.end();
                }
            }
        }
    }

    /** Adds the runs of base64 (with their padding) that decode to text holding a secret. */
    private void base64Spans(String text, List<int[]> spans) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!SecretForms.isBase64(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && SecretForms.isBase64(text.charAt(i))) {
                i++;
            }
            int end = i;
            while (i < n && i - end < 2 && text.charAt(i) == '=') {
                i++;
            }
            if (end - start >= base64MinRun && base64HoldsSecret(text, start, end)) {
                spans.add(new int[] {start, i});
            }
        }
    }

    /**
     * True if the base64 in {@code text[from, to)} decodes to text holding a secret. Both
     * alphabets (standard and URL-safe) are read, from each of the four alignments, so base64
     * glued to other letters is found too. Only stretches of bytes that could be text, as long as
     * the shortest secret, are searched (most runs are words, paths or images that decode to noise).
     */
    private boolean base64HoldsSecret(String text, int from, int to) {
        byte[] stretch = new byte[64];
        for (int shift = 0; shift < 4 && to - from - shift >= 4; shift++) {
            int len = 0;
            int acc = 0;
            int bits = 0;
            for (int i = from + shift; i <= to; i++) {
                int b = -1; // the next decoded byte, or -1 for none yet (or the end)
                if (i < to) {
                    acc = (acc << 6) | SecretForms.sextet(text.charAt(i));
                    bits += 6;
                    if (bits < 8) {
                        continue;
                    }
                    bits -= 8;
                    b = (acc >>> bits) & 0xff;
                }
                if (b >= 0 && SecretForms.isTextByte(b, asciiSecrets)) {
                    if (len == stretch.length) {
                        stretch = Arrays.copyOf(stretch, len * 2);
                    }
                    stretch[len++] = (byte) b;
                    continue;
                }
                if (len >= shortest && stretchHoldsSecret(stretch, len)) {
                    return true;
                }
                len = 0;
            }
        }
        return false;
    }

    private boolean stretchHoldsSecret(byte[] bytes, int len) {
        for (Charset cs : base64Charsets) {
            List<int[]> found = new ArrayList<>(1);
            formSpans(new String(bytes, 0, len, cs), found, true);
            if (!found.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private String maskAuthorization(String text) {
        Matcher m = AUTHORIZATION.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (isSensitiveHeader(m.group(1))) {
                sb.append(text, last, m.start(3)).append(MASK);
                last = m.end(3);
            }
        }
        return last == 0 ? text : sb.append(text, last, text.length()).toString();
    }

    /** Returns headers with sensitive values masked and secrets removed from the others. */
    public Headers redactHeaders(Headers headers) {
        if (this == NONE) {
            return headers;
        }
        Headers.Builder b = new Headers.Builder();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            b.addUnsafeNonAscii(name, isSensitiveHeader(name) ? MASK : redact(headers.value(i)));
        }
        return b.build();
    }

    /** Masks sensitive form fields by name and secrets in every value; keeps field order. */
    public Map<String, String> redactForm(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> out.put(k, isSensitiveParam(k) ? MASK : redact(v)));
        return out;
    }

    private String replaceParams(String text) {
        String out = text;
        if (out.indexOf('=') >= 0) {
            out = replaceNameValues(out);
        }
        if (out.indexOf('"') >= 0 && out.indexOf(':') >= 0) {
            out = replace(out, JSON_PARAM, 1, 3);
        }
        return out;
    }

    /**
     * {@code name=value} pairs: the name is a run of {@code [A-Za-z0-9_.\-\[\]]}, the value runs to
     * the next {@code & " ' < > ; , ? #} or whitespace ({@code ?}: a path parameter such as {@code
     * ;jsessionid=ID} ends where the query starts). Scanned from each {@code =} rather than with a
     * regex, which would try a name at every character of a 10 MiB body.
     */
    private String replaceNameValues(String input) {
        StringBuilder sb = null;
        int copied = 0; // input[0, copied) is in sb
        int last = 0; // end of the last pair: a name never reaches back into it
        int n = input.length();
        int eq = input.indexOf('=');
        while (eq >= 0) {
            int nameStart = eq;
            while (nameStart > last && isNameChar(input.charAt(nameStart - 1))) {
                nameStart--;
            }
            if (nameStart == eq) {
                eq = input.indexOf('=', eq + 1);
                continue;
            }
            int valueEnd = eq + 1;
            while (valueEnd < n && !isValueEnd(input.charAt(valueEnd))) {
                valueEnd++;
            }
            if (valueEnd > eq + 1 && isSensitiveParam(input.substring(nameStart, eq))) {
                if (sb == null) {
                    sb = new StringBuilder(n + 16);
                }
                sb.append(input, copied, eq + 1).append(MASK);
                copied = valueEnd;
            }
            last = valueEnd;
            eq = input.indexOf('=', Math.max(eq + 1, valueEnd));
        }
        return sb == null ? input : sb.append(input, copied, n).toString();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
                || c == '[' || c == ']';
    }

    private static boolean isValueEnd(char c) {
        return c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ';' || c == ',' || c == '?' || c == '#'
                || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private String replace(String input, Pattern pattern, int nameGroup, int valueGroup) {
        Matcher m = pattern.matcher(input);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (isSensitiveParam(m.group(nameGroup)) && !m.group(valueGroup).isEmpty()) {
                sb.append(input, last, m.start(valueGroup)).append(MASK);
                last = m.end(valueGroup);
            }
        }
        if (last == 0) {
            return input;
        }
        return sb.append(input, last, input.length()).toString();
    }

    @Override
    public String toString() {
        return "Redactor{" + secrets.size() + " secret values, headers=" + new TreeSet<>(sensitiveHeaders)
                + ", params=" + new TreeSet<>(sensitiveParams) + "}";
    }

    /** Collects secrets and sensitive names. */
    public static final class Builder {
        private final List<String> secrets = new ArrayList<>();
        private final Map<String, List<SecretForms.Form>> compiled = new HashMap<>(); // from toBuilder(): not compiled again
        private final Set<String> headers = new TreeSet<>();
        private final Set<String> params = new TreeSet<>();

        private Builder(boolean defaults) {
            if (defaults) {
                headers.addAll(DEFAULT_SENSITIVE_HEADERS);
                params.addAll(DEFAULT_SENSITIVE_PARAMS);
            }
        }

        /**
         * Registers secret values, found afterwards in every encoding (see the class comment); null
         * and empty values are ignored (they would mask everything).
         */
        public Builder secret(String... values) {
            for (String v : values) {
                if (v != null && !v.isEmpty()) {
                    secrets.add(v);
                }
            }
            return this;
        }

        /** Registers secret values, as {@link #secret(String...)}. */
        public Builder secrets(Collection<String> values) {
            return secret(values.toArray(String[]::new));
        }

        /** Adds header names (case-insensitive) whose values are always masked. */
        public Builder sensitiveHeader(String... names) {
            for (String n : names) {
                headers.add(n.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Adds parameter name fragments (case-insensitive, matched by containment). */
        public Builder sensitiveParam(String... names) {
            for (String n : names) {
                if (!n.isEmpty()) {
                    params.add(n.toLowerCase(Locale.ROOT));
                }
            }
            return this;
        }

        /** Forgets the default and added parameter names. */
        public Builder clearSensitiveParams() {
            params.clear();
            return this;
        }

        /** Forgets the default and added header names. */
        public Builder clearSensitiveHeaders() {
            headers.clear();
            return this;
        }

        public Redactor build() {
            return new Redactor(this);
        }
    }
}
