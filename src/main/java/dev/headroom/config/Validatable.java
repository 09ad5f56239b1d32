package dev.headroom.config;

/**
 * A config type with rules beyond its Java types (ranges, cross-field consistency). {@link
 * ConfigLoader} calls {@link #validate} on the bound root, also when some values did not bind (they
 * are then left out: null or the default, required fields included); the root calls {@link
 * Validation#nested} / {@link Validation#each} for its children, so every problem in the file is
 * reported at once with its own line.
 */
public interface Validatable {
    /** Reports problems to {@code v}; never throws for invalid values. */
    void validate(Validation v);
}
