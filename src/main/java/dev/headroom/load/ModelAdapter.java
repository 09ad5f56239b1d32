package dev.headroom.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows the traffic model file ({@code ./headroom model}'s YAML) and turns it
 * into a {@link LoadProfile}. The model's format is owned by the model command; this adapter reads
 * it leniently, by the names it is likely to use, so the two can evolve separately:
 *
 * <ul>
 *   <li>peak: the first of {@code peak.rps}, {@code peakRps}, {@code peak.requestsPerSecond},
 *       {@code peak.busiestSecond.rps}, {@code peak.busiestMinute.rps};
 *   <li>mix: {@code mix} or {@code routeMix} or {@code requestMix}, route class to share or count;
 *       home and category count as browse, the other classes map one to one, "other" is dropped;
 *   <li>think time: {@code thinkTime} (a duration, or a mapping with {@code median}/{@code mean}),
 *       or {@code thinkTimeSeconds}.
 * </ul>
 *
 * Whatever is missing falls back to the reference profile, except the peak: a model without one is
 * refused (exit 2).
 */
public final class ModelAdapter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ModelAdapter() {
    }

    public static LoadProfile read(Path modelFile) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(modelFile));
        } catch (IOException e) {
            throw new ConfigException("--model " + modelFile + ": cannot read the model: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("--model " + modelFile + ": not a traffic model (expected a YAML mapping)");
        }
        return fromTree(modelFile.toString(), root);
    }

    static LoadProfile fromTree(String source, JsonNode root) {
        Double peak = null;
        for (String path : List.of("/peak/rps", "/peakRps", "/peak/requestsPerSecond", "/peak/busiestSecond/rps",
                "/peak/busiestMinute/rps")) {
            JsonNode n = root.at(path);
            if (n.isNumber() && n.asDouble() > 0) {
                peak = n.asDouble();
                break;
            }
        }
        if (peak == null) {
            throw new ConfigException("--model " + source + ": no peak request rate found (looked for peak.rps, peakRps, "
                    + "peak.requestsPerSecond, peak.busiestSecond.rps, peak.busiestMinute.rps)");
        }
        Map<String, Double> mix = new LinkedHashMap<>();
        for (String field : List.of("mix", "routeMix", "requestMix")) {
            JsonNode m = root.get(field);
            if (m != null && m.isObject()) {
                m.fields().forEachRemaining(e -> {
                    double v = e.getValue().isNumber() ? e.getValue().asDouble()
                            : e.getValue().at("/share").isNumber() ? e.getValue().at("/share").asDouble() : 0;
                    String journey = switch (e.getKey().toLowerCase(java.util.Locale.ROOT)) {
                        case "home", "category", "browse" -> "browse";
                        case "search" -> "search";
                        case "product" -> "product";
                        case "cart" -> "cart";
                        case "checkout" -> "checkout";
                        default -> null;
                    };
                    if (journey != null && v > 0) {
                        mix.merge(journey, v, Double::sum);
                    }
                });
                break;
            }
        }
        Duration think = null;
        JsonNode t = root.get("thinkTime");
        if (t != null && t.isTextual()) {
            think = Durations.parse(t.asText());
        } else if (t != null && t.isObject()) {
            for (String f : List.of("median", "mean", "p50")) {
                JsonNode v = t.get(f);
                if (v != null && v.isTextual()) {
                    think = Durations.parse(v.asText());
                    break;
                } else if (v != null && v.isNumber()) {
                    think = Duration.ofMillis(Math.round(v.asDouble() * 1000));
                    break;
                }
            }
        } else if (root.at("/thinkTimeSeconds").isNumber()) {
            think = Duration.ofMillis(Math.round(root.at("/thinkTimeSeconds").asDouble() * 1000));
        }
        return new LoadProfile(peak, mix.isEmpty() ? null : mix, think);
    }
}
