package dev.headroom.crawl;

import java.util.Arrays;
import okhttp3.HttpUrl;
import org.jsoup.parser.Parser;

/**
 * A streaming pass over an HTML page that yields what {@link Links#parse} reads from a jsoup DOM
 * (links, ids and anchor names, base href, title, first h1, emptiness) without building one: it
 * tokenises tags the way jsoup's tokeniser does (comments, raw-text and RCDATA elements, quoted and
 * unquoted attributes, first duplicate attribute wins, entities decoded by jsoup itself) and skips
 * the tree construction. Building and walking the DOM was half of a crawl's CPU time, and its
 * tokeniser and tree builder are large methods whose JIT compilation dominated a 10,000-page crawl.
 *
 * <p>Where jsoup's tree builder would rearrange elements (misnested formatting elements cloned by
 * the adoption agency, a nested form dropped) this pass reads the markup as written; the links
 * found are the same, a cloned {@code <a>} only repeats one.
 */
final class HtmlScanner {

    // The elements the scan must know, by their lower-case name packed 7 bits a char into a long.
    private static final String[] NAMES = {
        "a", "area", "img", "image", "source", "video", "audio", "track", "embed", "iframe", "frame", "script",
        "link", "meta", "form", "style", "h1", "h2", "h3", "h4", "h5", "h6", "base", "title", "textarea", "xmp",
        "noembed", "noframes", "plaintext", "br", "picture", "object", "canvas", "svg", "noscript", "input",
        "table", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "pre", "blockquote", "hr",
        "section", "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "fieldset",
        "address", "details", "center", "caption", "tbody", "thead", "tfoot", "template", "html", "head", "body",
        "basefont", "bgsound"};
    private static final long[] KEYS;
    private static final String[] BY_KEY;

    static {
        long[] keys = new long[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            keys[i] = pack(NAMES[i], 0, NAMES[i].length());
        }
        Integer[] order = new Integer[NAMES.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        KEYS = new long[NAMES.length];
        BY_KEY = new String[NAMES.length];
        for (int i = 0; i < order.length; i++) {
            KEYS[i] = keys[order[i]];
            BY_KEY[i] = NAMES[order[i]];
        }
    }

    private final String html;
    private final int n;
    private final HttpUrl pageUrl;
    private final Links.Collector links = new Links.Collector();
    private final TagAttrs attrs = new TagAttrs();
    private boolean hasText;
    private String title;
    private StringBuilder h1; // the first h1's text while it is open
    private String h1Text;
    private int svgDepth;
    private boolean bodyStarted; // jsoup's title() reads the head only, and a noscript in the head is special
    private boolean inHeadNoscript;

    private HtmlScanner(String html, HttpUrl pageUrl) {
        this.html = html;
        this.n = html.length();
        this.pageUrl = pageUrl;
    }

    /** Links, anchors, title, first h1 and emptiness of {@code html}, links resolved against {@code pageUrl} or its base. */
    static Links.Parsed scan(String html, HttpUrl pageUrl) {
        HtmlScanner s = new HtmlScanner(html, pageUrl);
        s.run();
        return s.links.finish(pageUrl, s.title == null ? "" : normalise(s.title),
                s.h1Text != null ? normalise(s.h1Text) : s.h1 != null ? normalise(s.h1.toString()) : "",
                !s.links.media && !s.hasText);
    }

    private void run() {
        int i = 0;
        while (i < n) {
            int lt = html.indexOf('<', i);
            int end = lt < 0 ? n : lt;
            if (end > i) {
                text(i, end, false);
            }
            if (lt < 0) {
                return;
            }
            i = markup(lt);
        }
    }

    /** Character data between tags: only its blankness and, inside the first h1, its text matter. */
    private void text(int from, int to, boolean decoded) {
        if (inHeadNoscript) {
            return; // jsoup keeps it as text inside the head's noscript: not the body's
        }
        if (!hasText) {
            for (int k = from; k < to; k++) {
                char c = html.charAt(k);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                    hasText = true;
                    bodyStarted = true;
                    break;
                }
            }
        }
        if (h1 != null) {
            String t = html.substring(from, to);
            h1.append(decoded || t.indexOf('&') < 0 ? t : unescape(t, false));
        }
    }

