package dev.headroom.journey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HtmlForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A response as steps read it: its parsed forms (HTML, visible text, JSON) computed on first use
 * and kept, so that a step's assertions and extractions parse the page once. Confined to the
 * running thread.
 */
final class Page {
    private final CheckResult response;
    private Document doc;
    private String text;
    private JsonNode json;
    private boolean jsonParsed;

    Page(CheckResult response) {
        this.response = response;
    }

    CheckResult response() {
        return response;
    }

    /** The final URL, after redirects. */
    String url() {
        return response.url();
    }

    Document doc() {
        if (doc == null) {
            doc = HtmlForm.parse(response);
        }
        return doc;
    }

    /** What a customer reads: the visible text of an HTML page, the body of anything else. */
    String text() {
        if (text == null) {
            String ct = response.contentType();
            text = ct == null || ct.contains("html") ? doc().text() : response.bodyText();
        }
        return text;
    }

    /** For excerpts: the page's main content when it marks one, else {@link #text()}. */
    String mainText() {
        if (response.contentType() == null || response.contentType().contains("html")) {
            Element main = doc().selectFirst("main, [role=main]");
            if (main != null) {
                return main.text();
            }
        }
        return text();
    }

    /** The body as JSON; null if it is not JSON. */
    JsonNode json() {
        if (!jsonParsed) {
            json = JsonValues.parse(response.bodyText());
            jsonParsed = true;
        }
        return json;
    }

    /**
     * The first link matching {@code selector} (an element with an href, or the first one inside
     * it), or with the visible text {@code text} (exact, ignoring case and runs of whitespace; else
     * the first containing it).
     *
     * @throws StepFailure when there is none
     */
    Element link(String selector, String text) {
        return links(selector, text).get(0);
    }

    /**
     * Every link {@link #link} could choose, in page order: for a selector, each match's link (an
     * element with an href, or the first one inside it); for a text, the exact matches, or if there
     * are none the links containing it. Never empty.
     *
     * @throws StepFailure when there is none
     */
    List<Element> links(String selector, String text) {
        List<Element> found = new ArrayList<>();
        if (selector != null) {
            for (Element e : doc().select(selector)) {
                Element link = e.hasAttr("href") ? e : e.selectFirst("[href]");
                if (link != null) {
                    found.add(link);
                }
            }
            if (found.isEmpty()) {
                throw new StepFailure("no link matches '" + selector + "' on " + url());
            }
            return found;
        }
        String wanted = normalize(text);
        List<Element> partial = new ArrayList<>();
        for (Element a : doc().select("a[href]")) {
            String linkText = normalize(a.text());
            if (linkText.equalsIgnoreCase(wanted)) {
                found.add(a);
            } else if (linkText.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT))) {
                partial.add(a);
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (!partial.isEmpty()) {
            return partial;
        }
        throw new StepFailure("no link with the text '" + wanted + "' on " + url());
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
