package dev.headroom.load;

import dev.headroom.config.ConfigException;
import dev.headroom.http.Redactor;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyRun;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shop's own journeys a load test runs, each checked before anything is sent, exactly as the
 * injector will load it: the journey file (file, line and field), every step's meaning under load
 * (a {@code race} is refused, naming the step), the env file, the variables, the data file (every
 * row), and a dry start of a run so a missing secret is reported now rather than as a thousand
 * failed customers. Then their shares: from a traffic model's route classes for journeys that
 * claim them, else the profile's mix by name, else each journey's own {@code share}.
 */
public final class JourneyMix {

    /**
     * One journey ready to run.
     *
     * @param share its share of arriving customers, the shares summing to 1
     * @param requests requests one run sends when every step runs (redirects not counted)
     */
    public record Entry(String name, Path file, Journey journey, Path envFile, Map<String, String> vars, Path dataFile,
            String dataOrder, int requests, double share) {
        /**
         * How long one run typically takes with {@code thinkTime} between pages: its think steps,
         * the pacing before each page but the first (and after a think step), and 100 ms a page.
         */
        public Duration typical(Duration thinkTime) {
            Duration d = Duration.ZERO;
            boolean previousWasPage = false;
            for (Step step : journey.steps()) {
                if (step.action() instanceof dev.headroom.journey.Action.Think think) {
                    d = d.plus(think.duration());
                    previousWasPage = false;
                } else if (step.sendsRequest()) {
                    d = d.plus(previousWasPage ? thinkTime : Duration.ZERO).plusMillis(100);
                    previousWasPage = true;
                }
            }
            return d;
        }

        RunSettings.JourneyPlan plan() {
            return new RunSettings.JourneyPlan(name, file.toString(), share, envFile == null ? null : envFile.toString(),
                    vars, dataFile == null ? null : dataFile.toString(), dataOrder, requests);
        }
    }

    private final List<Entry> entries;
    private final List<String> warnings;

