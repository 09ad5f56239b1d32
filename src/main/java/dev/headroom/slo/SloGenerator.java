package dev.headroom.slo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code ./headroom slo generate} writes: per spec file {@code <base>-slos.yml} (the rules,
 * {@link SloRules}) and, when its SLOs' input series are known, {@code <base>-slos.test.yml}
 * ({@link SloRuleTests}), where {@code <base>} is the spec's file name without {@code .yaml},
 * {@code .yml} and a {@code .sloth}, {@code .openslo} or {@code .headroom} before it. The output
 * depends only on the specs and the paths as given, so a check in CI can compare it byte for byte.
 */
public final class SloGenerator {

    /** One file to write in the output directory. */
    public record GeneratedFile(String name, String content) {
        public GeneratedFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    private SloGenerator() {
    }

    /**
     * Reads every spec (all their problems reported at once, as a {@link
     * dev.headroom.config.ConfigException}) and renders the files; {@code out} is the output
     * directory as the command line gave it, for the header's regenerate command.
     */
    public static List<GeneratedFile> generate(List<Path> specs, String out) {
        Map<String, GeneratedFile> files = new LinkedHashMap<>();
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
            files.put(rules, new GeneratedFile(rules, SloRules.render(slos, header)));
            if (SloRuleTests.any(slos)) {
                String tests = base + "-slos.test.yml";
                List<String> testHeader = new ArrayList<>(header);
                testHeader.add("");
                testHeader.add("Run: (cd " + slashes(Path.of(out)) + " && promtool test rules " + tests + ")");
                files.put(tests, new GeneratedFile(tests, SloRuleTests.render(rules, slos, testHeader)));
            }
        }
        if (!problems.isEmpty()) {
            throw new dev.headroom.config.ConfigException(problems);
        }
        return List.copyOf(files.values());
    }

    /** Writes the files into {@code dir} (created if needed), replacing what is there. */
    public static void write(List<GeneratedFile> files, Path dir) {
        try {
            Files.createDirectories(dir);
            for (GeneratedFile f : files) {
                Files.writeString(dir.resolve(f.name()), f.content(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * How {@code dir} differs from {@code files}, one line per file ({@code missing}, or the first
     * line that differs); empty when it is up to date.
     */
    public static List<String> differences(List<GeneratedFile> files, Path dir) {
        List<String> out = new ArrayList<>();
        for (GeneratedFile f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                out.add(p + ": missing");
                continue;
            }
            String actual;
            try {
                actual = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.add(p + ": cannot read (" + e.getMessage() + ")");
                continue;
            }
            if (!actual.equals(f.content())) {
                List<String> want = f.content().lines().toList();
                List<String> have = actual.lines().toList();
                int line = 0;
                while (line < want.size() && line < have.size() && want.get(line).equals(have.get(line))) {
                    line++;
                }
                out.add(p + ":" + (line + 1) + ": differs (" + have.size() + " lines, " + want.size() + " generated)");
            }
        }
        return out;
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
