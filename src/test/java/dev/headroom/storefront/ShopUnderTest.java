package dev.headroom.storefront;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reference storefront for a test, on a free loopback port, started and stopped by {@link StorefrontExtension}.
 *
 * <p>On a {@code static RunningStorefront} field: one shop for the whole class, started before the first test,
 * with every fault switched off after each test (so a drill in one test never leaks into the next), closed
 * after the last. On a {@code RunningStorefront} test-method parameter: a shop of its own for that one test.
 *
 * <pre>{@code
 * @ShopUnderTest(products = 60)
 * static RunningStorefront shop;
 *
 * @Test
 * void aShopWithTheErrorLeakOn(@ShopUnderTest(products = 30, faults = "error-leak") RunningStorefront leaky) { ... }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StorefrontExtension.class)
public @interface ShopUnderTest {
    /** How many products to seed. */
    int products() default 200;

    /** The catalogue seed. */
    long seed() default 42;

    /** The name in {@code X-Headroom-Instance}. */
    String instance() default Storefront.DEFAULT_INSTANCE;

    /** The admin bearer token; empty for a random one. */
    String adminToken() default "";

    /** Faults switched on at start, each in its command-line form {@code NAME[=VALUE]}. */
    String[] faults() default {};
}
