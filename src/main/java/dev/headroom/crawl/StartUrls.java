package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Whether a crawl could be crawled at all: the one place "unreachable" is decided for a crawl
 * ({@link CrawlResult#startUnreachable()}, and so the {@code UNREACHABLE} verdict and exit code 3).
 */
final class StartUrls {
    private StartUrls() {
    }

    /**
     * @param unreachable no start URL gave a usable (2xx) page, none answered with an error status
     *     the site must fix (that is a finding), and every one was tried
     * @param problems why each start URL gave no usable page, one line each
     */
    record Reach(boolean unreachable, List<String> problems) {
    }

    static Reach reach(List<Node> starts) {
        List<String> startProblems = new ArrayList<>();
        boolean anyUsable = false;
        boolean anyAnsweredWrong = false; // an error status the site must fix: a finding, not "unreachable"
        boolean anyUntried = false; // stopped before it was requested: nothing is known about it
        for (Node s : starts) {
            if (!s.fetched || "limit".equals(s.skipped)) {
                anyUntried = true;
            }
            if (s.fetched && s.skipped == null && s.offListTarget == null && s.status >= 200 && s.status < 300
                    && s.findings().stream().noneMatch(f -> f.kind() == Finding.Kind.TIMEOUT)) {
                anyUsable = true;
                continue;
            }
            startProblems.add(s.url + ": " + startProblem(s));
            boolean blocked = s.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.BLOCKED);
            if (s.fetched && s.skipped == null && s.offListTarget == null && s.status > 0 && !blocked) {
                anyAnsweredWrong = true;
            }
        }
        return new Reach(!starts.isEmpty() && !anyUsable && !anyAnsweredWrong && !anyUntried, startProblems);
    }

    /** Why a start URL gave no usable page, for people. */
    private static String startProblem(Node s) {
        if (!s.fetched || "limit".equals(s.skipped)) {
            return "not requested (the crawl stopped first)";
        }
        if ("not_allowed".equals(s.skipped)) {
            return "its host is not on the allowlist of the HTTP checker used";
        }
        if (s.offListTarget != null) {
            HttpUrl target = HttpUrl.parse(s.offListTarget);
            String host = target == null ? s.offListTarget : target.host();
            return "redirects (" + s.status + ") to " + s.offListTarget + ", whose host '" + host
                    + "' is not on the allowlist (allow it with --allow " + host + ")";
        }
        return s.findings().stream().map(f -> (f.kind() == Finding.Kind.BLOCKED ? "turned away: " : "") + f.detail())
                .findFirst().orElse("status " + s.status);
    }
}
