/**
 * Service level objectives as Prometheus rules: {@link dev.headroom.slo.SloSpecs} reads Sloth
 * ({@code prometheus/v1}), OpenSLO ({@code openslo/v1}) and Headroom's short form ({@link
 * dev.headroom.slo.HeadroomSlo}) into {@link dev.headroom.slo.Slo}s; {@link
 * dev.headroom.slo.SloRules} writes Sloth's recording rules and multi-window burn-rate alerts with
 * guards for no traffic, low traffic and an absent metric; {@link dev.headroom.slo.SloRuleTests}
 * writes promtool tests of them; {@link dev.headroom.slo.SloGenerator} is what {@code ./headroom slo
 * generate} runs.
 */
package dev.headroom.slo;
