/**
 * {@code headroom init URL}: starter files for a shop no code of Headroom special-cases.
 *
 * <p>{@link dev.headroom.init.ShopInit} is the entry point: it surveys the shop ({@code Surveyor}: a
 * bounded, polite crawl through {@link dev.headroom.crawl.Crawler}, then a few pages of each URL shape
 * read again), writes the files ({@code StarterFiles}, pure text) and runs the generated journeys once
 * through {@link dev.headroom.journey.JourneyRunner}, leaving out any that fails. What it worked out is
 * a {@link dev.headroom.init.ShopSurvey}; what it did, an {@link dev.headroom.init.InitResult}.
 *
 * <p>Inside, one small class per question, jsoup {@code Evaluator} style: {@code SearchFormDetector},
 * {@code SignInFormDetector}, {@code AddToCartDetector}, {@code CheckoutFormDetector} and {@code
 * PriceDetector} each find one thing on a page; {@code PageKindRules} is the ordered rule table that
 * tells a page's {@link dev.headroom.init.PageKind} from what they saw (first match wins); {@code
 * UrlShapes} groups URLs by template ({@code ;jsessionid=} stripped) and writes route regexes; {@code
 * Selectors} derives CSS selectors that hold on every page of a kind; {@code CheckoutLook} is the
 * opt-in look behind sign-in ({@link dev.headroom.init.SignIn}).
 */
package dev.headroom.init;
