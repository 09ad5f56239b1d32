package dev.headroom.storefront;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a shop serves beside its pages: {@code robots.txt}, {@code sitemap.xml}, the static assets and
 * product images (with ETags, answering HEAD and revalidation), {@code /health} and {@code /metrics}.
 */
final class SiteRoutes {
    private static final Logger log = LoggerFactory.getLogger(SiteRoutes.class);

    private final String instance;
    private final Catalogue catalogue;
    private final HttpMetrics metrics;
    private final Assets assets;
    private final Map<String, String> sitemaps = new ConcurrentHashMap<>();

    SiteRoutes(String instance, Catalogue catalogue, HttpMetrics metrics, Assets assets) {
        this.instance = instance;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.assets = assets;
    }

    void register(Javalin app) {
        app.get("/robots.txt", ctx -> ctx.contentType("text/plain; charset=utf-8").result(Assets.robots(baseUrl(ctx))));
        // One cached sitemap per base URL, but only a few: a client sending made-up Host headers must not grow the cache.
        app.get("/sitemap.xml", ctx -> ctx.contentType("application/xml; charset=utf-8")
                .result(sitemaps.size() > 8 ? buildSitemap(ctx) : sitemaps.computeIfAbsent(baseUrl(ctx), b -> buildSitemap(ctx))));
        getAndHead(app, "/static/style.css", ctx -> asset(ctx, "text/css; charset=utf-8", assets.styleCss));
        getAndHead(app, "/static/hero-pattern.svg", ctx -> asset(ctx, "image/svg+xml", assets.heroPattern));
        getAndHead(app, "/images/logo.svg", ctx -> asset(ctx, "image/svg+xml", assets.logo));
        getAndHead(app, "/favicon.svg", ctx -> asset(ctx, "image/svg+xml", assets.faviconSvg));
        getAndHead(app, "/favicon.ico", ctx -> asset(ctx, "image/x-icon", assets.faviconIco));
        getAndHead(app, "/images/product/{id}.svg", ctx -> {
            int id = Params.intOrNotFound(ctx.pathParam("id"));
            if (id < 1 || id > catalogue.productCount()) {
                throw ShopException.notFound();
            }
            String svg = Assets.productSvg(id);
            ctx.header("Cache-Control", "public, max-age=86400");
            if (!Assets.notModified(ctx, Assets.etag(svg))) {
                ctx.contentType("image/svg+xml").result(svg);
            }
        });
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            int products = catalogue.countProductsNow();
            body.put("status", "UP");
            body.put("instance", instance);
            body.put("products", products);
        } catch (RuntimeException e) {
            log.warn("health check failed", e);
            body.put("status", "DOWN");
            body.put("instance", instance);
            ctx.status(503);
        }
        ctx.json(body);
    }

    private String buildSitemap(Context ctx) {
        return Assets.sitemap(baseUrl(ctx), catalogue.categories(), catalogue.allProductIds());
    }

    private static String baseUrl(Context ctx) {
        String host = ctx.host();
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            host = ctx.req().getLocalAddr() + ":" + ctx.port();
        }
        return ctx.scheme() + "://" + host;
    }

    /**
     * A GET route that also answers HEAD by running the same handler (Jetty drops the body), so a
     * HEAD gets the real headers (ETag) and a 304 when revalidating; Javalin's own HEAD answer for
     * GET routes is a bare 200.
     */
    private static void getAndHead(Javalin app, String path, Handler handler) {
        app.get(path, handler);
        app.head(path, handler);
    }

    private static void asset(Context ctx, String contentType, byte[] body) {
        ctx.header("Cache-Control", "public, max-age=3600");
        if (!Assets.notModified(ctx, Assets.etag(body))) {
            ctx.contentType(contentType).result(body);
        }
    }
}
