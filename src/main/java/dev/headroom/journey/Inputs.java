package dev.headroom.journey;

import dev.headroom.config.ConfigException;
import dev.headroom.http.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * What a run needs before it sends anything, resolved and checked: the target, every declared
 * variable's value, every secret, and the redactor that knows the secrets.
 *
 * @param target the target's root URL, no trailing slash
 * @param variables the declared variables' values (defaults interpolated, overrides as given)
 * @param secrets the secrets' values
 * @param redactor the checker's redactor plus the secrets
 */
record Inputs(String target, Map<String, String> variables, Map<String, String> secrets, Redactor redactor) {

    /**
     * Resolves {@code journey}'s inputs for {@code options}, every problem reported together.
     *
     * @throws ConfigException when the target is malformed, a variable has no value or is not
     *     declared, or a secret's environment variable or file is missing
     */
    static Inputs resolve(Journey journey, RunOptions options, Redactor base) {
        List<String> problems = new ArrayList<>();
        String where = journey.source() == null ? "journey '" + journey.name() + "'" : journey.source().toString();
        HttpUrl target = HttpUrl.parse(options.target());
        if (target == null) {
            problems.add("target '" + options.target() + "' is not an absolute http(s) URL");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        journey.secrets().forEach((name, source) -> {
            String value = secretValue(journey, name, source, options.env(), problems);
            if (value != null) {
                secrets.put(name, value);
            }
        });
        for (String name : options.variables().keySet()) {
            if (!journey.variables().containsKey(name)) {
                problems.add(journey.secrets().containsKey(name)
                        ? "'" + name + "' is a secret; it comes from " + journey.secrets().get(name) + ", not from --var"
                        : "the journey declares no variable '" + name + "'"
                                + (journey.variables().isEmpty() ? "" : " (declared: " + String.join(", ", journey.variables().keySet()) + ")"));
            }
        }
        Map<String, String> vars = new LinkedHashMap<>(secrets);
        Map<String, String> declared = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : journey.variables().entrySet()) {
            String name = e.getKey();
            String value = options.variables().containsKey(name) ? options.variables().get(name) : e.getValue();
            if (value == null) {
                problems.add("variable '" + name + "' needs a value: --var " + name + "=VALUE");
                continue;
            }
            if (!options.variables().containsKey(name)) {
                try {
                    value = Interpolation.apply(value, ref -> lookup(ref, vars, options.env()));
                } catch (Interpolation.UndefinedVariableException ex) {
                    problems.add("variable '" + name + "': " + ex.getMessage());
                    continue;
                }
            }
            vars.put(name, value);
            declared.put(name, value);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("cannot run " + where + ":\n  " + String.join("\n  ", problems));
        }
        Redactor redactor = base.withSecrets(secrets.values().toArray(String[]::new));
        return new Inputs(TargetUrl.root(target), declared, secrets, redactor);
    }

    /** The value of {@code ref} ({@code name} or {@code env.NAME}); null if it has none. */
    static String lookup(String ref, Map<String, String> vars, Map<String, String> env) {
        if (ref.startsWith(Interpolation.ENV_PREFIX)) {
            return env.get(ref.substring(Interpolation.ENV_PREFIX.length()));
        }
        return vars.get(ref);
    }

    private static String secretValue(Journey journey, String name, Journey.Secret source, Map<String, String> env,
            List<String> problems) {
        if (source.env() != null) {
            String value = env.get(source.env());
            if (value == null || value.isEmpty()) {
                problems.add("secret '" + name + "' comes from the environment variable " + source.env() + ", which is not set");
                return null;
            }
            return value;
        }
        Path file = Path.of(source.file());
        if (!file.isAbsolute() && journey.source() != null && journey.source().toAbsolutePath().getParent() != null) {
            file = journey.source().toAbsolutePath().getParent().resolve(file);
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\r?\\n$", "");
            if (value.isEmpty()) {
                problems.add("secret '" + name + "': file " + file + " is empty");
                return null;
            }
            return value;
        } catch (IOException e) {
            problems.add("secret '" + name + "': cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
