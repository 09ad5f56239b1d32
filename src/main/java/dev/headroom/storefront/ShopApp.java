package dev.headroom.storefront;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's web server: one Javalin app with the instance header and the hard-down filter before
 * every route, the routes of each area ({@link CatalogueRoutes}, {@link CartRoutes},
 * {@link SignInRoutes}, {@link CheckoutRoutes}, {@link OrderRoutes}, {@link SiteRoutes}), the request
 * metrics, and the error pages an exception or an unknown path gets.
 */
final class ShopApp {
    private static final Logger log = LoggerFactory.getLogger(ShopApp.class);
    static final String INSTANCE_HEADER = "X-Headroom-Instance";
    /**
     * How long a request waits under {@link Fault#HARD_DOWN} before its connection is dropped: 60 s,
     * longer than typical client timeouts. Not final only so a test can see the drop without waiting.
     */
    static volatile long hardDownHangMillis = 60_000;

    final Javalin app;

    ShopApp(String instance, Catalogue catalogue, Sessions sessions, Carts carts, Orders orders, FaultSettings faults,
            HttpMetrics metrics, Views views, Assets assets, Executor slowWorkers) {
        Pages pages = new Pages(instance, catalogue, sessions, carts, faults, views);
        FaultFilters filters = new FaultFilters(faults, metrics, pages, slowWorkers);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.router.ignoreTrailingSlashes = true;
            config.requestLogger.http((ctx, ms) -> {
                if (ctx.attribute(FaultFilters.ABORTED) == null) {
                    metrics.record(ctx, ms);
                }
            });
        });
        app.before(filters::hardDown);
        app.before(ctx -> ctx.header(INSTANCE_HEADER, instance));

        new CatalogueRoutes(catalogue, faults, pages).register(app, filters);
        new CartRoutes(carts, pages).register(app);
        new SignInRoutes(sessions, pages).register(app);
        new CheckoutRoutes(instance, carts, orders, faults, metrics, pages).register(app, filters);
        new OrderRoutes(orders, pages).register(app);
        new SiteRoutes(instance, catalogue, metrics, assets).register(app);

        app.exception(ShopException.class, (e, ctx) -> pages.renderError(ctx, e.status(), e.title(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpResponseException http) {
                pages.renderError(ctx, http.getStatus(), "Request failed", http.getMessage());
                return;
            }
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            // Deliberately generic: the details are in the log, never on the page.
            pages.renderError(ctx, 500, "Something went wrong", "Sorry, something went wrong on our side. Please try again in a moment.");
        });
        app.error(404, ctx -> {
            if (!Pages.errorRendered(ctx)) {
                pages.renderError(ctx, 404, "Page not found", "We couldn't find the page you were looking for.");
            }
        });
    }
}
