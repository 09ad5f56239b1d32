package dev.headroom.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Time spent per phase of a check, named like blackbox_exporter's phases.
 *
 * <ul>
 *   <li>{@code resolve}: DNS lookup;
 *   <li>{@code connect}: TCP connect (excluding TLS);
 *   <li>{@code tls}: TLS handshake;
 *   <li>{@code processing}: request fully sent until the first response byte (server think time);
 *   <li>{@code transfer}: first response byte until the body was read (or the cap was hit);
 *   <li>{@code total}: wall-clock time of the whole check.
 * </ul>
 *
 * A reused connection has zero resolve, connect and tls. For a redirect chain, {@link
 * CheckResult#timings()} holds the per-phase sums over all hops and the wall-clock total; each
 * {@link RedirectHop} keeps its own timings. Because of the gaps between phases (and between hops),
 * {@code total} is at least the sum of the phases, not exactly equal to it.
 */
public record Timings(
        Duration resolve, Duration connect, Duration tls, Duration processing, Duration transfer, Duration total) {

    /** All phases zero. */
    public static final Timings ZERO =
            new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Timings {
        Objects.requireNonNull(resolve, "resolve");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(total, "total");
    }

    /** The sum of the five phases (without the gaps that {@link #total()} includes). */
    public Duration phaseSum() {
        return resolve.plus(connect).plus(tls).plus(processing).plus(transfer);
    }

    /** Phase-by-phase sum of this and {@code other}, totals added too. */
    public Timings plus(Timings other) {
        return new Timings(
                resolve.plus(other.resolve),
                connect.plus(other.connect),
                tls.plus(other.tls),
                processing.plus(other.processing),
                transfer.plus(other.transfer),
                total.plus(other.total));
    }

    /** A copy with {@code total} replaced. */
    public Timings withTotal(Duration newTotal) {
        return new Timings(resolve, connect, tls, processing, transfer, newTotal);
    }
}
