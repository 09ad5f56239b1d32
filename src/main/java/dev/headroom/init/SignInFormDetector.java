package dev.headroom.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A sign-in form: a form with exactly one password field (two are a registration or password-change
 * form). Its {@link FormInfo#fields()} are the user field (the text or email input before the
 * password, when there is one) and the password field.
 */
final class SignInFormDetector {
    Optional<FormInfo> find(Document page, String url) {
        for (Element form : page.select("form")) {
            List<Element> passwords = form.select("input[type=password][name]");
            if (passwords.size() != 1) {
                continue;
            }
            Element password = passwords.get(0);
            List<String> fields = new ArrayList<>();
            for (Element f : Forms.visibleFields(form)) {
                if (f == password) {
                    break;
                }
                String type = f.attr("type").toLowerCase(Locale.ROOT);
                if (f.tagName().equals("input") && (type.isEmpty() || type.equals("text") || type.equals("email"))) {
                    fields.clear();
                    fields.add(f.attr("name"));
                }
            }
            fields.add(password.attr("name"));
            return Optional.of(Forms.info(page, form, fields, "form:has(input[type=password])", url));
        }
        return Optional.empty();
    }

    /** The user field of a sign-in form, or empty if it has only a password. */
    static String userField(FormInfo form) {
        return form.fields().size() > 1 ? form.fields().get(0) : "";
    }

    /** The password field of a sign-in form. */
    static String passwordField(FormInfo form) {
        return form.fields().get(form.fields().size() - 1);
    }
}
