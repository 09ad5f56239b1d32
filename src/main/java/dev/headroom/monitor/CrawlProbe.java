package dev.headroom.monitor;

import dev.headroom.crawl.ContinuousCrawl;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Finding;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One crawl of the site with {@link ContinuousCrawl}: incremental after the first (conditional
 * requests), with the crawler's own {@code headroom_crawl_*} metrics tagged with the check's name.
 * Passed if clean; failed with the first failing finding and where it is linked from.
 */
final class CrawlProbe implements Probe {
    private final ContinuousCrawl crawl;

    CrawlProbe(ContinuousCrawl crawl) {
        this.crawl = crawl;
    }

    /**
     * The crawl {@code options} describe, for check {@code check}, with the monitor's {@code checker},
     * which keeps every request on the plan's allowlist; its series go to {@code registry} tagged with
     * the check's name.
     */
    static CrawlProbe of(String check, CrawlOptions.Builder options, HttpChecker checker, MeterRegistry registry) {
        // a new crawl registers its own series: gauges left by the last generation would go on reading its values
        registry.getMeters().stream()
                .filter(m -> check.equals(m.getId().getTag("check")) && m.getId().getName().startsWith("headroom.crawl."))
                .toList()
                .forEach(registry::remove);
        // The crawler then skips links off the allowlist (listed as not checked) instead of sending them
        options.allowlist(checker.allowlist());
        return new CrawlProbe(new ContinuousCrawl(options.build(), checker, registry, Tags.of("check", check)));
    }

    @Override
    public ProbeResult run() {
        CrawlResult r = crawl.runOnce();
        List<ProbeResult.Phase> phases = List.of(new ProbeResult.Phase("crawl",
                r.clean() ? Status.PASSED : Status.FAILED, r.stats().duration()));
        if (r.startUnreachable()) {
            String why = "start unreachable: " + String.join("; ", r.startProblems());
            return new ProbeResult(Status.ERROR, why, phases, new ProbeResult.Failure("crawl", "", 0, why, ""));
        }
        if (crawl.lastAborted()) {
            return new ProbeResult(Status.ERROR, "crawl aborted", phases, new ProbeResult.Failure("crawl", "", 0, "crawl aborted", ""));
        }
        String pages = r.stats().requested() + " URLs checked";
        List<Finding> failing = r.findings().stream().filter(Finding::failing).toList();
        if (r.verdict() == dev.headroom.report.Verdict.PASSED) {
            return new ProbeResult(Status.PASSED, pages, phases, null);
        }
        List<String> counts = new ArrayList<>();
        r.counts().forEach((k, v) -> {
            if (v > 0) {
                counts.add(k.name().toLowerCase(Locale.ROOT) + " " + v);
            }
        });
        Finding f = failing.get(0);
        String where = f.linkedFrom().isEmpty() ? "" : " (linked from " + f.linkedFrom().get(0)
                + (f.linkedFrom().size() > 1 ? " and " + (f.linkedFrom().size() - 1) + " more" : "") + ")";
        String message = pages + "; " + String.join(", ", counts);
        return new ProbeResult(Status.FAILED, message, phases, new ProbeResult.Failure("crawl", "GET " + f.url(), 0,
                f.kind().name().toLowerCase(Locale.ROOT) + ": " + f.detail() + where, ""));
    }

    @Override
    public void abort() {
        crawl.abort();
    }

    @Override
    public void close() {
        crawl.close();
    }
}
