package dev.headroom.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** What the form detectors share: reading a form's fields and buttons into a {@link FormInfo}. */
final class Forms {
    private Forms() {
    }

    /** The fields a person fills in: inputs that are not hidden, submit, button, image or reset; selects; textareas. */
    static List<Element> visibleFields(Element form) {
        List<Element> out = new ArrayList<>();
        for (Element e : form.select("input[name], select[name], textarea[name]")) {
            String type = e.attr("type").toLowerCase(Locale.ROOT);
            if (e.tagName().equals("input") && List.of("hidden", "submit", "button", "image", "reset").contains(type)) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    static FormInfo info(Document doc, Element form, List<String> fields, String fallbackSelector, String pageUrl) {
        List<String> hidden = form.select("input[type=hidden][name]").eachAttr("name");
        List<String> submits = new ArrayList<>();
        for (Element b : form.select("input[type=submit][name], button[name], input[type=image][name]")) {
            String value = b.hasAttr("value") ? b.attr("value") : b.text();
            submits.add(b.attr("name") + "=" + value);
        }
        String method = form.attr("method").isBlank() ? "GET" : form.attr("method").toUpperCase(Locale.ROOT);
        String action = form.attr("action").replaceAll(";[^?#]*", "");
        return new FormInfo(Selectors.forForm(doc, form, fallbackSelector), method, action, fields, hidden, submits, pageUrl);
    }

    static String nameOf(Element field) {
        return field.attr("name");
    }
}
