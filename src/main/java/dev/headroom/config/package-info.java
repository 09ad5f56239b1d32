/**
 * The one config loader: {@link dev.headroom.config.ConfigLoader#load(java.nio.file.Path, Class)} binds
 * YAML to a record strictly and reports every problem as {@code file:line:column: path: message}
 * ({@link dev.headroom.config.ConfigProblem}) in one {@link dev.headroom.config.ConfigException}.
 * Jackson's streaming parser reads the YAML into a tree that remembers every line
 * ({@code LocatedTree}); {@code Binder} builds the records from it by their Jackson annotations,
 * without Jackson's data binding (a monitor of probes alone loads none of it). Semantic rules live in
 * {@link dev.headroom.config.Validatable}; durations are read and written by
 * {@link dev.headroom.config.Durations}.
 */
package dev.headroom.config;
