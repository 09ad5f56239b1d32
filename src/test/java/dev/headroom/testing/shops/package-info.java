/**
 * Test shops, public so tests in every package can use them, each on loopback with a free port and
 * shaped unlike the reference storefront, so that nothing in Headroom quietly assumes its shape.
 * {@link dev.headroom.testing.shops.ClassicJavaShop} is a JPetStore-like servlet shop under the
 * context path {@code /shop/}, with {@code ;jsessionid=} URL rewriting; the journeys written for it
 * are in {@code src/test/resources/shops/classic/}. {@link dev.headroom.testing.shops.ShopServer} is
 * the server plumbing every test shop shares (the JDK's HTTP server on loopback, cookies, parameters).
 */
package dev.headroom.testing.shops;
