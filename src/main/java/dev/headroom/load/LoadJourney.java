package dev.headroom.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One journey file in a load test's mix ({@code load.yaml} {@code journeys:}, or the shop file's
 * {@code journeys:}): the same file {@code journey run} and the monitor run, with the same meaning.
 *
 * <p>Paths ({@code journey}, {@code envFile}, {@code data.file}) are relative to the config file's
 * folder as written. A {@link LoadConfig} from a shop file ({@code dev.headroom.shop.ShopFile#load()})
 * hands them over absolute, already resolved against the shop file's folder: consumers resolve a
 * relative path against the config's folder and leave an absolute one as it is.
 *
 * @param name its request-group prefix and label (default: the journey file's {@code name:})
 * @param journey the journey file, relative to the config file's folder
 * @param share its share of arriving customers (normalised over the mix); ignored with a traffic
 *     model whose route classes this entry claims ({@code routeClasses})
 * @param envFile an env file with the journey's secrets, relative to the config file's folder
 * @param vars values for the journey's variables, the same for every virtual customer
 * @param data a file of variables, one row per virtual customer
 * @param routeClasses the traffic model's route classes this journey stands for, so that {@code
 *     --model} sets its share from the model's mix
 */
public record LoadJourney(
        String name,
        @JsonProperty(required = true) String journey,
        Double share,
        String envFile,
        Map<String, String> vars,
        Data data,
        List<String> routeClasses) implements Validatable {

    public LoadJourney {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        routeClasses = routeClasses == null ? List.of() : List.copyOf(routeClasses);
    }

    /** This entry with its relative paths (journey, env file, data file) resolved under {@code dir}. */
    public LoadJourney under(Path dir) {
        return new LoadJourney(name, abs(dir, journey), share, abs(dir, envFile), vars,
                data == null ? null : new Data(abs(dir, data.file()), data.order()), routeClasses);
    }

    private static String abs(Path dir, String file) {
        if (file == null || dir == null) {
            return file;
        }
        Path p = Path.of(file);
        return (p.isAbsolute() ? p : dir.resolve(p)).toAbsolutePath().normalize().toString();
    }

    @Override
    public void validate(Validation v) {
        v.require(journey != null && !journey.isBlank(), "journey", "must name a journey file");
        v.require(name == null || name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"), "name",
                "must be letters, digits, '_', '.' or '-' (it is a label value), at most 64");
        v.require(share == null || share >= 0, "share", "must be a share of 0 or more");
        v.require(envFile == null || !envFile.isBlank(), "envFile", "must name an env file");
        v.nested("data", data);
    }

    /**
     * A file of variables so that every virtual customer is a different one: CSV with a header
     * row, or JSON (an array of objects of strings), one row per customer.
     *
     * @param file the file, relative to the config file's folder ({@code .csv} or {@code .json})
     * @param order {@code circular} (rows in order, starting again at the end) or {@code random}
     */
    public record Data(@JsonProperty(required = true) String file, String order) implements Validatable {
        public Data {
            order = order == null ? "circular" : order.strip().toLowerCase(Locale.ROOT);
        }

        @Override
        public void validate(Validation v) {
            v.require(file != null && (file.endsWith(".csv") || file.endsWith(".json")), "file",
                    "must be a .csv or .json file");
            v.require(order.equals("circular") || order.equals("random"), "order", "must be circular or random");
        }
    }
}
