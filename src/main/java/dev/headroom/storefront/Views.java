package dev.headroom.storefront;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page templates, compiled once at start (compiling per request would dominate the cost of a
 * product page under load). Mustache escapes HTML by default; no template uses triple braces.
 */
final class Views {
    private static final List<String> PAGES = List.of("home", "category", "product", "search", "cart", "signin",
            "checkout", "orders", "order", "error");

    private final Map<String, Mustache> compiled = new HashMap<>();

    Views() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory("storefront/templates");
        for (String page : PAGES) {
            compiled.put(page, factory.compile(page + ".mustache"));
        }
    }

    String render(String page, Map<String, Object> scope) {
        Mustache template = compiled.get(page);
        if (template == null) {
            throw new IllegalArgumentException("no template " + page);
        }
        StringWriter out = new StringWriter(8192);
        template.execute(out, scope);
        return out.toString();
    }

    static String money(long cents) {
        return String.format(Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
    }
}
