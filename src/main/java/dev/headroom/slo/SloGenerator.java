package dev.headroom.slo;

import dev.headroom.report.GeneratedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./headroom slo generate} writes: per spec file {@code <base>-slos.yml} (the rules,
 * {@link SloRules}) and, when its SLOs' input series are known, {@code <base>-slos.test.yml}
 * ({@link SloRuleTests}), where {@code <base>} is the spec's file name without {@code .yaml},
 * {@code .yml} and a {@code .sloth}, {@code .openslo} or {@code .headroom} before it. The output
 * depends only on the specs and the paths as given, so a check in CI can compare it byte for byte
 * ({@link GeneratedFiles} writes and compares the files).
 */
public final class SloGenerator {

    private SloGenerator() {
    }

    /**
     * Reads every spec (all their problems reported at once, as a {@link
     * dev.headroom.config.ConfigException}) and renders the files; {@code out} is the output
     * directory as the command line gave it, for the header's regenerate command.
     */
    public static List<GeneratedFiles.File> generate(List<Path> specs, String out) {
        Map<String, GeneratedFiles.File> files = new LinkedHashMap<>();
        List<dev.headroom.config.ConfigProblem> problems = new ArrayList<>();
        String command = "./headroom slo generate" + specs.stream().map(p -> " --spec " + slashes(p)).reduce("", String::concat)
                + " --out " + slashes(Path.of(out));
        for (Path spec : specs) {
            List<Slo> slos;
            try {
                slos = SloSpecs.read(spec);
            } catch (dev.headroom.config.ConfigException e) {
                problems.addAll(e.problems().isEmpty()
                        ? List.of(new dev.headroom.config.ConfigProblem(spec.toString(), 0, 0, "", e.getMessage()))
                        : e.problems());
                continue;
            }
            String base = base(spec);
            String rules = base + "-slos.yml";
            if (files.containsKey(rules)) {
                problems.add(new dev.headroom.config.ConfigProblem(spec.toString(), 0, 0, "",
                        "another spec also makes " + rules + "; rename one of them"));
                continue;
            }
            List<String> header = List.of(
                    "Generated from " + slashes(spec) + " by ./headroom slo generate: do not edit; edit the spec, then run",
                    "  " + command,
                    "to update.");
            files.put(rules, new GeneratedFiles.File(rules, SloRules.render(slos, header)));
            if (SloRuleTests.any(slos)) {
                String tests = base + "-slos.test.yml";
                List<String> testHeader = new ArrayList<>(header);
                testHeader.add("");
                testHeader.add("Run: (cd " + slashes(Path.of(out)) + " && promtool test rules " + tests + ")");
                files.put(tests, new GeneratedFiles.File(tests, SloRuleTests.render(rules, slos, testHeader)));
            }
        }
        if (!problems.isEmpty()) {
            throw new dev.headroom.config.ConfigException(problems);
        }
        return List.copyOf(files.values());
    }

    static String base(Path spec) {
        String name = spec.getFileName().toString();
        for (String ext : List.of(".yaml", ".yml")) {
            if (name.endsWith(ext)) {
                name = name.substring(0, name.length() - ext.length());
                break;
            }
        }
        for (String kind : List.of(".sloth", ".openslo", ".headroom")) {
            if (name.endsWith(kind)) {
                name = name.substring(0, name.length() - kind.length());
                break;
            }
        }
        return name;
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
