package dev.headroom.report;

/** The files {@link ReportWriter#write} can produce, each with a fixed name. */
public enum Format {
    /** {@code report.json}: everything, for machines and later comparison. */
    JSON("report.json"),
    /** {@code junit.xml}: for CI test-result views. */
    JUNIT("junit.xml"),
    /** {@code summary.md}: for humans, e.g. a CI job summary or PR comment. */
    MARKDOWN("summary.md");

    private final String fileName;

    Format(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
