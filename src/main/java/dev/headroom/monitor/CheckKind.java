package dev.headroom.monitor;

import java.util.Locale;

/** What a check does: a journey (many steps), a probe (one request) or a crawl (every page). */
public enum CheckKind {
    JOURNEY, PROBE, CRAWL;

    /** The label value: {@code journey}, {@code probe}, {@code crawl}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
