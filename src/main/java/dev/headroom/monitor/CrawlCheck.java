package dev.headroom.monitor;

import dev.headroom.config.Validation;
import dev.headroom.crawl.CrawlOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code crawl: PATH_OR_URL}: the link crawler, incrementally after the first crawl
 * ({@link CrawlProbe}), with the crawler's options; the check's {@code timeout} is its {@code --max-time}.
 */
public record CrawlCheck(String crawl, CrawlSettings settings) implements CheckKind {

    @Override
    public String label() {
        return "crawl";
    }

    @Override
    public String where() {
        return crawl;
    }

    /** The crawler's own setters validate: one definition of each rule, reported at its line. */
    @Override
    public void validate(Validation v) {
        settings.applyTo(CrawlOptions.builder(), v::error);
    }

    @Override
    public Map<String, String> fieldsSet() {
        Map<String, String> set = new LinkedHashMap<>();
        settings.given().forEach(field -> set.put(field, "only a crawl check takes " + field));
        return set;
    }

    @Override
    public String url(Resolution r) {
        return r.under(crawl);
    }

    @Override
    public Probe probe(Check check, Probes probes) {
        return CrawlProbe.of(check.name(), settings.builder(check.url(), check.timeout()), probes.checker(), probes.registry());
    }
}
