/**
 * The one config loader: {@link dev.headroom.config.ConfigLoader#load(java.nio.file.Path, Class)} binds
 * YAML to a record strictly and reports every problem as {@code file:line:column: path: message}
 * ({@link dev.headroom.config.ConfigProblem}) in one {@link dev.headroom.config.ConfigException}.
 * Semantic rules live in {@link dev.headroom.config.Validatable}; durations are read and written by
 * {@link dev.headroom.config.Durations}.
 */
package dev.headroom.config;
