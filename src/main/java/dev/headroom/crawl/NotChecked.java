package dev.headroom.crawl;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * URLs the crawl found but never requested, for one {@link Reason}: how many (distinct URLs), the
 * first {@value #EXAMPLES_KEPT} in URL order with a page that links to each, and for {@link
 * Reason#NOT_ALLOWED} the hosts they are on. Not findings: the site may be fine there; the crawl
 * just did not look.
 *
 * @param reason why they were not requested
 * @param count distinct URLs
 * @param examples the first few, in URL order
 * @param hosts for NOT_ALLOWED: distinct URLs per host, most first (at most {@value #HOSTS_KEPT}
 *     hosts; the rest are counted under {@code "(other hosts)"}); empty for the other reasons
 */
public record NotChecked(Reason reason, long count, List<Example> examples, Map<String, Long> hosts) {

    /** Example URLs kept per reason. */
    public static final int EXAMPLES_KEPT = 20;
    /** Hosts listed for NOT_ALLOWED. */
    public static final int HOSTS_KEPT = 100;

    /** Why a URL was not requested. */
    public enum Reason {
        /** Its host is not on the crawl's allowlist (a link, a sitemap entry or a redirect's target). */
        NOT_ALLOWED("not on the allowlist"),
        /** Longer than the URL-length cap (a crawler trap, or a URL no browser would send). */
        URL_TOO_LONG("longer than the URL-length cap"),
        /** One path with more query strings than the query-variant cap (an endless calendar, faceted search...). */
        QUERY_VARIANTS("past the query-variant cap of its path"),
        /** A path repeating one segment more than three times ({@code /a/b/a/b/a/b/a}): a relative-link loop. */
        REPEATED_SEGMENTS("repeated path segments");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        /** For people: {@code not on the allowlist}, {@code longer than the URL-length cap}... */
        public String words() {
            return words;
        }

        /** True for the crawler-trap caps (everything but NOT_ALLOWED). */
        public boolean trap() {
            return this != NOT_ALLOWED;
        }
    }

    /**
     * One URL not requested.
     *
     * @param url the URL (very long ones shortened, with their length)
     * @param linkedFrom a page linking to it (for a redirect's target: the URL that redirected), or empty
     */
    public record Example(String url, String linkedFrom) {
    }

    public NotChecked {
        Objects.requireNonNull(reason, "reason");
        examples = List.copyOf(examples);
        hosts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hosts));
    }

    /** One line for people: {@code 12 URLs not checked: not on the allowlist (cdn.example.com 8, ...)}. */
    public String line() {
        StringBuilder sb = new StringBuilder().append(count).append(count == 1 ? " URL" : " URLs")
                .append(" not checked: ").append(reason.words());
        if (!hosts.isEmpty()) {
            sb.append(" (");
            int i = 0;
            for (Map.Entry<String, Long> e : hosts.entrySet()) {
                if (i++ == 5) {
                    sb.append(", ...");
                    break;
                }
                sb.append(i > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
