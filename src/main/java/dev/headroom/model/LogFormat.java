package dev.headroom.model;

/** Access log formats {@code headroom model} reads. */
public enum LogFormat {
    /** Decide per file from its first non-blank line: '{' means JSON lines, anything else combined. */
    AUTO,
    /** nginx/Apache combined (and common) log format. */
    COMBINED,
    /** One JSON object per line, field names from {@link JsonFields}. */
    JSON
}
