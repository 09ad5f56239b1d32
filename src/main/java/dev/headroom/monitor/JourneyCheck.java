package dev.headroom.monitor;

import dev.headroom.config.Validation;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.FailureRecord;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.RunOptions;
import dev.headroom.report.ReportWriter;
import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code journey: FILE}: a journey of {@code monitors/}, run by the engine of {@code journey run}
 * ({@link JourneyProbe}); its steps are timed one by one.
 *
 * @param file the journey file, relative to the config file
 * @param envFile its secrets, relative to the config file; null: the process environment only
 * @param vars the journey's variables
 * @param journey the journey read from {@code file} (null until resolved)
 * @param env what the journey sees: the env file, then the process environment (empty until resolved)
 */
public record JourneyCheck(String file, String envFile, Map<String, String> vars, Journey journey, Map<String, String> env)
        implements CheckKind {
    public JourneyCheck {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** Names the env's variables, never their values (secrets). */
    @Override
    public String toString() {
        return "JourneyCheck[file=" + file + ", envFile=" + envFile + ", vars=" + vars + ", env=" + env.keySet() + "]";
    }

    @Override
    public String label() {
        return "journey";
    }

    @Override
    public String where() {
        return file;
    }

    @Override
    public void validate(Validation v) {
        // the journey file validates itself, with its own file and lines, when it is read
    }

    @Override
    public Map<String, String> fieldsSet() {
        Map<String, String> set = new LinkedHashMap<>();
        if (envFile != null) {
            set.put("envFile", "only a journey check reads an env file");
        }
        if (!vars.isEmpty()) {
            set.put("vars", "only a journey check takes variables");
        }
        return set;
    }

    /** The target's base URL: the journey's own URLs resolve against it. */
    @Override
    public String url(Resolution r) {
        if (r.base() == null) {
            throw new IllegalArgumentException("a journey needs a target: set 'target' (or --target)");
        }
        return r.base().toString();
    }

    @Override
    public JourneyCheck resolve(Resolution r) {
        Journey loaded = JourneyLoader.load(r.dir().resolve(file));
        Map<String, String> merged = new LinkedHashMap<>();
        if (envFile != null) {
            merged.putAll(EnvFile.read(r.dir().resolve(envFile)));
        }
        merged.putAll(r.processEnv());
        return new JourneyCheck(file, envFile, vars, loaded, merged);
    }

    /** Each step's time, once, in {@code headroom_journey_step_duration_seconds{journey,step,outcome}}. */
    @Override
    public void recorded(RunRecord run, CheckMeters meters) {
        for (ProbeResult.Phase step : run.phases()) {
            meters.timer("headroom.journey.step.duration", "Time of one journey step", Tags.of("journey", run.check(),
                    "step", step.name(), "outcome", step.status().name().toLowerCase(Locale.ROOT))).record(step.duration());
        }
    }

    @Override
    public Probe probe(Check check, Probes probes) {
        return new JourneyProbe(probes.runner(), journey,
                RunOptions.target(check.url()).withVariables(vars).withEnv(env),
                probes.failures() == null ? null : probes.failures().resolve(ReportWriter.folderName(check.name(), "check"))
                        .resolve(FailureRecord.FILE_NAME), probes.log());
    }
}
