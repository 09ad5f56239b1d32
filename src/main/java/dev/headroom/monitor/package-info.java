/**
 * The monitor daemon ({@code headroom monitor}): journeys, probes and crawls on schedules, with
 * thresholds, maintenance windows, a status page and Prometheus metrics.
 *
 * <ul>
 *   <li>{@link dev.headroom.monitor.MonitorConfig}: {@code monitor.yaml}, bound and validated whole by the
 *       shared config loader (every problem with its file, line and field); one check as written is a
 *       {@link dev.headroom.monitor.CheckKind.Spec}.
 *   <li>{@link dev.headroom.monitor.MonitorPlan}: the config resolved into {@link dev.headroom.monitor.Check}s
 *       ready to run (defaults merged, files read, URLs absolute and on the allowlist); all or nothing.
 *   <li>{@link dev.headroom.monitor.CheckKind}: what a check does, a sealed type with one small class per
 *       kind ({@link dev.headroom.monitor.JourneyCheck}, {@link dev.headroom.monitor.ProbeCheck},
 *       {@link dev.headroom.monitor.CrawlCheck}); each validates its own fields and makes its own probe.
 *   <li>{@code Probe}: one try of one check, one contract for every kind ({@code HttpProbe},
 *       {@code JourneyProbe}, {@code CrawlProbe}); what the target does is a
 *       {@link dev.headroom.monitor.ProbeResult}, never an exception.
 *   <li>{@link dev.headroom.monitor.Monitor}: the shared work around every probe, done once: scheduling with
 *       jitter, the deadline, {@link dev.headroom.monitor.RetryPolicy retries}, timing, the
 *       {@link dev.headroom.monitor.CheckState up/down state} and its history of
 *       {@link dev.headroom.monitor.RunRecord}s, {@link dev.headroom.monitor.MaintenanceWindow maintenance
 *       windows}, metrics. Its time (the clock, when runs and deadlines fall due, a retry's wait) comes from
 *       one {@code Scheduler}: tests move a manual one forward instead of sleeping.
 *   <li>{@code CheckMeters}: each check's meters, a Micrometer {@code MeterBinder}; a kind adds its own
 *       through it, the crawler binds its own.
 *   <li>{@link dev.headroom.monitor.MonitorRound}: every check once ({@code --once}), a
 *       {@link dev.headroom.report.Outcome}: its verdict, its report, its verdict line.
 *   <li>{@link dev.headroom.monitor.StatusPage}: {@code /}, {@code /api/status}, {@code /metrics},
 *       {@code /health} and {@code POST /-/reload} on 127.0.0.1.
 *   <li>{@code OriginHealth}: the config's {@code origins} (a load balancer's), each origin an ordinary
 *       probe check and a Dropwizard health check reading its state; a group's redundancy from them.
 * </ul>
 *
 * <p>A probe check's series are blackbox_exporter's ({@code probe_http_status_code},
 * {@code probe_http_duration_seconds{phase}}, {@code probe_ssl_earliest_cert_expiry}...), with Headroom's
 * {@code check} label; the plan's {@code location} is a common tag of every series.</p>
 *
 * <h2>Adding a check kind</h2>
 *
 * Two files, nothing else: say a {@code tcp: HOST:PORT} check.
 *
 * <ol>
 *   <li>{@code TcpCheck.java}: {@code public record TcpCheck(String tcp, Duration connectWithin) implements
 *       CheckKind}, with its {@code label()} ({@code "tcp"}, also its {@code kind} label value), its own
 *       rules ({@code validate}), its fields that other kinds refuse ({@code fieldsSet}), its URL, and
 *       {@code probe(check, probes)} returning its {@code Probe} (a small class of its own, or a lambda).
 *   <li>{@code CheckKind.java}: its YAML fields in {@link dev.headroom.monitor.CheckKind.Spec}, its line in
 *       {@code Spec.kinds()} ({@code new TcpCheck(tcp, connectWithin)}), its class in {@code permits}.
 * </ol>
 *
 * Scheduling, timeouts, retries, thresholds, history, the status page and the shared series
 * ({@code probe_success}, {@code headroom_check_*}) then apply to it as to every kind.
 */
package dev.headroom.monitor;
