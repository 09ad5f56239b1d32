package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several requests add the same product to the same cart at the same moment — a double-click, or
 * a browser retrying a slow POST. The first add of a product inserts the cart line; when two of
 * them race, both used to find no line and both inserted, and the loser failed with a duplicate
 * key (a 500 page). Every add must land, and the cart must hold their sum.
 */
class CartConcurrencyTest {
    private static final int ADDERS = 8;
    private static final int ROUNDS = 40;

    private Database db;
    private Carts carts;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        db = new Database(null, 400, 42);
        carts = new Carts(db);
        pool = Executors.newFixedThreadPool(ADDERS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        db.close();
    }

    @Test
    void simultaneousFirstAddsOfOneProductToOneCartAllSucceedAndAddUp() throws Exception {
        List<Integer> products = productIds("stock >= " + ADDERS, ROUNDS);
        String session = Sessions.newSessionId();
        for (int productId : products) {
            List<Throwable> failures = race(session, productId);
            assertThat(failures).as("adds of product %d", productId).isEmpty();
        }
        List<Carts.Line> lines = carts.lines(session);
        assertThat(lines).hasSize(ROUNDS);
        assertThat(lines).allSatisfy(line -> assertThat(line.qty()).isEqualTo(ADDERS));
        assertThat(carts.count(session)).isEqualTo(ROUNDS * ADDERS);
    }

    @Test
    void simultaneousAddsBeyondTheStockFillTheCartToTheStockAndRefuseTheRestWith409() throws Exception {
        List<Integer> products = productIds("stock BETWEEN 1 AND " + (ADDERS - 2), 10);
        String session = Sessions.newSessionId();
        for (int productId : products) {
            int stock = db.read(c -> Catalogue.product(c, productId)).orElseThrow().stock();
            List<Throwable> failures = race(session, productId);
            assertThat(failures).as("adds of product %d (stock %d)", productId, stock)
                    .hasSize(ADDERS - stock)
                    .allSatisfy(f -> assertThat(f).isInstanceOfSatisfying(ShopException.class,
                            e -> assertThat(e.status()).isEqualTo(409)));
        }
        for (Carts.Line line : carts.lines(session)) {
            assertThat(line.qty()).isEqualTo(line.product().stock());
        }
        assertThat(carts.lines(session)).hasSize(products.size());
    }

    /** {@value #ADDERS} threads add one unit of the product to the session's cart at the same moment. */
    private List<Throwable> race(String session, int productId) throws Exception {
        CyclicBarrier go = new CyclicBarrier(ADDERS);
        List<Future<?>> adds = new ArrayList<>();
        for (int i = 0; i < ADDERS; i++) {
            adds.add(pool.submit(() -> {
                go.await(10, TimeUnit.SECONDS);
                carts.add(session, productId, 1);
                return null;
            }));
        }
        List<Throwable> failures = new ArrayList<>();
        for (Future<?> add : adds) {
            try {
                add.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        return failures;
    }

    private List<Integer> productIds(String where, int wanted) {
        List<Integer> ids = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM product WHERE " + where + " ORDER BY id LIMIT ?")) {
                ps.setInt(1, wanted);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Integer> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(rs.getInt(1));
                    }
                    return list;
                }
            }
        });
        assertThat(ids).hasSize(wanted);
        return ids;
    }
}
