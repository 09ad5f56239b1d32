package dev.headroom.init;

import java.util.List;

/**
 * A form {@code headroom init} found and means to name in a journey.
 *
 * @param selector a CSS selector whose first match on {@code page} is this form ({@code submit: {form: ...}})
 * @param method {@code GET} or {@code POST}
 * @param action the form's action as the page wrote it, without session ids (empty: the page itself)
 * @param fields the names of its fields a person fills in (text, email, password, select...), in page order
 * @param hidden the names of its hidden fields (CSRF tokens and the like, which a journey keeps as they are)
 * @param submits its named submit buttons as {@code name=value} ({@code newOrder=Continue}): a server
 *     that reads which button was pressed needs it among the submitted fields
 * @param page the URL of the page it was found on
 */
public record FormInfo(String selector, String method, String action, List<String> fields, List<String> hidden,
        List<String> submits, String page) {
    public FormInfo {
        fields = List.copyOf(fields);
        hidden = List.copyOf(hidden);
        submits = List.copyOf(submits);
    }
}
