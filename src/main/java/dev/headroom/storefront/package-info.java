/**
 * The reference storefront Headroom's checks and demo aim at: a real, server-rendered web shop on
 * Javalin (Jetty 11), mustache templates and an embedded H2 database, with switchable
 * {@linkplain dev.headroom.storefront.Fault faults}.
 *
 * <p>Public surface: {@link dev.headroom.storefront.Storefront} (options and
 * {@code start()}), {@link dev.headroom.storefront.RunningStorefront} (the running shop),
 * {@link dev.headroom.storefront.Fault} and {@link dev.headroom.storefront.FaultSettings}.
 *
 * <p>Shop routes (every response carries {@code X-Headroom-Instance}):
 * <ul>
 *   <li>{@code GET /}, {@code GET /category/{slug}?page=N} (24 per page), {@code GET /product/{id}},
 *       {@code GET /search?q=&page=N}
 *   <li>{@code GET /cart}, {@code POST /cart/add} (productId, qty), {@code POST /cart/update},
 *       {@code POST /cart/remove} — all POSTs answer 303 and need the {@code _csrf} field (else 403)
 *   <li>{@code GET|POST /signin} (email, password, next), {@code POST /signout}; cookie {@code HRSESSION}
 *   <li>{@code GET|POST /checkout} (name, address, city, postcode, country, cardNumber, expiry, cvc):
 *       400 field errors, 402 declined, 409 out of stock, 303 to the order on success
 *   <li>{@code GET /orders}, {@code GET /orders/{number}}, {@code POST /orders/{number}/change}
 *       ({@code qty_<productId>}), {@code POST /orders/{number}/cancel} (409 once shipped)
 *   <li>{@code GET /robots.txt}, {@code /sitemap.xml}, {@code /static/style.css},
 *       {@code /static/hero-pattern.svg}, {@code /images/product/{id}.svg}, {@code /images/logo.svg},
 *       {@code /favicon.ico}, {@code /favicon.svg}, {@code /health}, {@code /metrics}
 * </ul>
 *
 * <p>Admin routes, on 127.0.0.1 only, with {@code Authorization: Bearer TOKEN} (else 401):
 * {@code GET /admin/faults}, {@code PUT /admin/faults/{name}[?value=]},
 * {@code DELETE /admin/faults/{name}}, {@code DELETE /admin/faults},
 * {@code POST /admin/orders/{number}/advance}.
 *
 * <p>Inside, one class per concern:
 * <ul>
 *   <li>Web layer: {@code ShopApp} assembles the shop's Javalin app (instance header, request
 *       metrics, error pages) from one routes class per area: {@code CatalogueRoutes} (home,
 *       categories, products, search), {@code CartRoutes}, {@code SignInRoutes},
 *       {@code CheckoutRoutes} (with {@code CheckoutForm}, the form's fields and rules),
 *       {@code OrderRoutes} and {@code SiteRoutes} (robots, sitemap, assets, health, metrics).
 *       They share {@code Pages} (the visitor, CSRF, the layout's model, rendering, error pages)
 *       and {@code Params}. {@code FaultFilters} holds the faults that act on requests (hard down,
 *       slow route, error rate); the faults that act on pages are read where the page is built.
 *       {@code AdminApi} is the admin server.
 *   <li>Domain, on the database: {@code Catalogue} (and {@code CatalogueSeeder}), {@code Sessions}
 *       (timed by the builder's {@link java.time.Clock}), {@code Carts}, {@code Orders},
 *       {@code Passwords}, {@code Database}.
 *   <li>Around them: {@code Views} (templates), {@code Assets}, {@code HttpMetrics},
 *       {@code LeakedErrors} (what {@link dev.headroom.storefront.Fault#ERROR_LEAK} shows),
 *       {@code ShopException} (an error page with its status).
 * </ul>
 */
package dev.headroom.storefront;
