package dev.headroom.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private final List<java.security.cert.X509Certificate> peerCertificates;
    private volatile String bodyText; // decoded lazily, at most once per thread race (idempotent)

    CheckResult(CheckRequest request, String url, int statusCode, String reason, String protocol, Headers headers,
            byte[] body, boolean truncated, List<RedirectHop> redirects, Timings timings, FailureKind failure,
            String failureMessage) {
        this(request, url, statusCode, reason, protocol, headers, body, truncated, redirects, timings, failure,
                failureMessage, List.of());
    }

    CheckResult(CheckRequest request, String url, int statusCode, String reason, String protocol, Headers headers,
            byte[] body, boolean truncated, List<RedirectHop> redirects, Timings timings, FailureKind failure,
            String failureMessage, List<java.security.cert.X509Certificate> peerCertificates) {
        this.peerCertificates = List.copyOf(peerCertificates);
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

    /**
     * A response that another HTTP client received for {@code request} (the load test's injector,
     * which sends with Gatling): the same value the core would have returned, so that a journey
     * step is judged alike whoever sent it. Redirects were followed by that client; {@code
     * redirects} lists the hops. The caller redacts {@code request} and {@code url} as the core does.
     *
     * @param total wall-clock time of the whole chain
     */
    public static CheckResult received(CheckRequest request, String url, int statusCode, String reason, Headers headers,
            byte[] body, List<RedirectHop> redirects, Duration total) {
        long cap = request.maxBodyBytes() > 0 ? request.maxBodyBytes() : HttpChecker.DEFAULT_MAX_BODY_BYTES;
        boolean truncated = body != null && body.length > cap;
        byte[] kept = truncated ? Arrays.copyOf(body, (int) cap) : body;
        return new CheckResult(request, url, statusCode, reason, "", headers, kept, truncated, redirects,
                Timings.ZERO.withTotal(total), FailureKind.NONE, null);
    }

    /**
     * No response arrived for {@code request} at {@code url} (the last hop tried) in another HTTP
     * client: {@code failure} says why, {@code message} in that client's words.
     */
    public static CheckResult notReceived(CheckRequest request, String url, FailureKind failure, String message,
            List<RedirectHop> redirects, Duration total) {
        return new CheckResult(request, url, 0, "", "", null, null, false, redirects, Timings.ZERO.withTotal(total),
                failure, message);
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

    /**
     * The certificate chain the server of the final response presented in its TLS handshake (its own
     * certificate first), as the handshake saw it; empty over plain HTTP, or if no response arrived.
     */
    public List<java.security.cert.X509Certificate> peerCertificates() {
        return peerCertificates;
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

    /**
     * The one wording of a check that got no (complete) answer, used by every engine: the refusal
     * itself for {@link FailureKind#NOT_ALLOWED} ({@code not sent: host 'X' is not on the
     * allowlist [...]}), else {@code no answer: timeout (...)} or, when part of a response came,
     * {@code incomplete answer: connection reset (...)}. Empty when {@link #failure()} is NONE.
     */
    public String failureSummary() {
        if (failure == FailureKind.NONE) {
            return "";
        }
        if (failure == FailureKind.NOT_ALLOWED) {
            return failureMessage;
        }
        return (reachable() ? "incomplete answer: " : "no answer: ") + failure.label()
                + (failureMessage.isEmpty() ? "" : " (" + failureMessage + ")");
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
        // Fast path (jsoup's answer without its 5 KiB stream parse, which cost a tenth of a crawl): a
        // charset can only be declared by a tag holding "charset" (<meta>) or "encoding" (<?xml?>),
        // so without either the answer is UTF-8; else parse only up to the end of the first such tag.
        int n = Math.min(body.length, META_SNIFF_BYTES);
        if (n == 0 || !mayStartWithBom(body[0])) {
            int at = indexOfAsciiIgnoreCase(body, n, "charset");
            int enc = indexOfAsciiIgnoreCase(body, n, "encoding");
            if (at < 0 || enc >= 0 && enc < at) {
                at = enc;
            }
            if (at < 0) {
                return StandardCharsets.UTF_8;
            }
            int end = at;
            while (end < n && body[end] != '>') {
                end++;
            }
            if (end < n) {
                Charset declared = metaCharset(new String(body, 0, end + 1, StandardCharsets.UTF_8));
                if (declared != null) {
                    return declared;
                }
            }
        }
        return sniffHtmlCharsetWithJsoup(body);
    }

    private static boolean mayStartWithBom(byte b) {
        return b == 0 || b == (byte) 0xFE || b == (byte) 0xFF || b == (byte) 0xEF;
    }

    private static int indexOfAsciiIgnoreCase(byte[] b, int n, String lowerNeedle) {
        char first = lowerNeedle.charAt(0);
        outer:
        for (int i = 0, last = n - lowerNeedle.length(); i <= last; i++) {
            if ((b[i] | 0x20) != first) {
                continue;
            }
            for (int j = 1; j < lowerNeedle.length(); j++) {
                if ((b[i + j] | 0x20) != lowerNeedle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A holder, so that jsoup's selector classes load only when a body declares a charset (not for a probe's status). */
    private static final class CharsetMetas {
        static final org.jsoup.select.Evaluator SELECTOR =
                org.jsoup.select.QueryParser.parse("meta[http-equiv=content-type], meta[charset]");
    }

    private static final java.util.regex.Pattern CONTENT_TYPE_CHARSET =
            java.util.regex.Pattern.compile("(?i)\\bcharset=\\s*(?:[\"'])?([^\\s,;\"']*)");

    /**
     * What jsoup's charset detection decides from the {@code <meta>} tags of {@code head} (same rules:
     * the first http-equiv content-type with a supported charset, or the first charset attribute; an
     * unsupported one means UTF-8), or null if no meta tag there decides (the caller asks jsoup).
     */
    private static Charset metaCharset(String head) {
        Document doc = Jsoup.parse(head);
        String found = null;
        for (org.jsoup.nodes.Element meta : doc.select(CharsetMetas.SELECTOR)) {
            if (meta.hasAttr("http-equiv")) {
                java.util.regex.Matcher m = CONTENT_TYPE_CHARSET.matcher(meta.attr("content"));
                if (m.find()) {
                    found = validCharset(m.group(1).trim().replace("charset=", ""));
                }
            }
            if (found == null && meta.hasAttr("charset")) {
                found = meta.attr("charset");
            }
            if (found != null) {
                break;
            }
        }
        if (found == null) {
            return null;
        }
        String valid = validCharset(found);
        return valid == null ? StandardCharsets.UTF_8 : Charset.forName(valid);
    }

    private static String validCharset(String cs) {
        if (cs == null || cs.isEmpty()) {
            return null;
        }
        String c = cs.trim().replaceAll("[\"']", "");
        try {
            if (Charset.isSupported(c)) {
                return c;
            }
            c = c.toUpperCase(Locale.ENGLISH);
            if (Charset.isSupported(c)) {
                return c;
            }
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            // not a charset name
        }
        return null;
    }

    static Charset sniffHtmlCharsetWithJsoup(byte[] body) {
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
