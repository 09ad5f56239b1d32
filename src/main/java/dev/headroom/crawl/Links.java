package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/** Link extraction from HTML documents and CSS: every URL a browser would load or a person could follow. */
final class Links {

    /** How a link is used, which decides how it is checked. */
    enum Use {
        /** A page a person navigates to: crawled when in scope. */
        NAVIGATE,
        /** Loaded by the page (image, script, icon, font...): checked, not crawled. */
        ASSET,
        /** A stylesheet: checked and parsed for further url()/@import. */
        STYLESHEET
    }

    /** One link: the absolute URL (fragment kept), how it is used, and whether the page needs it loaded. */
    record Link(HttpUrl url, Use use) {
    }

    /** What one HTML page holds that the crawler needs after the DOM is gone. */
    record Parsed(List<Link> links, int[] anchorHashes, String title, String h1, boolean empty) {
    }

    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*(['\"]?)([^'\")]*)\\1\\s*\\)");
    private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+(['\"])([^'\"]+)\\1");
    private static final Pattern REFRESH_URL = Pattern.compile("(?i)^\\s*\\d*\\.?\\d*\\s*[;,]?\\s*url\\s*=\\s*['\"]?([^'\"]+)['\"]?");
    private static final java.util.Set<String> MEDIA = java.util.Set.of(
            "img", "picture", "video", "audio", "iframe", "embed", "object", "canvas", "svg", "script", "noscript",
            "form", "input", "table");

    private Links() {
    }

    /** One pass over the document: links, ids and anchor names, title, first h1, emptiness. */
    static Parsed parse(Document doc, HttpUrl pageUrl) {
        Elements all = doc.getAllElements();
        HttpUrl baseUrl = pageUrl;
        for (Element e : all) { // the first base[href], found on the list the walk below needs anyway
            if (e.normalName().equals("base") && e.hasAttr("href")) {
                HttpUrl b = pageUrl.resolve(e.attr("href").strip());
                if (b != null) {
                    baseUrl = b;
                }
                break;
            }
        }
        Resolver base = new Resolver(baseUrl);
        List<Link> links = new ArrayList<>();
        int[] anchors = new int[16];
        int anchorCount = 0;
        String h1 = null;
        boolean media = false;
        for (Element e : all) {
            String tag = e.normalName();
            String id = e.id();
            if (!id.isEmpty()) {
                if (anchorCount == anchors.length) {
                    anchors = Arrays.copyOf(anchors, anchorCount * 2);
                }
                anchors[anchorCount++] = id.hashCode();
            }
            if (MEDIA.contains(tag)) {
                media = true;
            }
            switch (tag) {
                case "a", "area" -> {
                    add(links, base, e.attr("href"), Use.NAVIGATE);
                    String name = e.attr("name");
                    if (!name.isEmpty()) {
                        if (anchorCount == anchors.length) {
                            anchors = Arrays.copyOf(anchors, anchorCount * 2);
                        }
                        anchors[anchorCount++] = name.hashCode();
                    }
                }
                case "img" -> {
                    add(links, base, e.attr("src"), Use.ASSET);
                    srcset(links, base, e.attr("srcset"));
                }
                case "source" -> {
                    add(links, base, e.attr("src"), Use.ASSET);
                    srcset(links, base, e.attr("srcset"));
                }
                case "video", "audio", "track", "embed" -> {
                    add(links, base, e.attr("src"), Use.ASSET);
                    add(links, base, e.attr("poster"), Use.ASSET);
                }
                case "iframe", "frame" -> add(links, base, e.attr("src"), Use.NAVIGATE);
                case "script" -> add(links, base, e.attr("src"), Use.ASSET);
                case "link" -> link(links, base, e);
                case "meta" -> meta(links, base, e);
                case "form" -> {
                    String method = e.attr("method").strip().toLowerCase(Locale.ROOT);
                    if (method.isEmpty() || method.equals("get")) {
                        String action = e.attr("action");
                        add(links, base, action.isBlank() ? pageUrl.toString() : action, Use.NAVIGATE);
                    }
                }
                case "style" -> css(links, base, e.data());
                case "h1" -> {
                    if (h1 == null) {
                        h1 = e.text();
                    }
                }
                default -> {
                    // no links in other elements, apart from inline styles below
                }
            }
            String style = e.attr("style");
            if (!style.isEmpty() && style.contains("url(")) {
                css(links, base, style);
            }
        }
        int[] sorted = Arrays.copyOf(anchors, anchorCount);
        Arrays.sort(sorted);
        Element body = doc.body();
        boolean empty = !media && (body == null || !body.hasText());
        return new Parsed(links, sorted, doc.title(), h1 == null ? "" : h1, empty);
    }

    /** True if an https page loads this link's resource over plain http (links to pages do not count). */
    static boolean mixedContent(HttpUrl page, Link link) {
        return page.isHttps() && link.use() != Use.NAVIGATE && !link.url().isHttps();
    }

    /** url() and @import references of a stylesheet (or a style attribute), resolved against {@code base}. */
    static List<Link> css(String css, HttpUrl base) {
        List<Link> links = new ArrayList<>();
        css(links, new Resolver(base), css);
        return links;
    }

    private static void css(List<Link> links, Resolver base, String cssText) {
        String css = cssText.indexOf("/*") >= 0 ? CSS_COMMENT.matcher(cssText).replaceAll(" ") : cssText;
        if (css.indexOf("url(") >= 0) {
            Matcher m = CSS_URL.matcher(css);
            while (m.find()) {
                String u = m.group(2).strip();
                // url() inside @import is a stylesheet; elsewhere an image or a font
                int start = m.start();
                boolean imported = start >= 7 && css.regionMatches(true, Math.max(0, start - 8), "@import ", 0, 8);
                add(links, base, u, imported ? Use.STYLESHEET : Use.ASSET);
            }
        }
        if (css.indexOf("@import") >= 0) {
            Matcher m = CSS_IMPORT.matcher(css);
            while (m.find()) {
                add(links, base, m.group(2).strip(), Use.STYLESHEET);
            }
        }
    }

    private static void link(List<Link> links, Resolver base, Element e) {
        String rel = " " + e.attr("rel").toLowerCase(Locale.ROOT).strip() + " ";
        String href = e.attr("href");
        if (rel.contains(" stylesheet ")) {
            add(links, base, href, Use.STYLESHEET);
        } else if (rel.contains(" preload ") && e.attr("as").equalsIgnoreCase("style")) {
            add(links, base, href, Use.STYLESHEET);
        } else if (rel.contains(" icon ") || rel.contains(" preload ") || rel.contains(" apple-touch-icon ")
                || rel.contains(" manifest ")) {
            add(links, base, href, Use.ASSET);
        } else if (rel.contains(" canonical ") || rel.contains(" alternate ") || rel.contains(" prev ")
                || rel.contains(" next ")) {
            add(links, base, href, Use.NAVIGATE);
        }
        srcset(links, base, e.attr("imagesrcset"));
    }

    private static void meta(List<Link> links, Resolver base, Element e) {
        if (e.attr("http-equiv").equalsIgnoreCase("refresh")) {
            Matcher m = REFRESH_URL.matcher(e.attr("content"));
            if (m.find()) {
                add(links, base, m.group(1).strip(), Use.NAVIGATE);
            }
        }
        String prop = e.hasAttr("property") ? e.attr("property") : e.attr("name");
        if (prop.equalsIgnoreCase("og:image") || prop.equalsIgnoreCase("twitter:image")) {
            add(links, base, e.attr("content"), Use.ASSET);
        }
    }

    private static void srcset(List<Link> links, Resolver base, String srcset) {
        if (srcset.isBlank()) {
            return;
        }
        for (String candidate : srcset.split(",\\s+|,(?=\\S+\\s)")) {
            String c = candidate.strip();
            int sp = c.indexOf(' ');
            add(links, base, sp < 0 ? c : c.substring(0, sp), Use.ASSET);
        }
    }

    private static void add(List<Link> links, Resolver base, String raw, Use use) {
        if (raw == null) {
            return;
        }
        String s = raw.strip();
        if (s.isEmpty() || s.startsWith("data:") || s.startsWith("javascript:") || s.startsWith("mailto:")
                || s.startsWith("tel:") || s.startsWith("about:") || s.startsWith("blob:")) {
            return;
        }
        HttpUrl u = base.resolve(s);
        if (u != null) {
            links.add(new Link(u, use));
        }
    }

    /** Resolves a page's links against its base, each distinct reference once (pages repeat them a lot). */
    private static final class Resolver {
        private final HttpUrl base;
        private final java.util.HashMap<String, HttpUrl> resolved = new java.util.HashMap<>();

        Resolver(HttpUrl base) {
            this.base = base;
        }

        HttpUrl resolve(String ref) {
            HttpUrl u = resolved.get(ref);
            if (u == null && !resolved.containsKey(ref)) {
                u = base.resolve(ref);
                resolved.put(ref, u);
            }
            return u;
        }
    }
}
