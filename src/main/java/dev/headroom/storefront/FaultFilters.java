package dev.headroom.storefront;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The faults that act on requests rather than on pages: {@link Fault#HARD_DOWN} as a before-filter,
 * {@link Fault#SLOW_ROUTE} and {@link Fault#ERROR_RATE} as wrappers around a route's handler. None
 * holds a Jetty thread while it waits, so a slow or hung shop still takes new connections.
 */
final class FaultFilters {
    /** Set on a request whose connection was dropped: it has no response, so no metric either. */
    static final String ABORTED = "headroom.aborted";

    private final FaultSettings faults;
    private final HttpMetrics metrics;
    private final Pages pages;
    private final Executor slowWorkers;

    FaultFilters(FaultSettings faults, HttpMetrics metrics, Pages pages, Executor slowWorkers) {
        this.faults = faults;
        this.metrics = metrics;
        this.pages = pages;
        this.slowWorkers = slowWorkers;
    }

    /**
     * Under {@link Fault#HARD_DOWN}, parks the request without a thread (Javalin async) until the
     * fault clears, then serves it as if nothing happened; after {@link ShopApp#hardDownHangMillis}
     * or on close, drops the connection without a response byte.
     */
    void hardDown(Context ctx) {
        if (!faults.isActive(Fault.HARD_DOWN)) {
            return;
        }
        ctx.future(() -> faults.whenUp(ShopApp.hardDownHangMillis).thenAccept(up -> {
            if (up) {
                return;
            }
            ctx.attribute(ABORTED, true);
            ctx.skipRemainingHandlers();
            org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
            if (base != null) {
                // Drop the connection without writing a byte: what a dead upstream looks like.
                base.getHttpChannel().abort(new IOException("hard-down fault: dropping the connection"));
            }
        }));
    }

    /** Wraps a handler so {@link Fault#SLOW_ROUTE} can delay it without holding a Jetty thread. */
    Handler slow(String route, Handler handler) {
        return ctx -> {
            long delay = faults.slowRouteDelayMillis(route);
            if (delay <= 0) {
                handler.handle(ctx);
                return;
            }
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, slowWorkers);
            ctx.future(() -> CompletableFuture.runAsync(() -> {
                try {
                    handler.handle(ctx);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, later));
        };
    }

    /** Wraps a checkout handler so {@link Fault#ERROR_RATE} can fail a share of requests. */
    Handler unreliable(Handler handler) {
        return ctx -> {
            if (faults.checkoutShouldFail()) {
                metrics.checkoutFailed("unavailable");
                ctx.header("Retry-After", "30");
                pages.renderError(ctx, 503, "Service temporarily unavailable",
                        "Checkout is temporarily unavailable. Please try again in a few moments.");
                return;
            }
            handler.handle(ctx);
        };
    }
}
