package dev.headroom.load;

import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of the traffic a load test reproduces: the modelled peak request rate, the share of
 * each journey, and the customers' think time between pages. A traffic model file ({@code
 * --model}) is turned into one by {@link ModelAdapter}; {@link JourneyMix} turns it into the shares
 * of the shop's own journeys.
 *
 * @param peakRps requests per second at the modelled peak (1x)
 * @param mix share of customers per journey, by the journey's name in the load config (normalised;
 *     empty: the journeys' own {@code share})
 * @param thinkTime mean pause of one customer between two pages (a journey's own {@code think}
 *     steps replace it where they are)
 * @param routeClasses the traffic model's page mix by route class (empty unless the profile comes
 *     from a model): journeys that claim route classes take their shares from it
 */
public record LoadProfile(Double peakRps, Map<String, Double> mix, Duration thinkTime, Map<String, Double> routeClasses)
        implements Validatable {

    /** The default profile: a 20 rps peak, 3 s think time, the journeys' own shares. */
    public static LoadProfile reference() {
        return new LoadProfile(20.0, null, Duration.ofSeconds(3), null);
    }

    public LoadProfile {
        peakRps = peakRps == null ? 20.0 : peakRps;
        mix = mix == null ? Map.of() : new LinkedHashMap<>(mix);
        thinkTime = thinkTime == null ? Duration.ofSeconds(3) : thinkTime;
        routeClasses = routeClasses == null ? Map.of() : new LinkedHashMap<>(routeClasses);
    }

    /** This profile at another peak rate. */
    public LoadProfile withPeakRps(double rps) {
        return new LoadProfile(rps, mix, thinkTime, routeClasses);
    }

    /** This profile with another think time. */
    public LoadProfile withThinkTime(Duration think) {
        return new LoadProfile(peakRps, mix, think, routeClasses);
    }

    @Override
    public void validate(Validation v) {
        v.require(peakRps > 0, "peakRps", "must be greater than 0");
        v.require(thinkTime.compareTo(Duration.ofMinutes(5)) <= 0, "thinkTime", "must be at most 5m");
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            v.require(e.getValue() != null && e.getValue() >= 0, "mix." + e.getKey(), "must be a share of 0 or more");
        }
    }
}
