package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of one robots.txt (RFC 9309) for one user agent: the group naming the agent's product
 * token, else the {@code *} group; the longest matching Allow/Disallow wins, Allow on a tie;
 * {@code *} and a trailing {@code $} are understood. Also collects {@code Sitemap:} lines.
 */
final class RobotsTxt {
    static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), List.of());

    private record Rule(boolean allow, String pattern) {
    }

    private final List<Rule> rules;
    private final List<String> sitemaps;

    private RobotsTxt(List<Rule> rules, List<String> sitemaps) {
        this.rules = rules;
        this.sitemaps = sitemaps;
    }

    static RobotsTxt parse(String text, String userAgent) {
        String token = userAgent.toLowerCase(Locale.ROOT).split("[/\\s(]", 2)[0];
        List<Rule> specific = new ArrayList<>();
        List<Rule> star = new ArrayList<>();
        List<String> sitemaps = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        boolean specificSeen = false;
        for (String rawLine : text.split("\r\n|\r|\n")) {
            int hash = rawLine.indexOf('#');
            String line = (hash >= 0 ? rawLine.substring(0, hash) : rawLine).strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "user-agent" -> {
                    if (inRules) {
                        agents.clear();
                        inRules = false;
                    }
                    agents.add(value.toLowerCase(Locale.ROOT));
                }
                case "allow", "disallow" -> {
                    inRules = true;
                    if (value.isEmpty()) {
                        continue; // "Disallow:" with nothing allows everything
                    }
                    Rule r = new Rule(key.equals("allow"), value);
                    for (String a : agents) {
                        if (!token.isEmpty() && (a.equals(token) || token.startsWith(a) && !a.equals("*"))) {
                            specific.add(r);
                            specificSeen = true;
                        } else if (a.equals("*")) {
                            star.add(r);
                        }
                    }
                }
                case "sitemap" -> sitemaps.add(value);
                default -> inRules = inRules || !agents.isEmpty() && !key.equals("user-agent");
            }
        }
        return new RobotsTxt(List.copyOf(specificSeen ? specific : star), List.copyOf(sitemaps));
    }

    List<String> sitemaps() {
        return sitemaps;
    }

    /** Whether the path (with query) may be fetched. */
    boolean allows(String pathAndQuery) {
        int best = -1;
        boolean allowed = true;
        for (Rule r : rules) {
            int len = matchLength(r.pattern, pathAndQuery);
            if (len > best || len == best && r.allow) {
                if (len >= 0) {
                    best = len;
                    allowed = r.allow;
                }
            }
        }
        return allowed;
    }

    /** The pattern's length if it matches the start of the path, else -1. */
    private static int matchLength(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (p.indexOf('*') < 0) {
            boolean ok = anchored ? path.equals(p) : path.startsWith(p);
            return ok ? pattern.length() : -1;
        }
        StringBuilder re = new StringBuilder();
        for (String part : p.split("\\*", -1)) {
            if (re.length() > 0) {
                re.append(".*");
            }
            re.append(java.util.regex.Pattern.quote(part));
        }
        if (anchored) {
            re.append("$");
        }
        return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL).matcher(path).lookingAt()
                ? pattern.length() : -1;
    }
}