    /** Reads the markup starting at {@code lt} (a '<') and returns the index after it. */
    private int markup(int lt) {
        if (lt + 1 >= n) {
            text(lt, n, false);
            return n;
        }
        char c = html.charAt(lt + 1);
        if (c == '!') {
            if (html.startsWith("<!--", lt)) {
                if (html.startsWith("<!-->", lt)) {
                    return lt + 5;
                }
                if (html.startsWith("<!--->", lt)) {
                    return lt + 6;
                }
                int end = html.indexOf("-->", lt + 4);
                int bang = html.indexOf("--!>", lt + 4);
                if (bang >= 0 && (end < 0 || bang < end)) {
                    return bang + 4;
                }
                return end < 0 ? n : end + 3;
            }
            if (html.startsWith("<![CDATA[", lt)) { // jsoup keeps CDATA as text, in any namespace
                int end = html.indexOf("]]>", lt + 9);
                text(lt + 9, end < 0 ? n : end, true);
                return end < 0 ? n : end + 3;
            }
            return bogusComment(lt + 2);
        }
        if (c == '?') {
            return bogusComment(lt + 1);
        }
        if (c == '/') {
            if (lt + 2 >= n) {
                text(lt, n, false);
                return n;
            }
            char d = html.charAt(lt + 2);
            if (d == '>') {
                return lt + 3;
            }
            if (!isAsciiLetter(d)) {
                return bogusComment(lt + 2);
            }
            int nameEnd = nameEnd(lt + 2);
            String tag = known(lt + 2, nameEnd);
            int end = skipAttributes(nameEnd);
            if (tag != null) {
                endTag(tag);
            }
            return end;
        }
        if (!isAsciiLetter(c)) {
            text(lt, lt + 1, false); // a lone '<' is text
            return lt + 1;
        }
        return startTag(lt);
    }

    private int bogusComment(int from) {
        int end = html.indexOf('>', from);
        return end < 0 ? n : end + 1;
    }

