package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How the frontier's state becomes a crawl's pages and findings, each finding failing or warning by {@link FindingRules}. */
final class ResultBuilder {
    private ResultBuilder() {
    }

    /**
     * @param pages every URL requested, sorted by URL
     * @param findings every finding, sorted by class, URL and detail
     * @param notFetched URLs admitted but never requested (the crawl ended first)
     */
    record Collected(List<CrawledPage> pages, List<Finding> findings, long notFetched) {
    }

    /**
     * The pages and findings of {@code nodes}: each page's own findings (and those about it as a
     * sitemap), findings about sitemaps that are no page, missing fragments and mixed content.
     */
    static Collected collect(Collection<Node> nodes, List<Node> starts, Map<String, List<Node.Found>> sitemapFindings,
            Map<String, RefList> missingFragments, Map<String, RefList> mixedContent, FindingRules rules) {
        Set<Node> startSet = Collections.newSetFromMap(new IdentityHashMap<>());
        startSet.addAll(starts);
        List<CrawledPage> pageList = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, List<Node.Found>> mapFindings = new LinkedHashMap<>(sitemapFindings);
        long notFetched = 0;
        for (Node n : nodes) {
            if (n.skipped != null) {
                continue;
            }
            if (!n.fetched) {
                notFetched++;
                continue;
            }
            Node.Found worst = null;
            List<Node.Found> found = new ArrayList<>(n.findings());
            List<Node.Found> aboutMap = mapFindings.remove(n.url);
            if (aboutMap != null) {
                found.addAll(aboutMap);
            }
            for (Node.Found f : found) {
                if (startSet.contains(n)) {
                    f = rules.onStartUrl(f);
                }
                findings.add(new Finding(f.kind(), n.url, f.detail(), rules.fails(f), n.refs.urls(), n.refs.count()));
                if (worst == null || rules.fails(f) && !rules.fails(worst)) {
                    worst = f;
                }
            }
            CrawledPage.Type t = switch (n.type) {
                case PAGE -> CrawledPage.Type.PAGE;
                case ASSET, STYLESHEET -> CrawledPage.Type.ASSET;
                case EXTERNAL -> CrawledPage.Type.EXTERNAL;
            };
            String outcome = worst != null ? worst.kind().name().toLowerCase(Locale.ROOT)
                    : n.offListTarget != null ? "not_allowed" : "ok";
            pageList.add(new CrawledPage(n.url, t, n.status, n.contentType, n.timeMs, n.depth, outcome, n.links));
        }
        mapFindings.forEach((url, fs) -> fs.forEach(f -> findings.add(
                new Finding(f.kind(), url, f.detail(), rules.fails(f), List.of(), 0))));
        missingFragments.forEach((url, refs) -> findings.add(new Finding(Finding.Kind.MISSING_FRAGMENT, url,
                "no element with this id or anchor name on the page",
                rules.fails(new Node.Found(Finding.Kind.MISSING_FRAGMENT, "", null)), refs.urls(), refs.count())));
        mixedContent.forEach((url, refs) -> findings.add(new Finding(Finding.Kind.MIXED_CONTENT, url,
                "http resource loaded by an https page",
                rules.fails(new Node.Found(Finding.Kind.MIXED_CONTENT, "", null)), refs.urls(), refs.count())));
        pageList.sort(Comparator.comparing(CrawledPage::url));
        findings.sort(Comparator.comparing(Finding::kind).thenComparing(Finding::url).thenComparing(Finding::detail));
        return new Collected(pageList, findings, notFetched);
    }
}
