/**
 * The release gate, {@code headroom gate}: one CI step that runs the shop file's stages in order, each
 * through its own engine, and decides.
 *
 * <p>{@link dev.headroom.gate.Gate#plan} validates everything before anything is sent (stages, target
 * against the shop's allowlist, the load plan against its caps, baseline and model files);
 * {@link dev.headroom.gate.Gate#run} first decides whether it may run at all (a promotion's required pass,
 * the {@link dev.headroom.gate.ChangeWindows change windows}, the {@link dev.headroom.gate.Changes open
 * changes} in Alertmanager) and is {@code REFUSED} otherwise, then runs the crawl, the journeys (each
 * several times in a row), the load test and the origin probes, stopping at the first failed stage unless
 * {@code runAll}. Measures are compared with a {@link dev.headroom.gate.Baseline} of earlier gate reports
 * by a noise band from their own spread (the load groups on the load test's hold, its ramp-up excluded). The {@link dev.headroom.gate.GateResult} is an {@code Outcome};
 * {@link dev.headroom.gate.GateOutputs} writes every file from it through the shared report writer.
 *
 * <p>Its config is the shop file's {@code gate:} section, {@link dev.headroom.gate.GateConfig}.
 */
package dev.headroom.gate;