    private JourneyMix(List<Entry> entries, List<String> warnings) {
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Checks {@code configured} and sets their shares from {@code profile}.
     *
     * @param baseDir the folder relative paths are under (the config file's)
     * @param processEnv the environment secrets may come from (over each env file's values)
     * @throws ConfigException with every problem found, each naming its journey entry or file
     */
    public static JourneyMix resolve(List<LoadJourney> configured, LoadProfile profile, Path baseDir,
            Map<String, String> processEnv) {
        if (configured.isEmpty()) {
            throw new ConfigException("no journeys to run: list the shop's journey files under 'journeys:' in the load "
                    + "config or the shop file (each {journey: FILE, share: N}); `./headroom init URL` writes a first set, "
                    + "and monitors/headroom.yaml is the reference storefront's");
        }
        List<String> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            LoadJourney lj = configured.get(i);
            String where = "journeys[" + i + "]";
            try {
                Entry e = check(lj, where, baseDir, processEnv);
                if (!names.add(e.name())) {
                    problems.add(where + ".name: '" + e.name() + "' is used twice; give each entry its own name");
                }
                entries.add(e);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Double> weights = weights(configured, entries, profile, warnings);
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!(sum > 0)) {
            throw new ConfigException("journeys: every share is 0, so no customer would arrive");
        }
        List<Entry> shared = new ArrayList<>();
        for (Entry e : entries) {
            shared.add(new Entry(e.name(), e.file(), e.journey(), e.envFile(), e.vars(), e.dataFile(), e.dataOrder(),
                    e.requests(), weights.get(e.name()) / sum));
        }
        return new JourneyMix(shared, warnings);
    }

    private static Entry check(LoadJourney lj, String where, Path baseDir, Map<String, String> processEnv) {
        Path file = under(baseDir, lj.journey());
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(where + ".journey: no journey file " + file);
        }
        Journey journey = JourneyLoader.load(file); // ConfigException with file:line
        List<String> problems = new ArrayList<>();
        List<Step> steps = journey.steps();
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            if (!step.underLoad().supported()) {
                problems.add(file + ": steps[" + s + "] '" + step.name() + "' cannot run in a load test: " + step.underLoad().why()
                        + " (run this journey in the monitor, or give the load test a variant without it)");
            }
        }
        for (String var : lj.vars().keySet()) {
            if (!journey.variables().containsKey(var)) {
                problems.add(where + ".vars." + var + ": journey '" + journey.name() + "' declares no such variable");
            }
        }
        Map<String, String> env = new HashMap<>();
        Path envFile = lj.envFile() == null ? null : under(baseDir, lj.envFile());
        if (envFile != null) {
            try {
                env.putAll(EnvFile.read(envFile));
            } catch (ConfigException e) {
                problems.add(where + ".envFile: " + e.getMessage());
            }
        }
        env.putAll(processEnv);
        Path dataFile = null;
        DataFeed data = null;
        if (lj.data() != null) {
            dataFile = under(baseDir, lj.data().file());
            try {
                data = DataFeed.read(dataFile, lj.data().order(), journey.variables().keySet(), journey.name());
            } catch (ConfigException e) {
                problems.add(where + ".data: " + e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            Map<String, String> vars = new LinkedHashMap<>(lj.vars());
            if (data != null) {
                vars.putAll(data.next()); // a first customer's values: what every run will need
            }
            try {
                JourneyRun.start(journey, new RunOptions("http://127.0.0.1/", vars, env, r -> { }), Redactor.defaults());
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        int requests = (int) steps.stream().filter(Step::sendsRequest).count();
        String name = lj.name() != null ? lj.name() : journey.name();
        return new Entry(name, file, journey, envFile, lj.vars(), dataFile, lj.data() == null ? null : lj.data().order(),
                Math.max(requests, 1), 0);
    }

    /** Weights by name, before normalising: model classes, else the profile's mix, else the entries' shares. */
    private static Map<String, Double> weights(List<LoadJourney> configured, List<Entry> entries, LoadProfile profile,
            List<String> warnings) {
        Map<String, Double> weights = new LinkedHashMap<>();
        boolean claims = configured.stream().anyMatch(j -> !j.routeClasses().isEmpty());
        if (!profile.routeClasses().isEmpty() && claims) {
            Map<String, Double> classes = new HashMap<>();
            profile.routeClasses().forEach((c, share) -> classes.put(c.toLowerCase(Locale.ROOT), share == null ? 0 : share));
            Set<String> claimed = new LinkedHashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                LoadJourney lj = configured.get(i);
                double w = 0;
                for (String c : lj.routeClasses()) {
                    String key = c.toLowerCase(Locale.ROOT);
                    claimed.add(key);
                    if (!classes.containsKey(key)) {
                        warnings.add("journeys[" + i + "].routeClasses: the traffic model has no route class '" + c
                                + "' (it has: " + String.join(", ", profile.routeClasses().keySet()) + ")");
                    }
                    w += classes.getOrDefault(key, 0.0);
                }
                if (lj.routeClasses().isEmpty()) {
                    w = lj.share() == null ? 0 : lj.share();
                    if (w > 0) {
                        warnings.add("journey '" + entries.get(i).name() + "' claims no route class of the model; it keeps its"
                                + " share " + w + " next to the model's shares");
                    }
                }
                weights.put(entries.get(i).name(), w);
            }
            double unclaimed = 0;
            List<String> left = new ArrayList<>();
            for (Map.Entry<String, Double> c : classes.entrySet()) {
                if (!claimed.contains(c.getKey()) && c.getValue() > 0 && !c.getKey().equals("static")) {
                    unclaimed += c.getValue();
                    left.add(c.getKey());
                }
            }
            if (unclaimed > 0) {
                warnings.add(String.format(Locale.ROOT, "%.1f%% of the model's page traffic (%s) is claimed by no journey; "
                        + "the other journeys share it (add routeClasses to a journey to claim it)", unclaimed * 100,
                        String.join(", ", left)));
            }
            return weights;
        }
        if (!profile.routeClasses().isEmpty()) {
            warnings.add("the traffic model gives the peak and think time, but no journey claims its route classes "
                    + "(routeClasses: [...]), so the shares come from the config");
        }
        if (!profile.mix().isEmpty()) {
            for (String name : profile.mix().keySet()) {
                if (entries.stream().noneMatch(e -> e.name().equals(name))) {
                    throw new ConfigException("profile.mix." + name + ": no journey of the load test is called '" + name
                            + "' (journeys: " + String.join(", ", entries.stream().map(Entry::name).toList()) + ")");
                }
            }
            for (Entry e : entries) {
                weights.put(e.name(), profile.mix().getOrDefault(e.name(), 0.0));
            }
            return weights;
        }
        for (int i = 0; i < entries.size(); i++) {
            Double share = configured.get(i).share();
            weights.put(entries.get(i).name(), share == null ? 1.0 : share);
        }
        return weights;
    }

    private static Path under(Path baseDir, String file) {
        Path p = Path.of(file);
        return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).toAbsolutePath().normalize();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** What the mix could not take from the model or config as asked; print before the run. */
    public List<String> warnings() {
        return warnings;
    }

    /** The mean number of requests one arriving customer sends. */
    public double requestsPerJourney() {
        return entries.stream().mapToDouble(e -> e.share() * e.requests()).sum();
    }

    /** The longest {@link Entry#typical} run of the mix. */
    public Duration longestRun(Duration thinkTime) {
        return entries.stream().map(e -> e.typical(thinkTime)).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Each journey's requests per run as the plan counts them ({@link Entry#requests}), by name, in order. */
    public Map<String, Integer> plannedRequests() {
        Map<String, Integer> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.name(), e.requests()));
        return m;
    }

    /** Each journey's share by name. */
    public Map<String, Double> shares() {
        Map<String, Double> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.name(), e.share()));
        return m;
    }

    List<RunSettings.JourneyPlan> plans() {
        return entries.stream().map(Entry::plan).toList();
    }
}
