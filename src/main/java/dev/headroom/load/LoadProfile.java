package dev.headroom.load;

import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of the traffic a load test reproduces: the modelled peak request rate, the share of
 * journeys by route class, and the customers' think time between pages. The simulation reads only
 * this; a traffic model file ({@code --model}) is turned into one by {@link ModelAdapter}.
 *
 * @param peakRps requests per second at the modelled peak (1x)
 * @param mix share of journeys per class ({@link #JOURNEYS}); normalised to sum to 1
 * @param thinkTime mean pause between two pages of one customer
 */
public record LoadProfile(Double peakRps, Map<String, Double> mix, Duration thinkTime) implements Validatable {

    /** The journey classes the storefront simulation knows, in display order. */
    public static final List<String> JOURNEYS = List.of("browse", "search", "product", "cart", "checkout");

    /** Requests each journey sends (see StorefrontSimulation), to turn a request rate into arrivals. */
    public static final Map<String, Integer> REQUESTS_PER_JOURNEY =
            Map.of("browse", 3, "search", 2, "product", 1, "cart", 2, "checkout", 5);

    /** The reference storefront's profile: a 20 rps peak, mostly browsing, 3 s think time. */
    public static LoadProfile reference() {
        return new LoadProfile(20.0, null, Duration.ofSeconds(3));
    }

    private static Map<String, Double> referenceMix() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("browse", 0.40);
        m.put("search", 0.20);
        m.put("product", 0.25);
        m.put("cart", 0.10);
        m.put("checkout", 0.05);
        return m;
    }

    public LoadProfile {
        peakRps = peakRps == null ? 20.0 : peakRps;
        mix = mix == null || mix.isEmpty() ? referenceMix() : new LinkedHashMap<>(mix);
        thinkTime = thinkTime == null ? Duration.ofSeconds(3) : thinkTime;
    }

    @Override
    public void validate(Validation v) {
        v.require(peakRps > 0, "peakRps", "must be greater than 0");
        v.require(thinkTime.compareTo(Duration.ofMinutes(5)) <= 0, "thinkTime", "must be at most 5m");
        double sum = 0;
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            if (!JOURNEYS.contains(e.getKey())) {
                v.error("mix." + e.getKey(), "unknown journey; known: " + String.join(", ", JOURNEYS));
            } else if (e.getValue() == null || e.getValue() < 0) {
                v.error("mix." + e.getKey(), "must be a share of 0 or more");
            } else {
                sum += e.getValue();
            }
        }
        v.require(sum > 0, "mix", "the shares must add up to more than 0");
    }

    /** The mix normalised to shares summing to 1, every journey present (0 if absent). */
    public Map<String, Double> normalisedMix() {
        double sum = mix.values().stream().mapToDouble(d -> d == null ? 0 : d).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String j : JOURNEYS) {
            Double share = mix.get(j);
            out.put(j, share == null || sum <= 0 ? 0.0 : share / sum);
        }
        return out;
    }

    /** Mean requests per journey under this mix. */
    public double requestsPerJourney() {
        double r = 0;
        for (Map.Entry<String, Double> e : normalisedMix().entrySet()) {
            r += e.getValue() * REQUESTS_PER_JOURNEY.get(e.getKey());
        }
        return r;
    }

    /** Journeys per second that produce {@code rps} requests per second. */
    public double journeysPerSecond(double rps) {
        return rps / requestsPerJourney();
    }
}
