package dev.headroom.storefront;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The shop's Prometheus metrics, one registry per running shop. Request metrics are tagged with the
 * route template ({@code /product/{id}}), never the raw path, so the number of series stays
 * bounded however many products a load test visits.
 */
final class HttpMetrics {
    static final String NOT_FOUND_ROUTE = "NOT_FOUND";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter ordersPlaced;

    /** Why a checkout ended without an order: the customer's (validation, declined) or the shop's. */
    static final String[] CHECKOUT_FAILURE_REASONS = {"validation", "declined", "out_of_stock", "unavailable"};

    HttpMetrics(FaultSettings faults) {
        ordersPlaced = Counter.builder("storefront.orders.placed").description("Orders placed").register(registry);
        // Counters exist at zero from the start: a series that appears only with the first failure
        // has no rate before it, so an alert's ratio would read "no data" instead of "0%".
        for (String reason : CHECKOUT_FAILURE_REASONS) {
            checkoutFailures(reason);
        }
        sessionsExpired(0);
        for (Fault fault : Fault.values()) {
            Gauge.builder("storefront.active.faults", faults, f -> f.isActive(fault) ? 1 : 0)
                    .description("1 while the fault is switched on").tag("fault", fault.cliName()).register(registry);
        }
    }

    /** Sessions with server-side state right now (read from the database at each scrape). */
    void sessions(java.util.function.IntSupplier count) {
        Gauge.builder("storefront.sessions", count, c -> c.getAsInt()).strongReference(true)
                .description("Sessions with a row: signed in, or anonymous with a cart").register(registry);
    }

    void sessionsExpired(int ended) {
        Counter.builder("storefront.sessions.expired").description("Sessions ended for idleness or over the cap")
                .register(registry).increment(ended);
    }

    void record(Context ctx, float executionTimeMs) {
        int status = ctx.statusCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests to the shop")
                .tag("route", route(ctx))
                .tag("method", ctx.method().name())
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                // A fixed, short bucket list instead of Micrometer's ~70 percentile buckets keeps the
                // scrape small; the bounds bracket what a storefront SLO is written against.
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path == null || path.isEmpty() || path.equals("*") ? NOT_FOUND_ROUTE : path;
        } catch (RuntimeException unmatched) {
            return NOT_FOUND_ROUTE;
        }
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        if (status >= 200) {
            return "SUCCESS";
        }
        return "INFORMATIONAL";
    }

    void orderPlaced() {
        ordersPlaced.increment();
    }

    /** Counts a checkout that didn't end in an order: validation, declined, out_of_stock, unavailable. */
    void checkoutFailed(String reason) {
        checkoutFailures(reason).increment();
    }

    private Counter checkoutFailures(String reason) {
        return Counter.builder("storefront.checkout.failures").description("Checkouts that did not place an order")
                .tag("reason", reason).register(registry);
    }

    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
