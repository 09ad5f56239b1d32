package dev.headroom.demo;

import dev.headroom.http.CheckSession;
import dev.headroom.report.CheckCase;
import java.util.List;
import java.util.function.Consumer;

/** What {@code headroom demo} runs against the storefront; one entry per capability. */
public final class Demo {
    /** Demo account seeded into every reference storefront. */
    public static final String EMAIL = "shopper1@example.test";
    /** Its password; redacted from every report. */
    public static final String PASSWORD = "shop-secret";

    private Demo() {
    }

    /** Walks the storefront at {@code baseUrl} as a customer, reporting each step to {@code progress}. */
    public static List<CheckCase> storefrontTour(CheckSession session, String baseUrl, Consumer<CheckCase> progress) {
        return new StorefrontTour(session, baseUrl, EMAIL, PASSWORD, progress).walk();
    }
}
