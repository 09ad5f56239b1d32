package dev.headroom.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * A form found in an HTML page, submitted the way a browser submits it: every field the page
 * filled in (hidden CSRF tokens, pre-filled values, selected options) is kept, the fields named
 * with {@link #set} are overridden, and the request goes to the form's resolved {@code action} with
 * its {@code method}. The action URL is kept as the page wrote it, path parameters and all ({@code
 * /shop/order;jsessionid=ABC}).
 *
 * <p>Submit buttons ({@code <input type="submit">}, {@code <input type="image">}, {@code <button>}
 * without {@code type="button"} or {@code "reset"}) are not fields: as in a browser, only the
 * clicked one sends its {@code name=value}, and the others send nothing. Unless {@link #click}
 * chooses another, the clicked button is the form's first enabled one, as when a customer presses
 * Enter; a form without buttons sends only its fields. A clicked button's {@code formaction} and
 * {@code formmethod} override the form's.
 *
 * <p>Immutable: {@link #set} and {@link #click} return a new form. Only url-encoded forms are
 * supported; a form with {@code enctype="multipart/form-data"} is submitted url-encoded all the same.
 */
public final class HtmlForm {
    /**
     * One submit button of a form.
     *
     * @param name its {@code name}, empty if it has none (then it sends nothing when clicked)
     * @param value what it sends: its {@code value} attribute, empty if it has none
     * @param label what the customer sees: a button's text, an input's value, an image's alt
     * @param position how many fields come before it in page order
     * @param image true for {@code <input type="image">}, which sends {@code name.x} and {@code name.y}
     * @param formAction its {@code formaction}, resolved, or empty
     * @param formMethod its {@code formmethod}, upper case, or empty
     */
    private record Button(String name, String value, String label, int position, boolean image,
            String formAction, String formMethod) {
        String describe() {
            return "'" + label + "'" + (name.isEmpty() ? "" : " (" + name + ")");
        }
    }

    private final String action;
    private final String method;
    private final Map<String, String> fields;
    private final List<Button> buttons;
    private final int clicked; // index into buttons, -1 for none

    private HtmlForm(String action, String method, Map<String, String> fields, List<Button> buttons, int clicked) {
        this.action = action;
        this.method = method;
        // Page order is kept: some servers read repeated or ordered fields positionally.
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.buttons = List.copyOf(buttons);
        this.clicked = clicked;
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

    /** The form as a browser would submit it right now, its first enabled submit button clicked. */
    public static HtmlForm of(FormElement form) {
        Map<String, String> fields = new LinkedHashMap<>();
        // formData() applies the browser's rules: disabled and unchecked fields left out,
        // the selected option of each select, textarea contents. It also sends every submit input,
        // which a browser does not: buttons are taken out here and sent only when clicked.
        form.formData().forEach(kv -> fields.putIfAbsent(kv.key(), kv.value()));
        List<Button> buttons = new ArrayList<>();
        int position = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Element el : form.elements()) {
            String name = el.attr("name");
            if (isButton(el)) {
                if (!name.isEmpty() && !seen.contains(name)) {
                    fields.remove(name);
                }
                if (!el.hasAttr("disabled")) {
                    boolean input = el.normalName().equals("input");
                    boolean image = input && el.attr("type").equalsIgnoreCase("image");
                    String label = image ? el.attr("alt") : input ? el.attr("value") : el.text();
                    buttons.add(new Button(name, el.attr("value"), label, position, image,
                            el.hasAttr("formaction") ? el.absUrl("formaction") : "",
                            el.attr("formmethod").toUpperCase(java.util.Locale.ROOT)));
                }
            } else if (el.normalName().equals("input") && el.attr("type").equalsIgnoreCase("reset")) {
                if (!name.isEmpty() && !seen.contains(name)) {
                    fields.remove(name); // a reset button resets, it never submits
                }
            } else if (!name.isEmpty() && fields.containsKey(name) && seen.add(name)) {
                position++;
            }
        }
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
        return new HtmlForm(action, method, fields, buttons, buttons.isEmpty() ? -1 : 0);
    }

    private static boolean isButton(Element el) {
        String type = el.attr("type").toLowerCase(java.util.Locale.ROOT);
        return switch (el.normalName()) {
            case "input" -> type.equals("submit") || type.equals("image");
            case "button" -> !type.equals("button") && !type.equals("reset");
            default -> false;
        };
    }

    /**
     * A copy of this form with another submit button clicked: the first whose label (a button's
     * text, an input's value, an image's alt) is {@code button}, else the first named {@code
     * button}; both compared exactly, then ignoring case.
     *
     * @throws IllegalArgumentException if no button of the form matches, naming those it has
     */
    public HtmlForm click(String button) {
        Objects.requireNonNull(button, "button");
        List<java.util.function.Predicate<Button>> tries = List.of(b -> b.label().strip().equals(button.strip()),
                b -> b.name().equals(button), b -> b.label().strip().equalsIgnoreCase(button.strip()),
                b -> b.name().equalsIgnoreCase(button));
        for (var matches : tries) {
            for (int i = 0; i < buttons.size(); i++) {
                if (matches.test(buttons.get(i))) {
                    return new HtmlForm(action, method, fields, buttons, i);
                }
            }
        }
        throw new IllegalArgumentException("the form has no submit button '" + button + "'; "
                + (buttons.isEmpty() ? "it has none"
                        : "its buttons: " + buttons.stream().map(Button::describe).collect(Collectors.joining(", "))));
    }

    /** The label and name of each enabled submit button, in page order: {@code 'Confirm' (confirmed)}. */
    public List<String> buttons() {
        return buttons.stream().map(Button::describe).toList();
    }

    /** The clicked button, as {@link #buttons()} describes it; empty when the form has no button. */
    public Optional<String> clicked() {
        return clicked < 0 ? Optional.empty() : Optional.of(buttons.get(clicked).describe());
    }

    /** A copy of this form with {@code name} set to {@code value} (added if the page had no such field). */
    public HtmlForm set(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new HtmlForm(action, method, copy, buttons, clicked);
    }

    /** A copy with every entry of {@code values} set. */
    public HtmlForm set(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.putAll(values);
        return new HtmlForm(action, method, copy, buttons, clicked);
    }

    /** Where it goes: the clicked button's {@code formaction}, else the form's resolved {@code action}. */
    public String action() {
        Button b = clicked < 0 ? null : buttons.get(clicked);
        return b != null && !b.formAction().isEmpty() ? b.formAction() : action;
    }

    /** GET or POST...: the clicked button's {@code formmethod}, else the form's {@code method}. */
    public String method() {
        Button b = clicked < 0 ? null : buttons.get(clicked);
        return b != null && !b.formMethod().isEmpty() ? b.formMethod() : method;
    }

    /**
     * The fields that would be submitted, in page order, with the clicked button's {@code
     * name=value} where it stands among them (unless a field of that name was {@link #set}).
     */
    public Map<String, String> fields() {
        Button b = clicked < 0 ? null : buttons.get(clicked);
        if (b == null || b.name().isEmpty() || fields.containsKey(b.name())) {
            return fields;
        }
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (i++ == b.position()) {
                putButton(out, b);
            }
            out.put(e.getKey(), e.getValue());
        }
        if (!out.containsKey(b.image() ? b.name() + ".x" : b.name())) {
            putButton(out, b);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void putButton(Map<String, String> out, Button b) {
        if (b.image()) {
            out.put(b.name() + ".x", "0");
            out.put(b.name() + ".y", "0");
        } else {
            out.put(b.name(), b.value());
        }
    }

    /** The request a browser would send: a url-encoded POST, or a GET with the fields as query. */
    public CheckRequest toRequest() {
        String target = action();
        Map<String, String> data = fields();
        if ("GET".equals(method())) {
            // As in a browser: the fields replace the action's query; its path (;jsessionid=...) stays.
            okhttp3.HttpUrl url = okhttp3.HttpUrl.get(target);
            okhttp3.HttpUrl.Builder query = url.newBuilder().query(null);
            data.forEach(query::addQueryParameter);
            return CheckRequest.get(query.build().toString());
        }
        return CheckRequest.builder().method(method()).url(target).form(data).build();
    }
}
