/**
 * The traffic model: {@link dev.headroom.model.Modelling#run} (the engine {@code headroom model} and
 * the demo call) reads access logs (combined or JSON lines, plain or
 * gzip) in one streaming pass ({@link dev.headroom.model.AccessLogReader} into {@link
 * dev.headroom.model.TrafficAnalyzer}), and writes a {@link dev.headroom.model.TrafficModel} as YAML
 * ({@link dev.headroom.model.ModelYaml}) for the load simulations. {@link
 * dev.headroom.model.AccessLogGenerator} writes a realistic week of log for the reference
 * storefront.
 */
package dev.headroom.model;
