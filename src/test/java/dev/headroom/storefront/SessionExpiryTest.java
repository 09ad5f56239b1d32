package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions end: a load test leaves thousands of carts behind, and a shop that kept them all would
 * grow until it fell over. Idle sessions end with their carts; the cap ends the longest-idle first;
 * cookie-less visitors still leave no rows at all. Time is a {@link TestClock} the tests move on,
 * so no test waits for a session to go idle; only the sweep over HTTP runs on real time.
 */
class SessionExpiryTest {
    private static final Duration IDLE = Duration.ofMinutes(30);

    private final TestClock clock = new TestClock();
    private Database db;
    private Sessions sessions;
    private Carts carts;

    @BeforeEach
    void start() {
        db = new Database(null, 200, 42);
        sessions = new Sessions(db, IDLE, 3, clock);
        carts = new Carts(db, clock);
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void browsingWithoutACartLeavesNoSessionRow() {
        Sessions.Visitor first = sessions.visitor(null);
        Sessions.Visitor again = sessions.visitor(first.sessionId());

        assertThat(first.isNew()).isTrue();
        assertThat(again.sessionId()).isEqualTo(first.sessionId());
        assertThat(again.isNew()).isFalse();
        assertThat(sessions.count()).isZero();
    }

    @Test
    void anAnonymousCartGetsASessionThatEndsWithItWhenIdle() {
        String id = Sessions.newSessionId();
        carts.add(id, anyProduct(), 1);
        assertThat(sessions.count()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(31));

        Sessions.Visitor back = sessions.visitor(id);
        assertThat(back.isNew()).as("an idle session starts over").isTrue();
        assertThat(back.sessionId()).isNotEqualTo(id);
        assertThat(sessions.expire()).isEqualTo(1);
        assertThat(sessions.count()).isZero();
        assertThat(carts.count(id)).isZero();
    }

    @Test
    void aSessionSeenWithinTheIdleTimeoutStaysAndIsTouchedAtMostOncePerInterval() {
        String id = Sessions.newSessionId();
        carts.add(id, anyProduct(), 2);
        clock.advance(Duration.ofMinutes(29));

        Sessions.Visitor back = sessions.visitor(id);
        assertThat(back.isNew()).isFalse();
        assertThat(back.sessionId()).isEqualTo(id);
        assertThat(lastSeenAgo(id)).as("touched again").isZero();
        assertThat(sessions.expire()).isZero();

        clock.advance(Duration.ofSeconds(10));
        sessions.visitor(id);
        assertThat(lastSeenAgo(id)).as("not touched again within the interval").isEqualTo(Duration.ofSeconds(10));
        assertThat(carts.count(id)).isEqualTo(2);
    }

    @Test
    void aSignedInSessionEndsWhenIdleAndItsVisitorIsSignedOut() {
        Sessions.Customer customer = sessions.authenticate("shopper1@example.test", "shop-secret").orElseThrow();
        String id = sessions.signIn(Sessions.newSessionId(), customer);
        assertThat(sessions.visitor(id).signedIn()).isTrue();

        clock.advance(Duration.ofHours(2));

        assertThat(sessions.visitor(id).signedIn()).isFalse();
        assertThat(sessions.expire()).isEqualTo(1);
    }

    @Test
    void beyondTheCapTheLongestIdleSessionsEndFirst() {
        List<String> ids = List.of(Sessions.newSessionId(), Sessions.newSessionId(), Sessions.newSessionId(),
                Sessions.newSessionId(), Sessions.newSessionId());
        int product = anyProduct();
        for (String id : ids) {
            carts.add(id, product, 1);
            clock.advance(Duration.ofMinutes(1)); // the first is the longest idle
        }

        assertThat(sessions.expire()).isEqualTo(2);

        assertThat(sessions.count()).isEqualTo(3);
        assertThat(carts.count(ids.get(0))).isZero();
        assertThat(carts.count(ids.get(1))).isZero();
        assertThat(carts.count(ids.get(2))).isEqualTo(1);
        assertThat(carts.count(ids.get(4))).isEqualTo(1);
    }

    @Test
    void signingInCarriesTheAnonymousCartOverAndLeavesOneSession() {
        String anonymous = Sessions.newSessionId();
        carts.add(anonymous, anyProduct(), 1);
        Sessions.Customer customer = sessions.authenticate("shopper2@example.test", "shop-secret").orElseThrow();

        String signedIn = sessions.signIn(anonymous, customer);

        assertThat(sessions.count()).isEqualTo(1);
        assertThat(carts.count(signedIn)).isEqualTo(1);
        assertThat(carts.count(anonymous)).isZero();
    }

    @Test
    void cartsFromBeforeSessionsHadRowsEndOnceIdle() {
        String legacy = Sessions.newSessionId();
        int product = anyProduct();
        db.update("INSERT INTO cart_item (session_id, product_id, qty, added_at_ms) VALUES (?, ?, 1, ?)",
                legacy, product, clock.millis());
        clock.advance(Duration.ofHours(1));

        sessions.expire();

        assertThat(carts.count(legacy)).isZero();
    }

    @Test
    void overHttpAnIdleShopperIsSignedOutWithAnEmptyCartAndTheSweepIsCounted() throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).sessionIdle(Duration.ofSeconds(1))
                .clock(clock).build().start()) {
            Browser b = new Browser(shop.baseUrl());
            assertThat(b.signIn("shopper3@example.test", "shop-secret").status()).isEqualTo(303);
            assertThat(b.addToCart(ShopFixtures.inStockProduct(b, 0), 1).status()).isEqualTo(303);
            Browser.Page before = b.get("/");
            assertThat(before.doc().selectFirst("#cart-count").text()).isEqualTo("1");

            clock.advance(Duration.ofSeconds(2)); // idle past 1 s

            Browser.Page after = b.get("/");
            assertThat(after.doc().selectFirst("#cart-count").text()).isEqualTo("0");
            assertThat(after.doc().select("header a[href=/signin]")).hasSize(1);
            // The sweeper runs every real second whatever the clock says: the one wait left.
            String metrics = b.get("/metrics").body();
            for (long deadline = System.nanoTime() + 5_000_000_000L;
                    !metrics.contains("storefront_sessions_expired_total 1.0") && System.nanoTime() < deadline; ) {
                Thread.sleep(100);
                metrics = b.get("/metrics").body();
            }
            assertThat(metrics).contains("storefront_sessions_expired_total 1.0", "storefront_sessions 0.0");
        }
    }

    private int anyProduct() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT MIN(id) FROM product WHERE stock > 10")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private Duration lastSeenAgo(String id) {
        long ms = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seen_ms FROM web_session WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return Duration.ofMillis(clock.millis() - ms);
    }

    /** A clock that stands still until a test moves it on. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the sessions only read instants");
        }
    }
}
