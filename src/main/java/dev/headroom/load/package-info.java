/**
 * Load tests: the shop's own journeys at 1x, 5x and 10x its modelled peak, sent by Gatling.
 *
 * <ul>
 *   <li>{@link dev.headroom.load.LoadTest}: the engine ({@code plan} validates everything and sends
 *       nothing; {@code run} forks the injector and returns a {@link dev.headroom.report.Outcome});
 *       {@code cli.LoadCommand} and the demo are thin callers.
 *   <li>{@link dev.headroom.load.LoadConfig} ({@code load.yaml}, or the shop file's {@code load:}),
 *       {@link dev.headroom.load.LoadJourney} (one journey file of the mix), {@link
 *       dev.headroom.load.DataFeed} (a data file, one row per virtual customer), {@link
 *       dev.headroom.load.JourneyMix} (the journeys checked before the run, and their shares from
 *       the config or the traffic model via {@link dev.headroom.load.ModelAdapter}), {@link
 *       dev.headroom.load.LoadPlan} (stages and caps).
 *   <li>{@link dev.headroom.load.RunSettings}: what the injector JVM gets; the simulation itself is
 *       {@code simulations/.../JourneySimulation}, which drives each customer's {@code
 *       journey.JourneyRun} (the monitor's step semantics) and only sends with Gatling.
 *   <li>{@link dev.headroom.load.Recorder} (HdrHistograms by {@code journey/step} group, over the
 *       whole run and over the stages' holds only, named failures, step verdicts), {@link
 *       dev.headroom.load.InjectorRuntime} (live metrics, {@link dev.headroom.load.SloWatch} early
 *       abort), {@link dev.headroom.load.LoadResults} (what an
 *       injector writes; shards merge exactly), {@link dev.headroom.load.LoadReport} (a case per
 *       journey and per {@link dev.headroom.load.Slo}), {@link dev.headroom.load.JourneySample}.
 * </ul>
 */
package dev.headroom.load;
