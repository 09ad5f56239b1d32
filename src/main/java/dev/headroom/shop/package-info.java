/**
 * The shop file, {@code headroom.yaml}: one file that describes one shop, with a section per command.
 *
 * <p>{@link dev.headroom.shop.ShopFile#load(java.nio.file.Path)} binds and validates it whole (every problem
 * with the shop file's name, line and field); {@link dev.headroom.shop.ShopFile#crawl()}, {@link
 * dev.headroom.shop.ShopFile#monitor()}, {@link dev.headroom.shop.ShopFile#load()}, {@link
 * dev.headroom.shop.ShopFile#origins()} and {@link dev.headroom.shop.ShopFile#model()} each return a
 * command's section as the config type that command reads from a file of its own, with the shop's
 * {@code target}, {@code allowlist} and {@code journeys} inherited and relative paths resolved against the
 * shop file's folder. A command given {@code --config FILE} asks {@link
 * dev.headroom.shop.ShopFile#isShopFile(java.nio.file.Path)} once, and reads its own kind of file otherwise.
 *
 * <p>The engines never see a shop file: what they get is a {@code CrawlConfig}, a {@code MonitorConfig} (and
 * its {@code MonitorPlan}), a {@code LoadConfig} and its target, as from their own files.
 */
package dev.headroom.shop;
