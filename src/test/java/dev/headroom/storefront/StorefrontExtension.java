package dev.headroom.storefront;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts and stops the shops asked for with {@link ShopUnderTest}.
 *
 * <p>Shops are closed in {@code afterEach}/{@code afterAll} callbacks rather than as closeable store values,
 * because JUnit closes store values only after every after-all callback has run, and the thread-leak check
 * (an after-all callback too) must not see a shop still running.
 */
public final class StorefrontExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StorefrontExtension.class);
    private static final String CLASS_SHOPS = "class-shops";
    private static final String TEST_SHOPS = "test-shops";

    /** Starts the shop an annotation describes; public so a test can start one mid-test the same way. */
    public static RunningStorefront start(ShopUnderTest options) {
        Storefront.Builder b = Storefront.builder().port(0).products(options.products()).seed(options.seed())
                .instance(options.instance());
        if (!options.adminToken().isEmpty()) {
            b.adminToken(options.adminToken());
        }
        for (String fault : options.faults()) {
            b.fault(fault);
        }
        return b.build().start();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        List<RunningStorefront> shops = new ArrayList<>();
        for (Class<?> c = context.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                ShopUnderTest options = field.getAnnotation(ShopUnderTest.class);
                if (options == null) {
                    continue;
                }
                if (!Modifier.isStatic(field.getModifiers()) || field.getType() != RunningStorefront.class) {
                    throw new ExtensionConfigurationException("@ShopUnderTest field " + c.getSimpleName() + "." + field.getName()
                            + " must be a static RunningStorefront (or use a test-method parameter for a shop per test)");
                }
                if (shops.isEmpty()) {
                    // Only a class with shops of its own gets a list, so one without (a @Nested class) still reads its outer one's.
                    context.getStore(NAMESPACE).put(CLASS_SHOPS, shops);
                    context.getStore(NAMESPACE).put(CLASS_SHOPS + ":" + context.getUniqueId(), shops);
                }
                RunningStorefront shop = start(options);
                shops.add(shop);
                field.setAccessible(true);
                field.set(null, shop);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<RunningStorefront> own = testShops(context, false);
        if (own != null) {
            closeAll(own);
        }
        for (RunningStorefront shop : classShops(context)) {
            shop.faults().clearAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        @SuppressWarnings("unchecked")
        List<RunningStorefront> shops = (List<RunningStorefront>) context.getStore(NAMESPACE).get(CLASS_SHOPS + ":" + context.getUniqueId());
        if (shops == null) {
            return; // no shops of this class's own to close
        }
        closeAll(shops);
        for (Class<?> c = context.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(ShopUnderTest.class) && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(null, null); // a closed shop is no use to anyone; fail fast if something still reads it
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningStorefront.class && parameter.isAnnotated(ShopUnderTest.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ExtensionConfigurationException("a @ShopUnderTest parameter is for test methods; use a static field for a class's shop");
        }
        RunningStorefront shop = start(parameter.findAnnotation(ShopUnderTest.class).orElseThrow());
        testShops(context, true).add(shop);
        return shop;
    }

    @SuppressWarnings("unchecked")
    private static List<RunningStorefront> classShops(ExtensionContext context) {
        // A method context reads through to its class's store.
        List<RunningStorefront> shops = (List<RunningStorefront>) context.getStore(NAMESPACE).get(CLASS_SHOPS);
        return shops == null ? List.of() : shops;
    }

    @SuppressWarnings("unchecked")
    private static List<RunningStorefront> testShops(ExtensionContext context, boolean create) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        String key = TEST_SHOPS + ":" + context.getUniqueId();
        return create ? (List<RunningStorefront>) store.getOrComputeIfAbsent(key, k -> new ArrayList<RunningStorefront>())
                : (List<RunningStorefront>) store.get(key);
    }

    private static void closeAll(List<RunningStorefront> shops) {
        RuntimeException first = null;
        for (RunningStorefront shop : shops) {
            try {
                shop.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        shops.clear();
        if (first != null) {
            throw first;
        }
    }
}
