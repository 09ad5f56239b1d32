package dev.headroom.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * One HTTP check to make: method, absolute http(s) URL, headers, optional body and per-request
 * options. Immutable; build with {@link #builder()} or the {@link #get(String)} shortcut.
 *
 * <p>A body is either form fields ({@link Builder#form(Map)}, sent url-encoded) or raw bytes with
 * a content type ({@link Builder#body(byte[], String)}). GET and HEAD cannot carry a body; POST,
 * PUT and PATCH without one send an empty body.
 */
public final class CheckRequest {

    private final String method;
    private final HttpUrl url;
    private final Headers headers;
    private final Map<String, String> form; // null unless a form body
    private final byte[] body; // null unless a raw body
    private final String contentType;
    private final boolean followRedirects;
    private final Duration timeout; // null: the checker's call timeout
    private final long maxBodyBytes; // -1: the checker's cap
    private volatile Redacted lastRedacted;

    private CheckRequest(Builder b) {
        this.method = b.method;
        this.url = b.resolvedUrl();
        this.headers = b.headers.build();
        this.form = b.form == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.form));
        this.body = b.body == null ? null : b.body.clone();
        this.contentType = b.contentType;
        this.followRedirects = b.followRedirects;
        this.timeout = b.timeout;
        this.maxBodyBytes = b.maxBodyBytes;
        if (!permitsBody(method) && hasBody()) {
            throw new IllegalArgumentException(method + " requests cannot have a body");
        }
    }

    /** A GET of {@code url}. */
    public static CheckRequest get(String url) {
        return builder().url(url).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this request. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.url = url.toString();
        b.headers = headers.newBuilder();
        b.form = form == null ? null : new LinkedHashMap<>(form);
        b.body = body;
        b.contentType = contentType;
        b.followRedirects = followRedirects;
        b.timeout = timeout;
        b.maxBodyBytes = maxBodyBytes;
        return b;
    }

    /** Upper-case method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The absolute URL (relative input already resolved against the base). */
    public String url() {
        return url.toString();
    }

    public HttpUrl httpUrl() {
        return url;
    }

    public Headers headers() {
        return headers;
    }

    public boolean hasBody() {
        return form != null || body != null;
    }

    /** Form fields in order, or null if the body is not a form. */
    public Map<String, String> form() {
        return form;
    }

    /** A copy of the raw body bytes, or null if there is none or it is a form. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** The raw body's content type, or {@code application/x-www-form-urlencoded} for forms, or null. */
    public String contentType() {
        return form != null ? "application/x-www-form-urlencoded" : contentType;
    }

    public boolean followRedirects() {
        return followRedirects;
    }

    /** The whole-check deadline for this request, or null to use the checker's call timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The body cap for this request, or -1 to use the checker's. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The body's bytes exactly as the core sends them (a form url-encoded as OkHttp encodes it), for
     * another HTTP client sending this request; empty when there is no body.
     */
    public byte[] encodedBody() {
        RequestBody rb = toRequestBody();
        if (rb == null) {
            return new byte[0];
        }
        try (okio.Buffer buffer = new okio.Buffer()) {
            rb.writeTo(buffer);
            return buffer.readByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // an in-memory buffer does not fail
        }
    }

    /** The body as OkHttp sends it; null for no body. */
    RequestBody toRequestBody() {
        if (form != null) {
            FormBody.Builder fb = new FormBody.Builder();
            form.forEach(fb::add);
            return fb.build();
        }
        if (body != null) {
            return RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType));
        }
        return requiresBody(method) ? RequestBody.create(new byte[0], null) : null;
    }

    /**
     * A copy whose URL, headers and body show no secrets; what results expose, never what is sent.
     * Kept for the next call with the same (immutable) redactor: a probe sends one request every run.
     */
    CheckRequest redacted(Redactor r) {
        Redacted last = lastRedacted;
        if (last != null && last.by() == r) {
            return last.request();
        }
        CheckRequest safe = redactedCopy(r);
        lastRedacted = new Redacted(r, safe);
        return safe;
    }

    private record Redacted(Redactor by, CheckRequest request) {
    }

    private CheckRequest redactedCopy(Redactor r) {
        Builder b = toBuilder();
        HttpUrl safeUrl = HttpUrl.parse(r.redactUrl(url.toString()));
        b.url = safeUrl == null ? url.toString() : safeUrl.toString();
        b.headers = r.redactHeaders(headers).newBuilder();
        if (form != null) {
            b.form = new LinkedHashMap<>(r.redactForm(form));
        }
        if (body != null && isText(contentType)) {
            b.body = r.redact(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return b.build();
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.contains("json") || ct.contains("xml") || ct.contains("form-urlencoded");
    }

    static boolean permitsBody(String method) {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("PROPPATCH")
                || method.equals("REPORT");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckRequest r
                && method.equals(r.method)
                && url.equals(r.url)
                && headers.equals(r.headers)
                && Objects.equals(form, r.form)
                && Arrays.equals(body, r.body)
                && Objects.equals(contentType, r.contentType)
                && followRedirects == r.followRedirects
                && Objects.equals(timeout, r.timeout)
                && maxBodyBytes == r.maxBodyBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, url, headers, form, Arrays.hashCode(body), followRedirects);
    }

    @Override
    public String toString() {
        return method + " " + url;
    }

    /** Builds a {@link CheckRequest}; {@link #build()} validates. */
    public static final class Builder {
        private String method = "GET";
        private String url;
        private HttpUrl base;
        private Headers.Builder headers = new Headers.Builder();
        private Map<String, String> form;
        private byte[] body;
        private String contentType;
        private boolean followRedirects = true;
        private Duration timeout;
        private long maxBodyBytes = -1;

        private Builder() {
        }

        /** Any token method; upper-cased. Defaults to GET. */
        public Builder method(String method) {
            String m = Objects.requireNonNull(method, "method").trim().toUpperCase(Locale.ROOT);
            if (m.isEmpty() || !m.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("invalid HTTP method '" + method + "'");
            }
            this.method = m;
            return this;
        }

        /** Absolute http(s) URL, or a relative one if {@link #baseUrl} is set. */
        public Builder url(String url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The URL relative {@link #url} values resolve against (e.g. the storefront's root). */
        public Builder baseUrl(String baseUrl) {
            HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl);
            if (baseUrl != null && parsed == null) {
                throw new IllegalArgumentException("base URL is not an absolute http(s) URL: '" + baseUrl + "'");
            }
            this.base = parsed;
            return this;
        }

        /** Adds a header (repeatable). */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Sets a header, replacing earlier values. */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public Builder headers(Headers all) {
            headers = all.newBuilder();
            return this;
        }

        /** A url-encoded form body; implies POST if the method is still GET. */
        public Builder form(Map<String, String> fields) {
            this.form = new LinkedHashMap<>(fields);
            this.body = null;
            this.contentType = null;
            if (method.equals("GET")) {
                method = "POST";
            }
            return this;
        }

        /** A raw body; implies POST if the method is still GET. */
        public Builder body(byte[] bytes, String contentType) {
            this.body = Objects.requireNonNull(bytes, "bytes").clone();
            this.contentType = contentType;
            this.form = null;
            if (contentType != null && MediaType.parse(contentType) == null) {
                throw new IllegalArgumentException("invalid content type '" + contentType + "'");
            }
            if (method.equals("GET")) {
                method = "POST";
            }
            return this;
        }

        /** A UTF-8 text body. */
        public Builder body(String text, String contentType) {
            return body(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
        }

        /** Default true: the checker follows and records redirects like a browser. */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /** Deadline for the whole check, all redirects included; overrides the checker's call timeout. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Body cap for this request; overrides the checker's. */
        public Builder maxBodyBytes(long max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + max);
            }
            this.maxBodyBytes = max;
            return this;
        }

        private HttpUrl resolvedUrl() {
            if (url == null) {
                throw new IllegalStateException("url is required");
            }
            HttpUrl parsed = HttpUrl.parse(url);
            if (parsed == null && base != null) {
                parsed = base.resolve(url);
            }
            if (parsed == null) {
                throw new IllegalArgumentException(base == null
                        ? "not an absolute http(s) URL: '" + url + "' (set a base URL to use relative ones)"
                        : "cannot resolve '" + url + "' against " + base);
            }
            return parsed;
        }

        public CheckRequest build() {
            return new CheckRequest(this);
        }
    }
}
