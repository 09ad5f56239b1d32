package dev.headroom.storefront;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's H2 database behind a HikariCP pool: creates the schema, seeds the catalogue on first
 * start and runs units of work in transactions. Everything the shop knows lives here — catalogue,
 * sessions, carts, orders — so instances sharing one database file behind a load balancer share
 * the customer's state.
 */
final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** A unit of work on one connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final boolean inMemory;
    private final String secret;

    Database(Path file, int products, long seed) {
        this.inMemory = file == null;
        String url;
        if (inMemory) {
            url = "jdbc:h2:mem:storefront-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        } else {
            String p = file.toAbsolutePath().normalize().toString();
            if (p.endsWith(".mv.db")) {
                p = p.substring(0, p.length() - ".mv.db".length());
            }
            // AUTO_SERVER lets several storefront processes open the same file: the first one
            // serves it over TCP to the others. Inside one JVM, H2 shares the open database.
            url = "jdbc:h2:file:" + p + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        // Enough connections for the two cores plus requests waiting on row locks at checkout;
        // more would only add contention inside H2.
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        config.setPoolName("storefront-db");
        config.setAutoCommit(true);
        this.pool = new HikariDataSource(config);
        try {
            createSchema();
            new CatalogueSeeder(this, products, seed).seedIfEmpty();
            this.secret = read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT secret FROM shop_meta WHERE id = 1")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private void createSchema() {
        String[] ddl = {
            "CREATE TABLE IF NOT EXISTS shop_meta (id INT PRIMARY KEY, seed BIGINT NOT NULL, products INT NOT NULL,"
                    + " secret VARCHAR(64) NOT NULL, created_at_ms BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS category (id INT PRIMARY KEY, slug VARCHAR(64) NOT NULL UNIQUE,"
                    + " name VARCHAR(100) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS product (id INT PRIMARY KEY, category_id INT NOT NULL REFERENCES category(id),"
                    + " name VARCHAR(200) NOT NULL, description VARCHAR(1000) NOT NULL, price_cents INT NOT NULL,"
                    + " stock INT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS product_by_category ON product(category_id, id)",
            "CREATE TABLE IF NOT EXISTS customer (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE,"
                    + " name VARCHAR(100) NOT NULL, password_salt VARCHAR(64) NOT NULL, password_hash VARCHAR(128) NOT NULL)",
            // customer_id is null for an anonymous visitor who keeps a cart
            "CREATE TABLE IF NOT EXISTS web_session (id VARCHAR(64) PRIMARY KEY,"
                    + " customer_id INT REFERENCES customer(id), created_at_ms BIGINT NOT NULL,"
                    + " last_seen_ms BIGINT NOT NULL)",
            // database files from before sessions expired
            "ALTER TABLE web_session ADD COLUMN IF NOT EXISTS last_seen_ms BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE web_session ALTER COLUMN customer_id SET NULL",
            "UPDATE web_session SET last_seen_ms = created_at_ms WHERE last_seen_ms = 0",
            "CREATE INDEX IF NOT EXISTS session_by_last_seen ON web_session(last_seen_ms)",
            "CREATE TABLE IF NOT EXISTS cart_item (session_id VARCHAR(64) NOT NULL,"
                    + " product_id INT NOT NULL REFERENCES product(id), qty INT NOT NULL, added_at_ms BIGINT NOT NULL,"
                    + " PRIMARY KEY (session_id, product_id))",
            "CREATE TABLE IF NOT EXISTS shop_order (id BIGINT AUTO_INCREMENT PRIMARY KEY, number VARCHAR(20) UNIQUE,"
                    + " customer_id INT NOT NULL REFERENCES customer(id), status VARCHAR(16) NOT NULL,"
                    + " placed_at_ms BIGINT NOT NULL, total_cents BIGINT NOT NULL, ship_name VARCHAR(200) NOT NULL,"
                    + " address VARCHAR(300) NOT NULL, city VARCHAR(100) NOT NULL, postcode VARCHAR(20) NOT NULL,"
                    + " country VARCHAR(100) NOT NULL, card_last4 VARCHAR(4) NOT NULL, placed_by VARCHAR(64) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS order_by_customer ON shop_order(customer_id, id)",
            "CREATE TABLE IF NOT EXISTS order_line (order_id BIGINT NOT NULL REFERENCES shop_order(id),"
                    + " product_id INT NOT NULL, product_name VARCHAR(200) NOT NULL, unit_price_cents INT NOT NULL,"
                    + " qty INT NOT NULL, PRIMARY KEY (order_id, product_id))",
        };
        write(c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : ddl) {
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    /** The random secret shared by every instance on this database (signs CSRF tokens). */
    String secret() {
        return secret;
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Runs read-only work on a pooled connection in auto-commit mode. */
    <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * Runs work in one transaction: commits if it returns, rolls back if it throws. A
     * {@link RuntimeException} thrown by the work (e.g. "out of stock") passes through unchanged
     * after the rollback.
     */
    <T> T write(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Executes one update statement with parameters in auto-commit mode; returns the row count. */
    int update(String sql, Object... params) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    @Override
    public void close() {
        if (inMemory) {
            // DB_CLOSE_DELAY=-1 keeps an in-memory database alive for the life of the JVM; drop it
            // explicitly so tests that start many shops don't pile up catalogues in the heap.
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException e) {
                log.debug("shutting down the in-memory database failed", e);
            }
        }
        pool.close();
    }

    /** Whether a failure is a unique or primary key violation (H2 error 23505), e.g. a lost insert race. */
    static boolean isDuplicateKey(DatabaseException e) {
        return e.getCause() instanceof SQLException sql && sql.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1;
    }

    /** A database failure; the shop shows its generic 500 page for it, never the SQL. */
    static final class DatabaseException extends RuntimeException {
        DatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
