/**
 * Test shops, public so tests in every package can use them, each on loopback with a free port and
 * shaped unlike the reference storefront, so that nothing in Headroom quietly assumes its shape.
 * {@link dev.headroom.testing.shops.ClassicJavaShop} is a JPetStore-like servlet shop under the
 * context path {@code /shop/}, with {@code ;jsessionid=} URL rewriting; the journeys written for it
 * are in {@code src/test/resources/shops/classic/}.
 */
package dev.headroom.testing.shops;
