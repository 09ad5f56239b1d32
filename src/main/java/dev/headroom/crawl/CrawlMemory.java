package dev.headroom.crawl;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import okhttp3.HttpUrl;

/**
 * What one crawl leaves for the next, so that the next can be incremental: per in-scope URL that
 * answered 2xx with an {@code ETag} or {@code Last-Modified}, its validators, status, content type,
 * the links extracted from it (deflated text), its anchor hashes (for {@code #fragment} checks) and
 * its content findings (error leak, soft 404, empty page). Nothing else: no bodies, no DOMs.
 *
 * <p>A crawl run with {@link Crawler#withMemory(CrawlMemory)} reads the previous generation (sends
 * {@code If-None-Match}/{@code If-Modified-Since}; on 304 replays the remembered links and
 * findings instead of parsing) and fills the next one. {@link #advance(boolean)} then makes the
 * next generation current: after a complete crawl it replaces the previous one (URLs gone from the
 * site are forgotten); after an incomplete one the two are merged, so an aborted crawl loses
 * nothing. Memory is therefore bounded by the URLs of about one crawl ({@link CrawlOptions#maxPages()}).
 *
 * <p>Thread-safe; one instance per continuously crawled site, used by one crawl at a time.
 */
public final class CrawlMemory {

    /** Pages whose packed links exceed this are not remembered (they are simply fetched again). */
    static final int MAX_PACKED_LINKS = 1 << 20;

    /** What is remembered of one URL. Immutable. */
    static final class Page {
        final String etag;
        final String lastModified;
        final int status;
        final String contentType;
        private final byte[] packedLinks; // deflated "U<url>\n" lines (U: N, A or S); null if none
        final int linkCount;
        final int[] anchors; // sorted id hashes of an HTML page; null otherwise
        private final Node.Found[] findings; // content findings; null if none

        Page(String etag, String lastModified, int status, String contentType, byte[] packedLinks, int linkCount,
                int[] anchors, Node.Found[] findings) {
            this.etag = etag;
            this.lastModified = lastModified;
            this.status = status;
            this.contentType = contentType;
            this.packedLinks = packedLinks;
            this.linkCount = linkCount;
            this.anchors = anchors;
            this.findings = findings;
        }

        /** The same page, revalidated by a 304 that may carry fresh validators. */
        Page revalidated(CheckResult notModified) {
            String e = notModified.header("ETag");
            String lm = notModified.header("Last-Modified");
            if ((e == null || e.equals(etag)) && (lm == null || lm.equals(lastModified))) {
                return this;
            }
            return new Page(e != null ? e : etag, lm != null ? lm : lastModified, status, contentType, packedLinks,
                    linkCount, anchors, findings);
        }

        List<Node.Found> findings() {
            return findings == null ? List.of() : List.of(findings);
        }

        /** The remembered links, parsed again (cheap: no HTML involved). */
        List<Links.Link> links() {
            if (packedLinks == null) {
                return List.of();
            }
            String text = inflate(packedLinks);
            List<Links.Link> out = new ArrayList<>(linkCount);
            int at = 0;
            while (at < text.length()) {
                int nl = text.indexOf('\n', at);
                if (nl < 0) {
                    nl = text.length();
                }
                if (nl - at > 1) {
                    Links.Use use = switch (text.charAt(at)) {
                        case 'A' -> Links.Use.ASSET;
                        case 'S' -> Links.Use.STYLESHEET;
                        default -> Links.Use.NAVIGATE;
                    };
                    HttpUrl u = HttpUrl.parse(text.substring(at + 1, nl));
                    if (u != null) {
                        out.add(new Links.Link(u, use));
                    }
                }
                at = nl + 1;
            }
            return out;
        }

        long bytes() {
            return 64 + (packedLinks == null ? 0 : packedLinks.length) + (anchors == null ? 0 : anchors.length * 4L)
                    + (etag == null ? 0 : etag.length()) + (lastModified == null ? 0 : lastModified.length());
        }
    }

