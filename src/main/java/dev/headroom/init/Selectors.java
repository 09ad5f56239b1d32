package dev.headroom.init;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/**
 * CSS selectors derived from real pages: for a form, one whose first match is that form; for links
 * to a kind of page, one that matches only such links on every page given, so that a journey's
 * {@code follow} and {@code assert} hold on every page of the kind, not only on the one seen.
 */
final class Selectors {
    private Selectors() {
    }

    /** A selector whose first match in {@code doc} is {@code form}, from its id, classes, name or action. */
    static String forForm(Document doc, Element form, String fallback) {
        List<String> candidates = new ArrayList<>();
        if (!form.id().isBlank() && cssSafe(form.id())) {
            candidates.add("form#" + form.id());
        }
        for (String c : form.classNames()) {
            if (cssSafe(c)) {
                candidates.add("form." + c);
            }
        }
        if (!form.attr("name").isBlank()) {
            candidates.add("form[name='" + quote(form.attr("name")) + "']");
        }
        String actionWord = AddToCartDetector.tail(form.attr("action"));
        if (!actionWord.isBlank()) {
            candidates.add("form[action*='" + quote(actionWord) + "']");
        }
        if (fallback != null) {
            candidates.add(fallback);
        }
        for (String c : candidates) {
            if (firstIs(doc, c, form)) {
                return c;
            }
        }
        return form.cssSelector();
    }

    /**
     * A selector matching, on every page of {@code pages}, at least one link and only links whose
     * absolute URL {@code isTarget} accepts; tried from the markup of the links on the first page
     * ({@code a.product-name}, {@code nav.categories a}), then {@code a[href*='HINT']}.
     */
    static Optional<String> linksTo(List<Document> pages, Predicate<String> isTarget, List<String> hrefHints) {
        if (pages.isEmpty()) {
            return Optional.empty();
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (Element a : pages.get(0).select("a[href]")) {
            if (isTarget.test(a.absUrl("href"))) {
                candidates.addAll(linkCandidates(a));
            }
        }
        for (String hint : hrefHints) {
            candidates.add("a[href*='" + quote(hint) + "']");
        }
        for (String c : candidates) {
            if (pages.stream().allMatch(p -> onlyTargets(p, c, isTarget))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A selector that matches at least one element on every page and whose matches all pass {@code ok}. */
    static Optional<String> presentOnAll(List<Document> pages, List<String> candidates, Predicate<Element> ok) {
        for (String c : candidates) {
            if (!pages.isEmpty() && pages.stream().allMatch(p -> {
                Elements found = select(p, c);
                return !found.isEmpty() && found.stream().allMatch(ok);
            })) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Selectors naming {@code e} alone: {@code #id}, {@code tag.class}, {@code [itemprop=...]}. */
    static List<String> elementCandidates(Element e) {
        List<String> out = new ArrayList<>();
        if (!e.id().isBlank() && cssSafe(e.id())) {
            out.add("#" + e.id());
        }
        if (!e.attr("itemprop").isBlank()) {
            out.add("[itemprop='" + quote(e.attr("itemprop")) + "']");
        }
        for (String c : e.classNames()) {
            if (cssSafe(c)) {
                out.add(e.tagName() + "." + c);
            }
        }
        for (Element p : e.parents()) {
            if (p.tagName().equals("body")) {
                break;
            }
            if (!p.id().isBlank() && cssSafe(p.id())) {
                out.add("#" + p.id() + " " + e.tagName());
                break;
            }
            String cls = p.classNames().stream().filter(Selectors::cssSafe).findFirst().orElse(null);
            if (cls != null) {
                out.add(p.tagName() + "." + cls + " " + e.tagName());
                break;
            }
        }
        return out;
    }

    private static List<String> linkCandidates(Element a) {
        List<String> out = new ArrayList<>();
        for (String c : a.classNames()) {
            if (cssSafe(c)) {
                out.add("a." + c);
            }
        }
        int depth = 0;
        for (Element p : a.parents()) {
            if (p.tagName().equals("body") || depth++ > 4) {
                break;
            }
            if (!p.id().isBlank() && cssSafe(p.id())) {
                out.add("#" + p.id() + " a");
            }
            for (String c : p.classNames()) {
                if (cssSafe(c)) {
                    out.add(p.tagName() + "." + c + " a");
                    for (String own : a.classNames()) {
                        if (cssSafe(own)) {
                            out.add(p.tagName() + "." + c + " a." + own);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code selector} matches at least one link on {@code page}, and only links {@code isTarget} accepts. */
    static boolean onlyTargets(Document page, String selector, Predicate<String> isTarget) {
        Elements found = select(page, selector);
        return !found.isEmpty() && found.stream().allMatch(e -> e.tagName().equals("a") && isTarget.test(e.absUrl("href")));
    }

    private static boolean firstIs(Document doc, String selector, Element form) {
        Elements found = select(doc, selector);
        return !found.isEmpty() && found.first() == form;
    }

    static Elements select(Element root, String selector) {
        try {
            return root.select(selector);
        } catch (Selector.SelectorParseException e) {
            return new Elements();
        }
    }

    /** The last path segment of a URL or action, without session ids or query: {@code signon.do}. */
    static String lastSegment(String url) {
        String s = url == null ? "" : url;
        int cut = indexOfAny(s, "?#;");
        s = cut >= 0 ? s.substring(0, cut) : s;
        s = s.replaceAll("/+$", "");
        return s.substring(s.lastIndexOf('/') + 1);
    }

    private static int indexOfAny(String s, String chars) {
        int best = -1;
        for (char c : chars.toCharArray()) {
            int i = s.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    static boolean cssSafe(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_-]*");
    }

    static String quote(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }
}
