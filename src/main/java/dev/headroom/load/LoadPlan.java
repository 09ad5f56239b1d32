package dev.headroom.load;

import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the config, the profile and the command line into the stages one run drives, and enforces
 * the caps: nothing runs when the plan asks for more than {@code limits} allows. Pure: no I/O.
 */
public final class LoadPlan {

    private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

    private LoadPlan() {
    }

    /** A shard, 1-based: {@code 2/4} is the second of four. */
    public record Shard(int index, int count) {
        public static Shard parse(String text) {
            Matcher m = SHARD.matcher(text == null ? "" : text.strip());
            if (!m.matches()) {
                throw new ConfigException("--shard: expected i/N such as 1/2, got \"" + text + "\"");
            }
            int i = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (n < 1 || n > 1000 || i < 1 || i > n) {
                throw new ConfigException("--shard: expected 1 <= i <= N <= 1000, got \"" + text + "\"");
            }
            return new Shard(i, n);
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * The stages at or below {@code maxMultiplier}, plus {@code maxMultiplier} itself: {@code 10} with
     * the default stages gives 1x, 5x, 10x; {@code 3} gives 1x, 3x.
     */
    static List<Double> multipliers(List<Double> configured, double maxMultiplier) {
        List<Double> out = new ArrayList<>();
        for (double m : configured) {
            if (m < maxMultiplier) {
                out.add(m);
            }
        }
        out.add(maxMultiplier);
        return out;
    }

    /**
     * @param multiplier the highest multiple of the peak (null: the highest configured stage)
     * @param duration total duration overriding the configured ramps and holds (split evenly between
     *     the stages, a quarter of each for the ramp), or null
     * @param requestsPerJourney the mean number of requests one customer's journey sends (under the
     *     mix), to turn a request rate into arriving customers
     * @param journeySeconds the mean time one customer's journey takes, for the closed model's users
     */
    public static List<RunSettings.Stage> stages(LoadConfig config, LoadProfile profile, double requestsPerJourney,
            double journeySeconds, Double multiplier, Duration duration, boolean closed, Shard shard) {
        LoadConfig.Stages s = config.stages();
        double max = multiplier != null ? multiplier : s.multipliers().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (!(max > 0)) {
            throw new ConfigException("--multiplier: must be greater than 0, got " + max);
        }
        List<Double> multipliers = multipliers(s.multipliers(), max);
        Duration ramp = s.ramp();
        Duration hold = s.hold();
        if (duration != null) {
            if (duration.isZero()) {
                throw new ConfigException("--duration: must be greater than 0");
            }
            Duration perStage = duration.dividedBy(multipliers.size());
            ramp = perStage.dividedBy(4);
            hold = perStage.minus(ramp);
        }
        Duration total = ramp.plus(hold).multipliedBy(multipliers.size());
        if (total.compareTo(config.limits().maxDuration()) > 0) {
            throw new ConfigException((duration != null ? "--duration" : "stages") + ": the run would take "
                    + Durations.format(total) + ", more than limits.maxDuration " + Durations.format(config.limits().maxDuration())
                    + " (raise it in the config file to allow longer runs)");
        }
        double peakRate = profile.peakRps() * max;
        if (peakRate > config.limits().maxRps()) {
            throw new ConfigException(String.format(Locale.ROOT, "--multiplier: %s x the peak of %s rps is %s rps, more than "
                    + "limits.maxRps %s (raise it in the config file to allow more)", num(max), num(profile.peakRps()),
                    num(peakRate), num(config.limits().maxRps())));
        }
        List<RunSettings.Stage> stages = new ArrayList<>();
        for (double m : multipliers) {
            double rps = profile.peakRps() * m / shard.count();
            double usersPerSec = rps / Math.max(requestsPerJourney, 1e-9);
            int users = Math.max(1, (int) Math.ceil(usersPerSec * Math.max(journeySeconds, 0.05)));
            stages.add(new RunSettings.Stage(m, rps, usersPerSec, users, ramp, hold));
        }
        return stages;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
