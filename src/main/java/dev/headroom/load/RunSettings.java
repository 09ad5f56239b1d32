package dev.headroom.load;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one simulation run needs, decided and validated by {@code headroom load} and handed to
 * the forked Gatling JVM as a JSON file (system property {@value #PROPERTY}), so no setting needs a
 * recompile. Rates here are this shard's share.
 *
 * @param target base URL (already checked against the allowlist)
 * @param shard this shard, e.g. "1/2"
 * @param closed closed model (concurrent users) instead of open (arrival rate)
 * @param stages the injection stages in order
 * @param journeys the journeys the virtual customers run, with their shares (summing to 1)
 * @param thinkTime mean pause between two pages of one customer (not after a journey's own think step)
 * @param slos objectives watched live
 * @param abortWindow sliding window of the live SLO check
 * @param abortAfter stop after an SLO stays breached this long (0: never)
 * @param maxDuration hard stop for the whole run
 * @param requestTimeout per-request timeout
 * @param metricsPort live Prometheus endpoint port on 127.0.0.1 (0 any, -1 off)
 * @param resultsFile where the simulation writes {@link LoadResults}
 * @param allowlist the hosts the injector may send to, redirects included ({@link TargetAllowlist}
 *     patterns; absent: loopback only)
 * @param samplesFile where the injector writes the first runs of each journey ({@link JourneySample}), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSettings(
        String target,
        String shard,
        boolean closed,
        List<Stage> stages,
        List<JourneyPlan> journeys,
        Duration thinkTime,
        List<Slo> slos,
        Duration abortWindow,
        Duration abortAfter,
        Duration maxDuration,
        Duration requestTimeout,
        int metricsPort,
        String resultsFile,
        List<String> allowlist,
        String samplesFile) {

    /** The system property naming the settings file in the Gatling JVM. */
    public static final String PROPERTY = "headroom.load.settings";

    private static final ObjectMapper JSON = Json.DATA;

    /**
     * One stage: ramp from the previous stage's rate to this one's, then hold.
     *
     * @param multiplier multiple of the modelled peak
     * @param rps this shard's request rate
     * @param usersPerSec this shard's journey arrival rate (open model)
     * @param users this shard's concurrent users (closed model)
     */
    public record Stage(double multiplier, double rps, double usersPerSec, int users, Duration ramp, Duration hold) {
        public Duration length() {
            return ramp.plus(hold);
        }
    }

    /**
     * One journey of the mix, as the injector loads it again (the files were checked when the
     * test was planned; secrets stay in their env files and the environment, never in this file).
     *
     * @param name its name: request-group prefix and label
     * @param file the journey file, absolute
     * @param share its share of arriving customers
     * @param envFile its env file, absolute, or null
     * @param vars its variables' values for every customer
     * @param dataFile a data file of per-customer variables, absolute, or null
     * @param dataOrder {@code circular} or {@code random}
     * @param requests the requests one run sends when every step runs
     */
    public record JourneyPlan(String name, String file, double share, String envFile, Map<String, String> vars,
            String dataFile, String dataOrder, int requests) {
        public JourneyPlan {
            vars = vars == null ? Map.of() : Map.copyOf(vars);
        }
    }

    public RunSettings {
        journeys = journeys == null ? List.of() : List.copyOf(journeys);
        allowlist = allowlist == null || allowlist.isEmpty() ? TargetAllowlist.loopbackOnly().patterns() : List.copyOf(allowlist);
    }

    /** The hosts the injector may send to: the target's and every redirect's host must be on it. */
    public TargetAllowlist targetAllowlist() {
        return TargetAllowlist.of(allowlist);
    }

    /** Ramps and holds of every stage. */
    public Duration plannedDuration() {
        return stages.stream().map(Stage::length).reduce(Duration.ZERO, Duration::plus);
    }

    /** The stage running {@code elapsed} after the start (the last one once past the end); -1 before any. */
    public int stageAt(Duration elapsed) {
        Duration end = Duration.ZERO;
        for (int i = 0; i < stages.size(); i++) {
            end = end.plus(stages.get(i).length());
            if (elapsed.compareTo(end) < 0) {
                return i;
            }
        }
        return stages.size() - 1;
    }

    /**
     * Whether {@code elapsedMs} after the start falls in a stage's hold: false in its ramp, and past the
     * end of the plan (customers still finishing their journeys, no longer arriving at the held rate).
     * Called for every request: no allocation.
     */
    public boolean holdingAt(long elapsedMs) {
        long end = 0;
        for (Stage stage : stages) {
            long rampEnd = end + stage.ramp().toMillis();
            end = rampEnd + stage.hold().toMillis();
            if (elapsedMs < end) {
                return elapsedMs >= rampEnd;
            }
        }
        return false;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    public static RunSettings read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunSettings.class);
    }

    /** Reads the file named by {@value #PROPERTY}. */
    public static RunSettings fromSystemProperty() {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("-D" + PROPERTY + "=FILE is not set; run simulations with ./headroom load");
        }
        try {
            return read(Path.of(path));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read run settings " + path + ": " + e.getMessage(), e);
        }
    }
}
