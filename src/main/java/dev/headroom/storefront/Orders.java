package dev.headroom.storefront;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Placing, showing, changing and cancelling orders. Every change to stock happens inside the same
 * transaction as the order change it belongs to, guarded by {@code stock >= ?} so that two
 * customers can never buy the same last unit (unless the {@link Fault#OVERSELL} fault is on).
 *
 * <p>Fulfilment advances with time: an order is {@code packed} once {@code packAfter} has passed
 * since it was placed and {@code shipped} after {@code shipAfter}; the admin endpoint can push it
 * forward sooner. The stored status is the floor; the effective status is computed on read, so no
 * background task is needed and every instance agrees.
 */
final class Orders {
    enum Status {
        PLACED, PAID, PACKED, SHIPPED, CANCELLED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Line(int productId, String name, int unitPriceCents, int qty) {
        long totalCents() {
            return (long) unitPriceCents * qty;
        }
    }

    record Shipping(String name, String address, String city, String postcode, String country) {
    }

    record Order(long id, String number, int customerId, Status status, long placedAtMs, long totalCents,
            Shipping shipping, String cardLast4, List<Line> lines) {
    }

    private static final long OVERSELL_PAUSE_MS = 50;

    private final Database db;
    private final long packAfterMs;
    private final long shipAfterMs;

    Orders(Database db, Duration packAfter, Duration shipAfter) {
        this.db = db;
        this.packAfterMs = packAfter.toMillis();
        this.shipAfterMs = shipAfter.toMillis();
    }

    static String numberFor(long id) {
        return String.format(Locale.ROOT, "HR-%06d", id);
    }

    /**
     * Places the cart as a paid order in one transaction: decrements stock line by line, records
     * the order and empties the cart; any short line rolls the whole thing back.
     *
     * @param oversell skip the stock guard (the {@link Fault#OVERSELL} fault)
     * @return the order number
     * @throws ShopException 409 naming the product that ran out, 409 if the cart is empty
     */
    String place(int customerId, String sessionId, Shipping shipping, String cardLast4, String instance, boolean oversell) {
        return db.write(c -> {
            List<Carts.Line> cart = Carts.lines(c, sessionId);
            if (cart.isEmpty()) {
                throw new ShopException(409, "Your cart is empty", "There is nothing in your cart to order.");
            }
            long total = 0;
            for (Carts.Line line : cart) {
                takeStock(c, line.product().id(), line.product().name(), line.qty(), oversell);
                total += line.totalCents();
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shop_order (customer_id, status, placed_at_ms,"
                    + " total_cents, ship_name, address, city, postcode, country, card_last4, placed_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                // Payment was approved before we got here, so the order is paid at once.
                Database.bind(ps, customerId, Status.PAID.name(), System.currentTimeMillis(), total, shipping.name(),
                        shipping.address(), shipping.city(), shipping.postcode(), shipping.country(), cardLast4, instance);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            String number = numberFor(id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE shop_order SET number = ? WHERE id = ?")) {
                Database.bind(ps, number, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_line"
                    + " (order_id, product_id, product_name, unit_price_cents, qty) VALUES (?, ?, ?, ?, ?)")) {
                for (Carts.Line line : cart) {
                    Database.bind(ps, id, line.product().id(), line.product().name(), line.product().priceCents(), line.qty());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Carts.clear(c, sessionId);
            return number;
        });
    }

    private static void takeStock(Connection c, int productId, String name, int qty, boolean oversell) throws SQLException {
        if (oversell) {
            // The classic check-then-act bug: the check reads a value another checkout is about to
            // change, and the pause makes sure it does.
            int stock = Catalogue.product(c, productId).map(Catalogue.Product::stock).orElse(0);
            if (stock < qty) {
                throw outOfStock(name);
            }
            try {
                Thread.sleep(OVERSELL_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE product SET stock = stock - ? WHERE id = ?")) {
                Database.bind(ps, qty, productId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE product SET stock = stock - ? WHERE id = ? AND stock >= ?")) {
            Database.bind(ps, qty, productId, qty);
            if (ps.executeUpdate() == 0) {
                throw outOfStock(name);
            }
        }
    }

    private static ShopException outOfStock(String name) {
        return new ShopException(409, "Out of stock",
                "Sorry, " + name + " sold out while you were checking out. Nothing was charged; please update your cart.");
    }

    /** The order if it exists and belongs to the customer (others' orders are "not found"). */
    Optional<Order> find(String number, int customerId) {
        return db.read(c -> load(c, number, false)).filter(o -> o.customerId() == customerId);
    }

    Optional<Order> find(String number) {
        return db.read(c -> load(c, number, false));
    }

    List<Order> forCustomer(int customerId) {
        return db.read(c -> {
            List<String> numbers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT number FROM shop_order WHERE customer_id = ? ORDER BY id DESC LIMIT 100")) {
                ps.setInt(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        numbers.add(rs.getString(1));
                    }
                }
            }
            List<Order> orders = new ArrayList<>();
            for (String number : numbers) {
                load(c, number, false).ifPresent(orders::add);
            }
            return orders;
        });
    }

    /**
     * Changes line quantities (0 removes a line); stock is returned or taken in the same
     * transaction, and an increase the stock can't cover is refused.
     *
     * @param quantities new quantity per product id; products not mentioned stay as they are
     */
    Order change(String number, int customerId, Map<Integer, Integer> quantities) {
        return db.write(c -> {
            Order order = loadForUpdate(c, number, customerId);
            long total = 0;
            int remaining = 0;
            for (Line line : order.lines()) {
                int wanted = quantities.getOrDefault(line.productId(), line.qty());
                if (wanted < 0 || wanted > Carts.MAX_QTY) {
                    throw new ShopException(400, "Invalid quantity", "Quantity must be between 0 and " + Carts.MAX_QTY + ".");
                }
                remaining += wanted;
                total += (long) line.unitPriceCents() * wanted;
            }
            if (remaining == 0) {
                throw new ShopException(400, "Nothing left in the order",
                        "To remove every item, cancel the order instead.");
            }
            for (Line line : order.lines()) {
                int wanted = quantities.getOrDefault(line.productId(), line.qty());
                int delta = wanted - line.qty();
                if (delta > 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE product SET stock = stock - ? WHERE id = ? AND stock >= ?")) {
                        Database.bind(ps, delta, line.productId(), delta);
                        if (ps.executeUpdate() == 0) {
                            throw new ShopException(409, "Not enough stock", "There isn't enough stock of "
                                    + line.name() + " to add " + delta + " more. Your order is unchanged.");
                        }
                    }
                } else if (delta < 0) {
                    returnStock(c, line.productId(), -delta);
                }
                if (delta != 0) {
                    if (wanted == 0) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "DELETE FROM order_line WHERE order_id = ? AND product_id = ?")) {
                            Database.bind(ps, order.id(), line.productId());
                            ps.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement ps = c.prepareStatement(
                                "UPDATE order_line SET qty = ? WHERE order_id = ? AND product_id = ?")) {
                            Database.bind(ps, wanted, order.id(), line.productId());
                            ps.executeUpdate();
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE shop_order SET total_cents = ? WHERE id = ?")) {
                Database.bind(ps, total, order.id());
                ps.executeUpdate();
            }
            return load(c, number, false).orElseThrow();
        });
    }

    /** Cancels the order and puts its units back in stock. */
    Order cancel(String number, int customerId) {
        return db.write(c -> {
            Order order = loadForUpdate(c, number, customerId);
            for (Line line : order.lines()) {
                returnStock(c, line.productId(), line.qty());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE shop_order SET status = ? WHERE id = ?")) {
                Database.bind(ps, Status.CANCELLED.name(), order.id());
                ps.executeUpdate();
            }
            return load(c, number, false).orElseThrow();
        });
    }

    /**
     * Moves the order one step along paid → packed → shipped (the admin endpoint).
     *
     * @return the order after the step; unchanged if already shipped or cancelled
     */
    Optional<Order> advance(String number) {
        return db.write(c -> {
            Optional<Order> found = load(c, number, true);
            if (found.isEmpty()) {
                return found;
            }
            Order order = found.get();
            Status next = switch (order.status()) {
                case PLACED -> Status.PAID;
                case PAID -> Status.PACKED;
                case PACKED, SHIPPED -> Status.SHIPPED;
                case CANCELLED -> Status.CANCELLED;
            };
            try (PreparedStatement ps = c.prepareStatement("UPDATE shop_order SET status = ? WHERE id = ?")) {
                Database.bind(ps, next.name(), order.id());
                ps.executeUpdate();
            }
            return load(c, number, false);
        });
    }

    private Order loadForUpdate(Connection c, String number, int customerId) throws SQLException {
        Order order = load(c, number, true).filter(o -> o.customerId() == customerId).orElseThrow(ShopException::notFound);
        if (order.status() == Status.SHIPPED) {
            throw new ShopException(409, "Order already shipped",
                    "Order " + number + " has already shipped, so it can no longer be changed or cancelled.");
        }
        if (order.status() == Status.CANCELLED) {
            throw new ShopException(409, "Order cancelled", "Order " + number + " was cancelled, so it can no longer be changed.");
        }
        return order;
    }

    private static void returnStock(Connection c, int productId, int qty) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE product SET stock = stock + ? WHERE id = ?")) {
            Database.bind(ps, qty, productId);
            ps.executeUpdate();
        }
    }

    private Optional<Order> load(Connection c, String number, boolean forUpdate) throws SQLException {
        Order header;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, number, customer_id, status, placed_at_ms, total_cents,"
                + " ship_name, address, city, postcode, country, card_last4 FROM shop_order WHERE number = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long placedAt = rs.getLong(5);
                header = new Order(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        effectiveStatus(Status.valueOf(rs.getString(4)), placedAt), placedAt, rs.getLong(6),
                        new Shipping(rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11)),
                        rs.getString(12), List.of());
            }
        }
        List<Line> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT product_id, product_name, unit_price_cents, qty"
                + " FROM order_line WHERE order_id = ? ORDER BY product_id")) {
            ps.setLong(1, header.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Line(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return Optional.of(new Order(header.id(), header.number(), header.customerId(), header.status(),
                header.placedAtMs(), header.totalCents(), header.shipping(), header.cardLast4(), List.copyOf(lines)));
    }

    private Status effectiveStatus(Status stored, long placedAtMs) {
        if (stored == Status.CANCELLED || stored == Status.PLACED) {
            return stored;
        }
        long age = System.currentTimeMillis() - placedAtMs;
        Status byTime = age >= shipAfterMs ? Status.SHIPPED : age >= packAfterMs ? Status.PACKED : Status.PAID;
        return byTime.ordinal() > stored.ordinal() ? byTime : stored;
    }
}
