package dev.headroom.config;

import java.util.List;
import java.util.Objects;

/**
 * Collects semantic problems for one config file. Paths are relative to the object being
 * validated and use the loader's syntax: {@code name}, {@code steps[2]}, {@code steps[2].budget};
 * the empty path is the object itself. Each problem gets the line and column of the value at its
 * path (or of its nearest present ancestor, for a field that is absent).
 *
 * <pre>{@code
 * public void validate(Validation v) {
 *     v.require(!steps.isEmpty(), "steps", "must list at least one step");
 *     v.require(budget == null || budget.toMillis() > 0, "budget", "must be positive");
 *     v.each("steps", steps); // each Step is Validatable: steps[0]..., steps[1]...
 * }
 * }</pre>
 */
public final class Validation {
    private final String source;
    private final LocatedTree tree;
    private final List<ConfigProblem> problems;
    private final String prefix;

    Validation(String source, LocatedTree tree, List<ConfigProblem> problems, String prefix) {
        this.source = source;
        this.tree = tree;
        this.problems = problems;
        this.prefix = prefix;
    }

    /** Records a problem at {@code path} (relative to this object). */
    public void error(String path, String message) {
        String full = path(path);
        LocatedTree.Location loc = tree.locate(full);
        problems.add(new ConfigProblem(source, loc.line(), loc.column(), full, message));
    }

    /** Records a problem unless {@code condition} holds; returns {@code condition} for chaining checks. */
    public boolean require(boolean condition, String path, String message) {
        if (!condition) {
            error(path, message);
        }
        return condition;
    }

    /** Validates {@code child} (if {@link Validatable}) with {@code path} as its prefix; null is skipped. */
    public void nested(String path, Object child) {
        if (child instanceof Validatable v) {
            v.validate(at(path));
        }
    }

    /** Validates each item as {@code path[i]}; a null list is skipped. */
    public void each(String path, List<?> items) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            nested(Objects.requireNonNullElse(path, "") + "[" + i + "]", items.get(i));
        }
    }

    /** A view whose paths are relative to {@code path}. */
    public Validation at(String path) {
        return new Validation(source, tree, problems, path(path));
    }

    /** The full path of {@code relative} from the document root. */
    public String path(String relative) {
        if (relative == null || relative.isEmpty()) {
            return prefix;
        }
        if (prefix.isEmpty() || relative.startsWith("[")) {
            return prefix + relative;
        }
        return prefix + "." + relative;
    }

    /** True once any problem has been recorded (by any view of this validation). */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
