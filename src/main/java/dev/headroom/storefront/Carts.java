package dev.headroom.storefront;

import dev.headroom.storefront.Catalogue.Product;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Carts, stored per session id in the database so that another instance on the same database sees
 * the same cart after a failover. Adding checks the stock at that moment; it reserves nothing —
 * the guarded update at checkout is what prevents overselling.
 */
final class Carts {
    static final int MAX_QTY = 99;

    record Line(Product product, int qty) {
        long totalCents() {
            return (long) product.priceCents() * qty;
        }
    }

    private final Database db;
    private final Clock clock;

    Carts(Database db) {
        this(db, Clock.systemUTC());
    }

    /** @param clock when a line is added and its session last seen: the same clock as {@link Sessions}' */
    Carts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    List<Line> lines(String sessionId) {
        return db.read(c -> lines(c, sessionId));
    }

    static List<Line> lines(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.category_id, p.name, p.description,"
                + " p.price_cents, p.stock, i.qty FROM cart_item i JOIN product p ON p.id = i.product_id"
                + " WHERE i.session_id = ? ORDER BY i.added_at_ms, p.id")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Line> lines = new ArrayList<>();
                while (rs.next()) {
                    lines.add(new Line(new Product(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getInt(6)), rs.getInt(7)));
                }
                return lines;
            }
        }
    }

    /** Units in the cart, for the header badge. */
    int count(String sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(qty), 0) FROM cart_item WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Adds units of a product.
     *
     * <p>The first add of a product to a cart inserts its line. {@code SELECT ... FOR UPDATE} locks
     * nothing when there is no line yet, so two first adds racing for the same cart (a
     * double-click, a retried POST, a shopper in two tabs) both decide to insert, and the second
     * insert waits for the first transaction and then fails on the primary key. That loser is not an
     * error: the line exists now, so the whole unit of work runs again, this time finds and locks
     * the committed line and adds to it, re-checking the stock against the new total.
     *
     * @throws ShopException 404 for an unknown product, 409 if the stock can't cover the new total
     */
    void add(String sessionId, int productId, int qty) {
        checkQty(qty, 1);
        for (int attempt = 1; ; attempt++) {
            try {
                db.write(c -> addOnce(c, sessionId, productId, qty, clock.millis()));
                return;
            } catch (Database.DatabaseException e) {
                if (attempt >= ADD_ATTEMPTS || !Database.isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    /** Tries of {@link #add}: one insert race per try can be lost, and a lost race leaves a line to update. */
    private static final int ADD_ATTEMPTS = 5;

    private static Void addOnce(Connection c, String sessionId, int productId, int qty, long now) throws SQLException {
        Sessions.keep(c, sessionId, now);
        Product product = Catalogue.product(c, productId).orElseThrow(ShopException::notFound);
        int existing = 0;
        boolean hasLine = false;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT qty FROM cart_item WHERE session_id = ? AND product_id = ? FOR UPDATE")) {
            Database.bind(ps, sessionId, productId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    existing = rs.getInt(1);
                    hasLine = true;
                }
            }
        }
        int total = existing + qty;
        checkStock(product, total);
        if (!hasLine) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cart_item (session_id, product_id, qty, added_at_ms) VALUES (?, ?, ?, ?)")) {
                Database.bind(ps, sessionId, productId, total, now);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE cart_item SET qty = ? WHERE session_id = ? AND product_id = ?")) {
                Database.bind(ps, total, sessionId, productId);
                ps.executeUpdate();
            }
        }
        return null;
    }

    /** Sets a line's quantity; 0 removes it. */
    void update(String sessionId, int productId, int qty) {
        checkQty(qty, 0);
        if (qty == 0) {
            remove(sessionId, productId);
            return;
        }
        db.write(c -> {
            Product product = Catalogue.product(c, productId).orElseThrow(ShopException::notFound);
            checkStock(product, qty);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE cart_item SET qty = ? WHERE session_id = ? AND product_id = ?")) {
                Database.bind(ps, qty, sessionId, productId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    void remove(String sessionId, int productId) {
        db.update("DELETE FROM cart_item WHERE session_id = ? AND product_id = ?", sessionId, productId);
    }

    static void clear(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cart_item WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            ps.executeUpdate();
        }
    }

    private static void checkQty(int qty, int min) {
        if (qty < min || qty > MAX_QTY) {
            throw new ShopException(400, "Invalid quantity", "Quantity must be between " + min + " and " + MAX_QTY + ".");
        }
    }

    private static void checkStock(Product product, int wanted) {
        if (product.stock() <= 0) {
            throw new ShopException(409, "Out of stock", product.name() + " is out of stock.");
        }
        if (wanted > product.stock()) {
            throw new ShopException(409, "Not enough stock", "Only " + product.stock() + " of " + product.name()
                    + " left; you asked for " + wanted + ".");
        }
    }
}
