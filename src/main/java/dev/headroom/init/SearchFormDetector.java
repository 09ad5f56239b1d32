package dev.headroom.init;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A search form: a form with a text (or search) input named {@code q}, {@code query}, {@code
 * keyword(s)}, {@code search}, {@code s} or {@code term}. Its {@link FormInfo#fields()} is that
 * one input.
 */
final class SearchFormDetector {
    static final Set<String> NAMES = Set.of("q", "query", "keyword", "keywords", "search", "s", "term", "searchterm", "search_query");

    Optional<FormInfo> find(Document page, String url) {
        for (Element form : page.select("form")) {
            for (Element input : form.select("input[name]")) {
                String type = input.attr("type").toLowerCase(Locale.ROOT);
                if ((type.isEmpty() || type.equals("text") || type.equals("search"))
                        && NAMES.contains(input.attr("name").toLowerCase(Locale.ROOT))
                        && form.select("input[type=password]").isEmpty()) {
                    String fallback = "form:has(input[name='" + Selectors.quote(input.attr("name")) + "'])";
                    return Optional.of(Forms.info(page, form, List.of(input.attr("name")), fallback, url));
                }
            }
        }
        return Optional.empty();
    }
}
