package dev.headroom.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 *       up front; every occurrence, raw or URL-encoded, is replaced;
 *   <li><b>sensitive headers</b> ({@link Builder#sensitiveHeader}): the whole value is replaced;
 *   <li><b>sensitive parameters</b> ({@link Builder#sensitiveParam}): in {@code name=value}
 *       (query strings, form bodies) and {@code "name": "value"} (JSON), the value is replaced when
 *       the parameter name <em>contains</em> a sensitive word, case-insensitively, so {@code
 *       new_password} and {@code card_number} are covered by {@code password} and {@code card}.
 * </ul>
 *
 * Over-redaction is the safe failure mode: a report with one {@code [REDACTED]} too many is fine,
 * a report with a customer's card number is not.
 */
public final class Redactor {

    /** The replacement text. */
    public static final String MASK = "[REDACTED]";

    /** Header names redacted by {@link #defaults()}. */
    public static final Set<String> DEFAULT_SENSITIVE_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");

    /** Parameter name fragments redacted by {@link #defaults()}. */
    public static final Set<String> DEFAULT_SENSITIVE_PARAMS = Set.of(
            "password", "passwd", "pwd", "token", "card", "cvc", "cvv", "secret", "api_key", "apikey", "session");

    private static final Redactor NONE = new Redactor(new Builder(false));
    private static final Redactor DEFAULTS = builder().build();

    // name=value in query strings and form bodies; the value stops at the usual delimiters.
    private static final Pattern PARAM = Pattern.compile("([A-Za-z0-9_.\\-\\[\\]]+)=([^&\\s\"'<>;,]*)");
    // "name": "value" in JSON bodies.
    private static final Pattern JSON_PARAM = Pattern.compile("\"([^\"\\\\]{1,100})\"(\\s*:\\s*)\"((?:[^\"\\\\]|\\\\.)*)\"");
    // user:password@ in URLs.
    private static final Pattern USERINFO = Pattern.compile("(://[^/@:\\s]*):([^/@\\s]*)@");

    private final List<String> secrets; // longest first, so overlapping secrets are fully masked
    private final Set<String> sensitiveHeaders;
    private final Set<String> sensitiveParams;

    private Redactor(Builder b) {
        TreeSet<String> all = new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
        for (String s : b.secrets) {
            all.add(s);
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        this.secrets = List.copyOf(all);
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
        b.secrets.addAll(secrets);
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

    /** Masks registered secrets and sensitive {@code name=value} pairs in free text; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty() || this == NONE) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        if (!sensitiveParams.isEmpty()) {
            out = replaceParams(out);
        }
        return out;
    }

    /** Masks userinfo passwords, sensitive query parameters and registered secrets in a URL. */
    public String redactUrl(String url) {
        if (url == null || this == NONE) {
            return url;
        }
        return redact(USERINFO.matcher(url).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@"));
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
            out = replace(out, PARAM, 1, 2);
        }
        if (out.indexOf('"') >= 0 && out.indexOf(':') >= 0) {
            out = replace(out, JSON_PARAM, 1, 3);
        }
        return out;
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
        private final Set<String> headers = new TreeSet<>();
        private final Set<String> params = new TreeSet<>();

        private Builder(boolean defaults) {
            if (defaults) {
                headers.addAll(DEFAULT_SENSITIVE_HEADERS);
                params.addAll(DEFAULT_SENSITIVE_PARAMS);
            }
        }

        /** Registers exact secret values; null and empty values are ignored (they would mask everything). */
        public Builder secret(String... values) {
            for (String v : values) {
                if (v != null && !v.isEmpty()) {
                    secrets.add(v);
                }
            }
            return this;
        }

        /** Registers exact secret values. */
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
