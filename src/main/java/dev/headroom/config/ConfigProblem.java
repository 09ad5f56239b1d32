package dev.headroom.config;

import java.util.Objects;

/**
 * One problem in a config file, located precisely enough to jump to it from an editor or CI log.
 *
 * @param source the file name as given (or the source name for in-memory YAML)
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param path the field path, e.g. {@code steps[2].budget}; empty for the document itself
 * @param message what is wrong, lower case, no trailing period
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code source:line:column: path: message}, leaving out the parts that are unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
