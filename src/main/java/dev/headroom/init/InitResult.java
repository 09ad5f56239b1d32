package dev.headroom.init;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code headroom init} did: the survey, the files it wrote, and how each generated journey did
 * when run once.
 *
 * @param survey what it worked out about the shop
 * @param written the files written, in the order written
 * @param runs each generated journey's one run, in the order run
 */
public record InitResult(ShopSurvey survey, List<Path> written, List<JourneyRun> runs) {
    public InitResult {
        written = List.copyOf(written);
        runs = List.copyOf(runs);
    }

    /**
     * One generated journey's run.
     *
     * @param file its file name ({@code browse.yaml})
     * @param passed whether every step passed; a journey that did not is not written
     * @param detail the steps' outcome for people ({@code 3 steps passed in 41 ms}, or the failed step and why)
     */
    public record JourneyRun(String file, boolean passed, String detail) {
    }
}
