package dev.headroom.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.MediaType;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The outcome of one {@link CheckRequest}, redirects included. Immutable and thread-safe.
 *
 * <p>HTTP status is data: a 404 or 503 is a result with that {@link #statusCode()}. Network
 * problems are data too: {@link #failure()} says what went wrong, {@link #statusCode()} is 0 when no
 * response arrived, and whatever was received before the failure (headers, part of the body) is
 * kept.
 *
 * <p>What the result exposes about the request ({@link #request()}, {@link #url()}, {@link
 * #redirects()}) has been passed through the checker's {@link Redactor}. Response headers and body
 * are not redacted: checks need them verbatim; report writers redact what they write.
 */
public final class CheckResult {

    /** Bytes jsoup looks at to find a {@code <meta charset>} (the HTML spec says 1024; be lenient). */
    private static final int META_SNIFF_BYTES = 5 * 1024;

    private final CheckRequest request;
    private final String url;
    private final int statusCode;
    private final String reason;
    private final String protocol;
    private final Headers headers;
    private final byte[] body;
    private final boolean truncated;
    private final List<RedirectHop> redirects;
    private final Timings timings;
    private final FailureKind failure;
    private final String failureMessage;
    private volatile String bodyText; // decoded lazily, at most once per thread race (idempotent)

    CheckResult(CheckRequest request, String url, int statusCode, String reason, String protocol, Headers headers,
            byte[] body, boolean truncated, List<RedirectHop> redirects, Timings timings, FailureKind failure,
            String failureMessage) {
        this.request = request;
        this.url = url;
        this.statusCode = statusCode;
        this.reason = reason == null ? "" : reason;
        this.protocol = protocol == null ? "" : protocol;
        this.headers = headers == null ? Headers.of() : headers;
        this.body = body == null ? new byte[0] : body;
        this.truncated = truncated;
        this.redirects = List.copyOf(redirects);
        this.timings = timings;
        this.failure = failure;
        this.failureMessage = failureMessage == null ? "" : failureMessage;
    }

    /** The request as made, redacted. */
    public CheckRequest request() {
        return request;
    }

    /** The (redacted) URL of the last request in the chain: the request URL if no redirect was followed. */
    public String url() {
        return url;
    }

    /** The final status code; 0 if no response arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** The reason phrase ("Not Found"), empty for HTTP/2 or no response. */
    public String reason() {
        return reason;
    }

    /** {@code http/1.1}, {@code h2}..., empty if no response. */
    public String protocol() {
        return protocol;
    }

    /** The final response's headers (empty if none). */
    public Headers headers() {
        return headers;
    }

    /** The first value of a response header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The media type without parameters, lower case ({@code text/html}), or null if none declared. */
    public String contentType() {
        MediaType mt = mediaType();
        return mt == null ? null : mt.type() + "/" + mt.subtype();
    }

    /**
     * The charset {@link #bodyText()} decodes with: the declared {@code Content-Type} charset if
     * supported, else for HTML the BOM or {@code <meta charset>} found by jsoup, else UTF-8.
     */
    public Charset charset() {
        MediaType mt = mediaType();
        Charset declared = mt == null ? null : mt.charset(null);
        if (declared != null) {
            return declared;
        }
        String ct = contentType();
        if (ct == null || ct.contains("html") || ct.contains("xml")) {
            return sniffHtmlCharset(body);
        }
        return StandardCharsets.UTF_8;
    }

    /** A copy of the body bytes read (at most the cap). */
    public byte[] body() {
        return body.clone();
    }

    /** Number of body bytes read. */
    public int bodyLength() {
        return body.length;
    }

    /** The body decoded with {@link #charset()}; malformed bytes become U+FFFD, never an exception. */
    public String bodyText() {
        String text = bodyText;
        if (text == null) {
            text = new String(body, charset()); // String(byte[], Charset) always replaces, never throws
            bodyText = text;
        }
        return text;
    }

    /** True if the body was longer than the cap and reading stopped there. */
    public boolean truncated() {
        return truncated;
    }

    /** The redirects followed, in order; empty if none. The final response is this result itself. */
    public List<RedirectHop> redirects() {
        return redirects;
    }

    /** True if any redirect went from https to http. */
    public boolean redirectDowngraded() {
        return redirects.stream().anyMatch(RedirectHop::downgrade);
    }

    /** Per-phase sums over all hops, and the wall-clock total of the check. */
    public Timings timings() {
        return timings;
    }

    public FailureKind failure() {
        return failure;
    }

    /** What went wrong, for humans; empty if {@link #failure()} is NONE. */
    public String failureMessage() {
        return failureMessage;
    }

    /** A 2xx status and no failure (a body cut by the cap is not a failure). */
    public boolean isSuccessful() {
        return failure == FailureKind.NONE && statusCode >= 200 && statusCode < 300;
    }

    /** True if any HTTP response arrived, whatever its status. */
    public boolean reachable() {
        return statusCode > 0;
    }

    private MediaType mediaType() {
        String ct = headers.get("Content-Type");
        return ct == null ? null : MediaType.parse(ct);
    }

    static Charset sniffHtmlCharset(byte[] body) {
        try {
            byte[] head = Arrays.copyOf(body, Math.min(body.length, META_SNIFF_BYTES));
            // With a null charset jsoup honours a BOM, then <meta charset> / http-equiv, then UTF-8.
            Document doc = Jsoup.parse(new ByteArrayInputStream(head), null, "");
            return doc.charset();
        } catch (IOException | RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(request.method()).append(' ').append(url).append(" -> ");
        if (reachable()) {
            sb.append(statusCode);
            if (!reason.isEmpty()) {
                sb.append(' ').append(reason);
            }
        } else {
            sb.append("no response");
        }
        if (failure != FailureKind.NONE) {
            sb.append(" [").append(failure.name().toLowerCase(Locale.ROOT)).append(": ").append(failureMessage).append(']');
        }
        if (!redirects.isEmpty()) {
            sb.append(" after ").append(redirects.size()).append(" redirect(s)");
        }
        return sb.append(" in ").append(timings.total().toMillis()).append("ms").toString();
    }
}
