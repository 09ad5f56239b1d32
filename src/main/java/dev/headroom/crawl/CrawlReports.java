package dev.headroom.crawl;

import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a crawl's results go: {@code report.json}, {@code junit.xml} and {@code summary.md} in one
 * folder, and optionally the load tests' {@link UrlCatalogue}. One instance per folder, for a
 * one-off crawl or for every crawl of a continuous run: a stopped crawl's partial report does not
 * replace a report this instance already wrote, and a stopped or unreachable crawl writes no
 * catalogue (it would list only what was checked before the stop).
 */
public final class CrawlReports {
    private final Path outDir;
    private final Path catalogueFile;
    private final Map<String, String> cataloguePatterns;
    private boolean written;
    private UrlCatalogue catalogue;

    /**
     * @param outDir the reports' folder
     * @param catalogueFile where the catalogue goes, or null for none
     * @param cataloguePatterns the catalogue's URL patterns ({@link UrlCatalogue#DEFAULT_PATTERNS})
     */
    public CrawlReports(Path outDir, Path catalogueFile, Map<String, String> cataloguePatterns) {
        this.outDir = Objects.requireNonNull(outDir, "outDir");
        this.catalogueFile = catalogueFile;
        // in match order: the first pattern found in a page's path wins
        this.cataloguePatterns = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(Objects.requireNonNull(cataloguePatterns, "cataloguePatterns")));
    }

    /** The reports' folder. */
    public Path outDir() {
        return outDir;
    }

    /** Whether {@code r} gets a catalogue: one was asked for and the crawl was neither stopped nor unreachable. */
    public boolean writesCatalogue(CrawlResult r) {
        return catalogueFile != null && !r.startUnreachable() && !r.aborted();
    }

    /** The catalogue file, or null if none was asked for. */
    public Path catalogueFile() {
        return catalogueFile;
    }

    /**
     * Writes the reports of {@code r} (and its catalogue, see {@link #writesCatalogue}); returns the
     * report files written, or an empty list when {@code r} was stopped and an earlier report stays.
     */
    public synchronized List<Path> write(CrawlResult r) throws IOException {
        if (r.aborted() && written) {
            return List.of();
        }
        List<Path> files = ReportWriter.write(r.toReport(), outDir, EnumSet.allOf(Format.class));
        written = true;
        if (writesCatalogue(r)) {
            UrlCatalogue c = UrlCatalogue.of(r, cataloguePatterns);
            c.write(catalogueFile);
            catalogue = c;
        }
        return files;
    }

    /** The catalogue written last (for its {@link UrlCatalogue#warnings}), if one was. */
    public synchronized java.util.Optional<UrlCatalogue> lastCatalogue() {
        return java.util.Optional.ofNullable(catalogue);
    }
}
