package dev.headroom.config;

import java.util.List;

/**
 * A configuration file (or option) is wrong; nothing was run. The CLI maps it to exit code 2 and
 * prints {@link #getMessage()}: a first line with the count and the file, then one line per
 * {@link ConfigProblem} in {@code file:line:column: path: message} form.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** All problems found in one source (at least one). */
    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** A single problem not tied to a file location (e.g. an inconsistent set of options). */
    public ConfigException(String message) {
        super(message);
        this.problems = List.of();
    }

    /** The problems, ordered by line; empty for a plain-message exception. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size()).append(problems.size() == 1 ? " problem in " : " problems in ")
                .append(problems.get(0).source()).append(':');
        for (ConfigProblem p : problems) {
            sb.append('\n').append(p);
        }
        return sb.toString();
    }
}