    private volatile Map<String, Page> previous = new ConcurrentHashMap<>();
    private volatile Map<String, Page> next = new ConcurrentHashMap<>();
    private volatile Set<String> notModified = ConcurrentHashMap.newKeySet();
    private volatile Set<String> lastNotModified = Set.of();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();

    /** An empty memory: the first crawl fetches everything. */
    public CrawlMemory() {
    }

    /** URLs remembered for the next crawl (the current generation). */
    public int size() {
        return previous.size();
    }

    /** Rough heap bytes held by the current generation (validators, packed links, anchors). */
    public long approximateBytes() {
        return previous.values().stream().mapToLong(Page::bytes).sum();
    }

    /** How many URLs of the crawl just finished (before {@link #advance}) or last finished answered 304. */
    public int notModifiedCount() {
        return lastNotModified.size();
    }

    /** Whether {@code url} (normalised, as in {@link CrawledPage#url()}) answered 304 in the last crawl advanced. */
    public boolean wasNotModified(String url) {
        return lastNotModified.contains(url);
    }

    /**
     * Ends a crawl's use of the memory: the generation it filled becomes the one the next crawl
     * reads. {@code complete}: the crawl saw the whole site, so URLs it did not see are dropped.
     */
    public void advance(boolean complete) {
        Map<String, Page> filled = next;
        if (!complete) {
            previous.forEach(filled::putIfAbsent);
        }
        previous = filled;
        next = new ConcurrentHashMap<>();
        lastNotModified = notModified;
        notModified = ConcurrentHashMap.newKeySet();
    }

    // ---- used by the crawler ------------------------------------------------------------------

    /** The remembered page, if the previous crawl left one. */
    Page previous(String url) {
        return previous.get(url);
    }

    /** Adds the validators of {@code page} to a request. */
    static CheckRequest.Builder conditional(CheckRequest.Builder b, Page page) {
        if (page != null) {
            if (page.etag != null) {
                b.setHeader("If-None-Match", page.etag);
            }
            if (page.lastModified != null) {
                b.setHeader("If-Modified-Since", page.lastModified);
            }
        }
        return b;
    }

    /** The URL answered 304: it keeps what was remembered. */
    void notModified(String url, Page page, CheckResult r) {
        next.put(url, page.revalidated(r));
        notModified.add(url);
    }

    /**
     * Remembers a 2xx response with validators: its links and content findings (SLOW is measured
     * again on every request, so it is not kept). Responses without validators are not remembered.
     */
    void remember(String url, CheckResult r, List<Links.Link> links, int[] anchors, List<Node.Found> found) {
        String etag = r.header("ETag");
        String lastModified = r.header("Last-Modified");
        if (etag == null && lastModified == null) {
            return;
        }
        byte[] packed = null;
        if (!links.isEmpty()) {
            StringBuilder sb = new StringBuilder(links.size() * 48);
            for (Links.Link l : links) {
                sb.append(switch (l.use()) {
                    case NAVIGATE -> 'N';
                    case ASSET -> 'A';
                    case STYLESHEET -> 'S';
                }).append(l.url()).append('\n');
            }
            packed = deflate(sb.toString());
            if (packed.length > MAX_PACKED_LINKS) {
                return;
            }
        }
        List<Node.Found> kept = found.stream().filter(f -> f.kind() != Finding.Kind.SLOW).toList();
        String ct = r.contentType() == null ? "" : r.contentType();
        next.put(url, new Page(etag, lastModified, r.statusCode(), contentTypes.computeIfAbsent(ct, k -> k), packed,
                links.size(), anchors, kept.isEmpty() ? null : kept.toArray(Node.Found[]::new)));
    }

    private static byte[] deflate(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(in);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, in.length / 4));
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static String inflate(byte[] packed) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 4);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt remembered links", e);
        } finally {
            inf.end();
        }
    }
}
