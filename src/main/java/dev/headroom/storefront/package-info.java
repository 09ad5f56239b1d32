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
 */
package dev.headroom.storefront;
