package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Everything the crawler keeps about one URL. */
final class Node {
    /**
     * A finding as found: its class and detail, and {@code fixed}, the severity it has whatever
     * its class's (null: the class's, applied when the result is built).
     */
    record Found(Finding.Kind kind, String detail, Finding.Severity fixed) {
    }

    final String url;
    volatile Crawler.Type type;
    volatile int depth;
    final RefList refs = new RefList();
    volatile String skipped; // non-null: never requested (limit, trap, not_allowed)
    volatile boolean fetched;
    volatile int attempts; // requests made for it, retries included
    volatile String offListTarget; // it redirected here, to a host off the allowlist (not requested)
    private boolean begun;
    int status;
    String contentType = "";
    long timeMs;
    int links;
    private List<Found> found;
    private int[] anchors; // sorted id hashes once parsed as HTML
    private boolean fragmentsFinal;
    private Map<String, RefList> pendingFragments;

    Node(String url, Crawler.Type type, int depth) {
        this.url = url;
        this.type = type;
        this.depth = depth;
    }

    /** Another link to this URL: a page link upgrades an asset not yet requested; a shorter path lowers the depth. */
    synchronized void offer(Links.Use use, int newDepth) {
        if (begun) {
            return;
        }
        if (use == Links.Use.NAVIGATE && (type == Crawler.Type.ASSET || type == Crawler.Type.STYLESHEET)) {
            type = Crawler.Type.PAGE;
        }
        if (newDepth < depth) {
            depth = newDepth;
        }
    }

    synchronized Crawler.Type begin() {
        begun = true;
        fetched = true;
        return type;
    }

    /** A finding with its class's severity. */
    void addFinding(Crawler c, Finding.Kind kind, String detail) {
        addFinding(c, new Found(kind, detail, null));
    }

    /** A finding that only warns, whatever its class's severity. */
    void addWarning(Crawler c, Finding.Kind kind, String detail) {
        addFinding(c, new Found(kind, detail, Finding.Severity.WARN));
    }

    synchronized void addFinding(Crawler c, Found f) {
        if (found == null) {
            found = new ArrayList<>(2);
        }
        found.add(f);
        c.findingCount.incrementAndGet();
    }

    synchronized List<Found> findings() {
        return found == null ? List.of() : List.copyOf(found);
    }

    synchronized void fragmentRef(String encoded, String decoded, Node from, Crawler c) {
        if (anchors != null) {
            if (!hasAnchor(encoded, decoded)) {
                c.missingFragment(this, encoded, from);
            }
        } else if (!fragmentsFinal) {
            if (pendingFragments == null) {
                pendingFragments = new java.util.HashMap<>();
            }
            pendingFragments.computeIfAbsent(encoded + "\u0000" + (decoded == null ? "" : decoded),
                    k -> new RefList()).add(from);
        }
    }

    synchronized void setAnchors(int[] sortedHashes, Crawler c) {
        anchors = sortedHashes;
        fragmentsFinal = true;
        if (pendingFragments != null) {
            pendingFragments.forEach((k, refs) -> {
                int sep = k.indexOf('\u0000');
                String enc = k.substring(0, sep);
                String dec = k.substring(sep + 1);
                if (!hasAnchor(enc, dec)) {
                    c.missingFragment(this, enc, refs);
                }
            });
            pendingFragments = null;
        }
    }

    /** Not HTML (or not reachable): fragments cannot be checked; the page's own finding says why. */
    synchronized void finishFragments() {
        fragmentsFinal = true;
        pendingFragments = null;
    }

    private boolean hasAnchor(String encoded, String decoded) {
        return Arrays.binarySearch(anchors, encoded.hashCode()) >= 0
                || decoded != null && Arrays.binarySearch(anchors, decoded.hashCode()) >= 0;
    }
}
