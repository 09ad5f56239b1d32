package dev.headroom.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The gate's stages, in the order they run. */
public enum GateStage {
    /** The shop file's crawl: every page, link and asset; only findings new since the baseline fail. */
    CRAWL,
    /** Every shop journey, several times in a row: one lucky pass is not a pass. */
    JOURNEYS,
    /** A short load test at a multiple of the modelled peak, with the load section's SLOs. */
    LOAD,
    /** The front door and every origin probed directly; redundancy intact. */
    ORIGINS;

    /** {@code crawl}, {@code journeys}, {@code load}, {@code origins}: as written in configs and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every stage, in order. */
    public static List<GateStage> all() {
        return List.of(values());
    }

    /**
     * The stage called {@code name} (any case).
     *
     * @throws IllegalArgumentException naming the stages there are
     */
    public static GateStage parse(String name) {
        for (GateStage s : values()) {
            if (s.label().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + name + "' (stages: "
                + String.join(", ", Arrays.stream(values()).map(GateStage::label).toList()) + ")");
    }
}
