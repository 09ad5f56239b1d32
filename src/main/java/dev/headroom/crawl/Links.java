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

    /** An element's attributes: {@code get} gives "" for an absent one, as jsoup's {@code attr} does. */
    interface Attrs {
        String get(String name);

        boolean has(String name);
    }

    /**
     * One pass over a parsed document: links, ids and anchor names, title, first h1, emptiness. The
     * crawler uses {@link HtmlScanner#scan} (no DOM); this DOM walk is the reference it is tested against.
     */
    static Parsed parse(Document doc, HttpUrl pageUrl) {
        Collector c = new Collector();
        String h1 = null;
        for (Element e : doc.getAllElements()) {
            String tag = e.normalName();
            element(tag, new Attrs() {
                @Override
                public String get(String name) {
                    return e.attr(name);
                }

                @Override
                public boolean has(String name) {
                    return e.hasAttr(name);
                }
            }, c, pageUrl);
            if (tag.equals("style")) {
                css(c, e.data());
            } else if (tag.equals("h1") && h1 == null) {
                h1 = e.text();
            }
        }
        Element body = doc.body();
        boolean empty = !c.media && (body == null || !body.hasText());
        return c.finish(pageUrl, doc.title(), h1 == null ? "" : h1, empty);
    }

    /** What an element adds: its links, id or anchor name, a base href, and whether it is media (never empty). */
    static void element(String tag, Attrs e, Collector c, HttpUrl pageUrl) {
        String id = e.get("id");
        if (!id.isEmpty()) {
            c.anchor(id);
        }
        if (MEDIA.contains(tag)) {
            c.media = true;
        }
        switch (tag) {
            case "a", "area" -> {
                c.add(e.get("href"), Use.NAVIGATE);
                String name = e.get("name");
                if (!name.isEmpty()) {
                    c.anchor(name);
                }
            }
            case "img", "source" -> {
                c.add(e.get("src"), Use.ASSET);
                srcset(c, e.get("srcset"));
            }
            case "video", "audio", "track", "embed" -> {
                c.add(e.get("src"), Use.ASSET);
                c.add(e.get("poster"), Use.ASSET);
            }
            case "iframe", "frame" -> c.add(e.get("src"), Use.NAVIGATE);
            case "script" -> c.add(e.get("src"), Use.ASSET);
            case "link" -> link(c, e);
            case "meta" -> meta(c, e);
            case "base" -> {
                if (c.baseHref == null && e.has("href")) {
                    c.baseHref = e.get("href");
                }
            }
            case "form" -> {
                String method = e.get("method").strip().toLowerCase(Locale.ROOT);
                if (method.isEmpty() || method.equals("get")) {
                    String action = e.get("action");
                    c.add(action.isBlank() ? pageUrl.toString() : action, Use.NAVIGATE);
                }
            }
            default -> {
                // no links in other elements, apart from inline styles below
            }
        }
        String style = e.get("style");
        if (!style.isEmpty() && style.contains("url(")) {
            css(c, style);
        }
    }

    /** True if an https page loads this link's resource over plain http (links to pages do not count). */
    static boolean mixedContent(HttpUrl page, Link link) {
        return page.isHttps() && link.use() != Use.NAVIGATE && !link.url().isHttps();
    }

    /** url() and @import references of a stylesheet (or a style attribute), resolved against {@code base}. */
    static List<Link> css(String css, HttpUrl base) {
        Collector c = new Collector();
        css(c, css);
        return c.finish(base, "", "", false).links();
    }

    static void css(Collector links, String cssText) {
        String css = cssText.indexOf("/*") >= 0 ? CSS_COMMENT.matcher(cssText).replaceAll(" ") : cssText;
        if (css.indexOf("url(") >= 0) {
            Matcher m = CSS_URL.matcher(css);
            while (m.find()) {
                String u = m.group(2).strip();
                // url() inside @import is a stylesheet; elsewhere an image or a font
                int start = m.start();
                boolean imported = start >= 7 && css.regionMatches(true, Math.max(0, start - 8), "@import ", 0, 8);
                links.add(u, imported ? Use.STYLESHEET : Use.ASSET);
            }
        }
        if (css.indexOf("@import") >= 0) {
            Matcher m = CSS_IMPORT.matcher(css);
            while (m.find()) {
                links.add(m.group(2).strip(), Use.STYLESHEET);
            }
        }
    }

    private static void link(Collector c, Attrs e) {
        String rel = " " + e.get("rel").toLowerCase(Locale.ROOT).strip() + " ";
        String href = e.get("href");
        if (rel.contains(" stylesheet ")) {
            c.add(href, Use.STYLESHEET);
        } else if (rel.contains(" preload ") && e.get("as").equalsIgnoreCase("style")) {
            c.add(href, Use.STYLESHEET);
        } else if (rel.contains(" icon ") || rel.contains(" preload ") || rel.contains(" apple-touch-icon ")
                || rel.contains(" manifest ")) {
            c.add(href, Use.ASSET);
        } else if (rel.contains(" canonical ") || rel.contains(" alternate ") || rel.contains(" prev ")
                || rel.contains(" next ")) {
            c.add(href, Use.NAVIGATE);
        }
        srcset(c, e.get("imagesrcset"));
    }

    private static void meta(Collector c, Attrs e) {
        if (e.get("http-equiv").equalsIgnoreCase("refresh")) {
            Matcher m = REFRESH_URL.matcher(e.get("content"));
            if (m.find()) {
                c.add(m.group(1).strip(), Use.NAVIGATE);
            }
        }
        String prop = e.has("property") ? e.get("property") : e.get("name");
        if (prop.equalsIgnoreCase("og:image") || prop.equalsIgnoreCase("twitter:image")) {
            c.add(e.get("content"), Use.ASSET);
        }
    }

    private static void srcset(Collector c, String srcset) {
        if (srcset.isBlank()) {
            return;
        }
        for (String candidate : srcset.split(",\\s+|,(?=\\S+\\s)")) {
            String cand = candidate.strip();
            int sp = cand.indexOf(' ');
            c.add(sp < 0 ? cand : cand.substring(0, sp), Use.ASSET);
        }
    }

    /**
     * Gathers a page's references as written, its anchors and its first base href; {@link #finish}
     * resolves them once the whole page is read (a streaming pass may meet the base after links).
     */
    static final class Collector {
        private String[] refs = new String[64];
        private Use[] uses = new Use[64];
        private int size;
        private int[] anchors = new int[16];
        private int anchorCount;
        boolean media;
        String baseHref;

        void add(String raw, Use use) {
            if (raw == null) {
                return;
            }
            String s = raw.strip();
            if (s.isEmpty() || s.startsWith("data:") || s.startsWith("javascript:") || s.startsWith("mailto:")
                    || s.startsWith("tel:") || s.startsWith("about:") || s.startsWith("blob:")) {
                return;
            }
            if (size == refs.length) {
                refs = Arrays.copyOf(refs, size * 2);
                uses = Arrays.copyOf(uses, size * 2);
            }
            refs[size] = s;
            uses[size++] = use;
        }

        void anchor(String idOrName) {
            if (anchorCount == anchors.length) {
                anchors = Arrays.copyOf(anchors, anchorCount * 2);
            }
            anchors[anchorCount++] = idOrName.hashCode();
        }

        Parsed finish(HttpUrl pageUrl, String title, String h1, boolean empty) {
            HttpUrl baseUrl = pageUrl;
            if (baseHref != null) {
                HttpUrl b = pageUrl.resolve(baseHref.strip());
                if (b != null) {
                    baseUrl = b;
                }
            }
            Resolver base = new Resolver(baseUrl);
            List<Link> links = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                HttpUrl u = base.resolve(refs[i]);
                if (u != null) {
                    links.add(new Link(u, uses[i]));
                }
            }
            int[] sorted = Arrays.copyOf(anchors, anchorCount);
            Arrays.sort(sorted);
            return new Parsed(links, sorted, title, h1, empty);
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
