package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser (Debian's headless Chromium, driven through chromedriver) buys something in the
 * reference storefront: the forms, cookies, CSRF tokens and redirects work for a person, not only
 * for Headroom's own HTTP client.
 */
class BrowserPurchaseIT {
    private static RunningStorefront shop;

    @BeforeAll
    static void startShop() {
        shop = Storefront.builder().port(0).products(200).instance("browser").build().start();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    static WebDriver chromium(Path profile) {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        assertThat(chromium).as("Chromium (apt-get install chromium; .ci/run installs it)").exists();
        assertThat(chromedriver).as("chromedriver (apt-get install chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    @Test
    void aShopperBuysAProductInARealBrowserAndSeesTheOrderConfirmed(@TempDir Path profile) throws Exception {
        WebDriver browser = chromium(profile);
        try {
            browser.get(shop.baseUrl() + "/signin");
            browser.findElement(By.id("email")).sendKeys("shopper2@example.test");
            browser.findElement(By.id("password")).sendKeys("shop-secret");
            clickAndWait(browser, By.cssSelector("form.signin button[type=submit]"));
            assertThat(browser.findElements(By.cssSelector("form[action='/signout']"))).isNotEmpty();

            browser.get(shop.baseUrl() + "/");
            clickAndWait(browser, By.cssSelector("a[href^='/category/']"));
            openFirstProductInStock(browser);
            String product = browser.findElement(By.id("product-name")).getText();
            clickAndWait(browser, By.id("add-to-cart"));
            assertThat(browser.findElement(By.cssSelector("tr.cart-line")).getText()).contains(product);

            clickAndWait(browser, By.id("checkout-link"));
            type(browser, "address", "1 Loopback Lane");
            type(browser, "city", "Localhost");
            type(browser, "postcode", "LO1 1HR");
            type(browser, "country", "United Kingdom");
            type(browser, "cardNumber", "4242 4242 4242 4242");
            type(browser, "expiry", "12/30");
            type(browser, "cvc", "123");
            clickAndWait(browser, By.id("place-order"));

            assertThat(browser.getPageSource()).contains("Order confirmed");
            assertThat(browser.findElement(By.id("order-number")).getText()).matches("HR-\\d+");
            assertThat(browser.findElement(By.id("order-status")).getText()).isEqualToIgnoringCase("paid");
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "browser-order-confirmation.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static void openFirstProductInStock(WebDriver browser) {
        String listing = browser.getCurrentUrl();
        java.util.List<String> products = browser.findElements(By.cssSelector("a[href^='/product/']")).stream()
                .map(link -> link.getAttribute("href")).distinct().toList();
        for (String product : products) {
            browser.get(product);
            if (!browser.findElements(By.id("add-to-cart")).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("no product in stock on " + listing);
    }

    private static void type(WebDriver browser, String field, String value) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        input.sendKeys(value);
    }

    /**
     * Clicks and waits for the next page: a click that submits a form or follows a link returns
     * before the browser has replaced the page (Chromium 156 does not wait), so wait until the old
     * page's root is gone and the new one has loaded.
     */
    private static void clickAndWait(WebDriver browser, By by) throws InterruptedException {
        WebElement oldRoot = browser.findElement(By.tagName("html"));
        browser.findElement(by).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                oldRoot.getTagName();
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                Object state = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.readyState");
                if ("complete".equals(state)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clicking " + by + " did not load a new page within 15 s; still on " + browser.getCurrentUrl());
            }
            Thread.sleep(50);
        }
    }
}