    private void endTag(String tag) {
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> closeH1();
            case "svg" -> svgDepth = Math.max(0, svgDepth - 1);
            case "noscript" -> inHeadNoscript = false;
            default -> {
                if (h1 != null && isBlock(tag)) {
                    space();
                }
            }
        }
    }

    private int startTag(int lt) {
        int nameEnd = nameEnd(lt + 1);
        String tag = known(lt + 1, nameEnd);
        int end = attributes(nameEnd);
        if (end < 0) {
            return n; // a tag cut off by the end of the body: jsoup drops it too
        }
        if (inHeadNoscript && !isHeadNoscriptContent(tag)) {
            return end; // jsoup (unlike the spec) turns other tags in a head's noscript into text
        }
        if (!bodyStarted && !isHeadContent(tag)) {
            bodyStarted = true;
        }
        if ("image".equals(tag) && svgDepth == 0) {
            tag = "img"; // as jsoup's tree builder (and browsers) read it outside svg
        }
        Links.element(tag == null ? "" : tag, attrs, links, pageUrl);
        if (tag == null) {
            return end;
        }
        switch (tag) {
            case "h1" -> {
                closeH1();
                if (h1Text == null && h1 == null) {
                    h1 = new StringBuilder();
                }
            }
            case "h2", "h3", "h4", "h5", "h6" -> closeH1();
            case "noscript" -> inHeadNoscript = !bodyStarted;
            case "br" -> {
                if (h1 != null) {
                    space();
                }
            }
            case "svg" -> {
                if (html.charAt(end - 2) != '/') {
                    svgDepth++;
                }
            }
            case "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes" -> {
                return rawText(tag, end);
            }
            case "plaintext" -> {
                text(end, n, false);
                return n;
            }
            default -> {
                if (h1 != null && isBlock(tag)) {
                    space();
                }
            }
        }
        return end;
    }

    /** The content of a raw-text or RCDATA element, up to its end tag (the self-closing flag does not apply). */
    private int rawText(String tag, int from) {
        int close = from;
        int contentEnd = n;
        while ((close = html.indexOf("</", close)) >= 0) {
            int after = close + 2 + tag.length();
            if (html.regionMatches(true, close + 2, tag, 0, tag.length())
                    && (after >= n || isTagEnd(html.charAt(after)))) {
                contentEnd = close;
                break;
            }
            close += 2;
        }
        switch (tag) {
            case "style" -> Links.css(links, html.substring(from, contentEnd));
            case "title" -> {
                if (title == null && !bodyStarted) {
                    String t = html.substring(from, contentEnd);
                    title = t.indexOf('&') < 0 ? t : unescape(t, false);
                }
            }
            case "script" -> {
                // script data is not text
            }
            case "textarea" -> {
                String t = html.substring(from, contentEnd);
                if (t.indexOf('&') >= 0) {
                    t = unescape(t, false);
                }
                textOf(t);
            }
            default -> text(from, contentEnd, false);
        }
        return contentEnd == n ? n : skipAttributes(contentEnd + 2 + tag.length());
    }

    private void textOf(String decoded) {
        if (!hasText && !decoded.isBlank()) {
            hasText = true;
        }
        if (h1 != null) {
            h1.append(decoded);
        }
    }

    private void closeH1() {
        if (h1 != null) {
            h1Text = h1.toString();
            h1 = null;
        }
    }

    private void space() {
        int len = h1.length();
        if (len > 0 && !Character.isWhitespace(h1.charAt(len - 1))) {
            h1.append(' ');
        }
    }

    /** Parses a start tag's attributes into {@link #attrs}; the index after its '>', or -1 at the end of input. */
    private int attributes(int from) {
        TagAttrs a = attrs;
        a.reset();
        int p = from;
        while (true) {
            while (p < n && (isSpace(html.charAt(p)) || html.charAt(p) == '/')) {
                p++;
            }
            if (p >= n) {
                return -1;
            }
            if (html.charAt(p) == '>') {
                return p + 1;
            }
            int nameStart = p++; // a first '=' belongs to the name
            while (p < n) {
                char c = html.charAt(p);
                if (isSpace(c) || c == '/' || c == '=' || c == '>') {
                    break;
                }
                p++;
            }
            int nameEnd = p;
            int q = p;
            while (q < n && isSpace(html.charAt(q))) {
                q++;
            }
            int valueStart = -1;
            int valueEnd = -1;
            if (q < n && html.charAt(q) == '=') {
                q++;
                while (q < n && isSpace(html.charAt(q))) {
                    q++;
                }
                if (q >= n) {
                    return -1;
                }
                char quote = html.charAt(q);
                if (quote == '"' || quote == '\'') {
                    int close = html.indexOf(quote, q + 1);
                    if (close < 0) {
                        return -1;
                    }
                    valueStart = q + 1;
                    valueEnd = close;
                    p = close + 1;
                } else if (quote == '>') {
                    valueStart = q; // "name=>": an empty value
                    valueEnd = q;
                    p = q;
                } else {
                    valueStart = q;
                    while (q < n && !isSpace(html.charAt(q)) && html.charAt(q) != '>') {
                        q++;
                    }
                    valueEnd = q;
                    p = q;
                }
            }
            a.add(nameStart, nameEnd, valueStart, valueEnd);
        }
    }

    /** Skips an end tag's attributes (jsoup tokenises and drops them); the index after its '>'. */
    private int skipAttributes(int from) {
        int end = attributes(from);
        return end < 0 ? n : end;
    }

    private int nameEnd(int from) {
        int p = from;
        while (p < n) {
            char c = html.charAt(p);
            if (isSpace(c) || c == '/' || c == '>') {
                break;
            }
            p++;
        }
        return p;
    }

    /** The canonical lower-case name of a tag the scan cares about, or null. Allocates nothing. */
    private String known(int from, int to) {
        long key = pack(html, from, to);
        if (key < 0) {
            return null;
        }
        int at = Arrays.binarySearch(KEYS, key);
        return at < 0 ? null : BY_KEY[at];
    }

    /** Up to 9 ASCII chars, lower-cased, 7 bits each; -1 for anything else. */
    private static long pack(String s, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 9) {
            return -1;
        }
        long key = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            } else if (c > 127) {
                return -1;
            }
            key = key << 7 | c;
        }
        return key;
    }

    /** Elements that do not open the body (when they come before any content). */
    private static boolean isHeadContent(String tag) {
        return tag != null && switch (tag) {
            case "html", "head", "title", "meta", "link", "base", "style", "script", "noscript", "template",
                    "noframes", "basefont", "bgsound" -> true;
            default -> false;
        };
    }

    private static boolean isHeadNoscriptContent(String tag) {
        return tag != null && switch (tag) {
            case "link", "meta", "style", "noframes", "basefont", "bgsound" -> true;
            default -> false;
        };
    }

    private static boolean isBlock(String tag) {
        return switch (tag) {
            case "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "pre", "blockquote", "hr",
                    "section", "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption",
                    "fieldset", "address", "details", "center", "caption", "tbody", "thead", "tfoot", "form",
                    "video", "audio", "canvas", "svg", "template", "noscript", "h1", "h2", "h3", "h4", "h5",
                    "h6" -> true;
            default -> false;
        };
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean isTagEnd(char c) {
        return isSpace(c) || c == '/' || c == '>';
    }

    /**
     * Entities decoded as jsoup decodes them. The four that javadoc and most sites use ({@code &amp;}
     * in every JDK doc title) are done here; anything else goes to jsoup, whose tokeniser costs a
     * 32 KiB buffer a call and a large method to compile.
     */
    static String unescape(String s, boolean inAttribute) {
        StringBuilder sb = null;
        int from = 0;
        for (int amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', from)) {
            char decoded;
            int len;
            if (s.startsWith("&amp;", amp)) {
                decoded = '&';
                len = 5;
            } else if (s.startsWith("&lt;", amp)) {
                decoded = '<';
                len = 4;
            } else if (s.startsWith("&gt;", amp)) {
                decoded = '>';
                len = 4;
            } else if (s.startsWith("&quot;", amp)) {
                decoded = '"';
                len = 6;
            } else {
                return Parser.unescapeEntities(s, inAttribute);
            }
            if (sb == null) {
                sb = new StringBuilder(s.length());
            }
            sb.append(s, from, amp).append(decoded);
            from = amp + len;
        }
        return sb == null ? s : sb.append(s, from, s.length()).toString();
    }

    /** As jsoup's {@code text()}: runs of whitespace (nbsp included) become one space, the ends trimmed. */
    private static String normalise(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c) || c == '\u00a0' || c == '\u200b') {
                space = true;
            } else {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The current start tag's attributes as offsets into the page; values are cut and decoded when asked for. */
    private final class TagAttrs implements Links.Attrs {
        private int[] spans = new int[32];
        private int count;

        void reset() {
            count = 0;
        }

        void add(int nameStart, int nameEnd, int valueStart, int valueEnd) {
            if (find(nameStart, nameEnd) >= 0) {
                return; // a duplicate: jsoup keeps the first
            }
            if (count * 4 == spans.length) {
                spans = Arrays.copyOf(spans, spans.length * 2);
            }
            int at = count++ * 4;
            spans[at] = nameStart;
            spans[at + 1] = nameEnd;
            spans[at + 2] = valueStart;
            spans[at + 3] = valueEnd;
        }

        private int find(int nameStart, int nameEnd) {
            int len = nameEnd - nameStart;
            for (int i = 0; i < count; i++) {
                int at = i * 4;
                if (spans[at + 1] - spans[at] == len && html.regionMatches(true, spans[at], html, nameStart, len)) {
                    return i;
                }
            }
            return -1;
        }

        private int find(String name) {
            int len = name.length();
            for (int i = 0; i < count; i++) {
                int at = i * 4;
                if (spans[at + 1] - spans[at] == len && html.regionMatches(true, spans[at], name, 0, len)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String get(String name) {
            int i = find(name);
            if (i < 0 || spans[i * 4 + 2] < 0) {
                return "";
            }
            String v = html.substring(spans[i * 4 + 2], spans[i * 4 + 3]);
            return v.indexOf('&') < 0 ? v : unescape(v, true);
        }

        @Override
        public boolean has(String name) {
            return find(name) >= 0;
        }
    }
}
