package dev.headroom.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * A form found in an HTML page, submitted the way a browser submits it: every field the page
 * filled in (hidden CSRF tokens, pre-filled values, selected options) is kept, the fields named
 * with {@link #set} are overridden, and the request goes to the form's resolved {@code action} with
 * its {@code method}.
 *
 * <p>Immutable: {@link #set} returns a new form. Only url-encoded forms are supported; a form with
 * {@code enctype="multipart/form-data"} is submitted url-encoded all the same.
 */
public final class HtmlForm {
    private final String action;
    private final String method;
    private final Map<String, String> fields;

    private HtmlForm(String action, String method, Map<String, String> fields) {
        this.action = action;
        this.method = method;
        this.fields = Map.copyOf(fields);
    }

    /** Parses a page the checker fetched; relative links resolve against its final URL. */
    public static Document parse(CheckResult page) {
        return Jsoup.parse(page.bodyText(), page.url());
    }

    /** The first form matching {@code cssSelector} in {@code page}, if there is one. */
    public static Optional<HtmlForm> find(CheckResult page, String cssSelector) {
        return find(parse(page), cssSelector);
    }

    /** The first {@code <form>} matching {@code cssSelector} in an already parsed document. */
    public static Optional<HtmlForm> find(Document page, String cssSelector) {
        Objects.requireNonNull(cssSelector, "cssSelector");
        for (Element element : page.select(cssSelector)) {
            if (element instanceof FormElement form) {
                return Optional.of(of(form));
            }
        }
        return Optional.empty();
    }

    /** The form as a browser would submit it right now. */
    public static HtmlForm of(FormElement form) {
        Map<String, String> fields = new LinkedHashMap<>();
        // formData() applies the browser's rules: disabled and unchecked fields left out,
        // the selected option of each select, textarea contents.
        form.formData().forEach(kv -> fields.putIfAbsent(kv.key(), kv.value()));
        // ...except that an <option> without a value attribute submits its text, which jsoup misses.
        for (Element select : form.elements()) {
            if (select.normalName().equals("select") && fields.containsKey(select.attr("name"))) {
                Element chosen = select.selectFirst("option[selected]");
                if (chosen == null && !select.hasAttr("multiple")) {
                    chosen = select.selectFirst("option");
                }
                if (chosen != null) {
                    fields.put(select.attr("name"), chosen.hasAttr("value") ? chosen.attr("value") : chosen.text());
                }
            }
        }
        String action = form.hasAttr("action") && !form.attr("action").isBlank()
                ? form.absUrl("action")
                : form.ownerDocument() == null ? "" : form.ownerDocument().location();
        String method = form.attr("method").isBlank() ? "GET" : form.attr("method").toUpperCase(java.util.Locale.ROOT);
        return new HtmlForm(action, method, fields);
    }

    /** A copy of this form with {@code name} set to {@code value} (added if the page had no such field). */
    public HtmlForm set(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new HtmlForm(action, method, copy);
    }

    /** A copy with every entry of {@code values} set. */
    public HtmlForm set(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.putAll(values);
        return new HtmlForm(action, method, copy);
    }

    public String action() {
        return action;
    }

    public String method() {
        return method;
    }

    /** The fields that would be submitted, in page order. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The request a browser would send: a url-encoded POST, or a GET with the fields as query. */
    public CheckRequest toRequest() {
        if ("GET".equals(method)) {
            okhttp3.HttpUrl url = okhttp3.HttpUrl.get(action);
            okhttp3.HttpUrl.Builder query = url.newBuilder().query(null);
            fields.forEach(query::addQueryParameter);
            return CheckRequest.get(query.build().toString());
        }
        return CheckRequest.builder().method(method).url(action).form(fields).build();
    }
}
