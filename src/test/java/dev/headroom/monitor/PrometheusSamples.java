package dev.headroom.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition, for tests to read values by name and labels. */
final class PrometheusSamples {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final String text;

    PrometheusSamples(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(m.group(1), labels, parse(m.group(3))));
        }
    }

    private static double parse(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /**
     * The value of the one sample called {@code name} with exactly these labels (name, value pairs).
     *
     * @throws AssertionError if there is none
     */
    double value(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(wanted)) {
                return s.value();
            }
        }
        throw new AssertionError("no sample " + name + wanted + " in:\n" + text);
    }

    /** Every sample, in the order of the text. */
    List<Sample> all() {
        return List.copyOf(samples);
    }

    /** Every sample called {@code name}. */
    List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
