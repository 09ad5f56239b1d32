package dev.headroom.monitor;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring window (Unix cron start, fixed length) during which a check's results are recorded
 * but marked, and never flip it DOWN: planned deploys, nightly jobs.
 */
public final class MaintenanceWindow {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String name;
    private final ExecutionTime starts;
    private final Duration length;
    private final Set<String> checks;
    private final ZoneId zone;

    MaintenanceWindow(String name, String cron, Duration length, List<String> checks, ZoneId zone) {
        this.name = name;
        this.starts = ExecutionTime.forCron(parse(cron));
        this.length = length;
        this.checks = Set.copyOf(checks);
        this.zone = zone;
    }

    /**
     * Parses five Unix cron fields ({@code minute hour day-of-month month day-of-week}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Cron parse(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("must be a cron expression such as \"0 2 * * *\"");
        }
        try {
            return UNIX.parse(cron.trim()).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a Unix cron expression (minute hour day month weekday): "
                    + e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    /** True if this window covers {@code check}. */
    public boolean appliesTo(String check) {
        return checks.isEmpty() || checks.contains(check);
    }

    /** True if {@code now} falls inside one of the window's occurrences. */
    public boolean isOpen(java.time.Instant now) {
        ZonedDateTime t = now.atZone(zone);
        // a start exactly now counts: lastExecution is strictly before t
        if (starts.isMatch(t.withNano(0).withSecond(0)) ) {
            return true;
        }
        Optional<ZonedDateTime> last = starts.lastExecution(t);
        return last.isPresent() && t.isBefore(last.get().plus(length));
    }
}
