package dev.headroom.load;

import dev.headroom.model.TrafficModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that turns a traffic model ({@code ./headroom model}'s YAML, read through {@link
 * TrafficModel#load}, so a broken file is reported with file, line and field) into the {@link
 * LoadProfile} the simulation runs:
 *
 * <ul>
 *   <li>peak: {@code peak.sustainedRps}, the busiest minute's rate, is what the stages multiply;
 *   <li>mix: the model's page mix by route class, which {@link JourneyMix} maps onto the shop's
 *       journeys by the route classes each claims ({@code routeClasses:} in the load config);
 *   <li>think time: the model's median ({@code thinkTime.p50}), if the log had sessions to measure.
 * </ul>
 */
public final class ModelAdapter {

    private ModelAdapter() {
    }

    public static LoadProfile read(Path modelFile) {
        return fromModel(TrafficModel.load(modelFile));
    }

    static LoadProfile fromModel(TrafficModel model) {
        Map<String, Double> classes = new LinkedHashMap<>();
        model.mix().forEach((routeClass, share) -> {
            if (share != null && share > 0) {
                classes.merge(routeClass.toLowerCase(Locale.ROOT), share, Double::sum);
            }
        });
        Duration think = model.thinkTime() == null ? null : model.thinkTime().p50();
        return new LoadProfile(model.peak().sustainedRps(), null, think == null || think.isZero() ? null : think, classes);
    }
}
