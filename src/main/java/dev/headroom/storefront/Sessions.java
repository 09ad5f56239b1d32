package dev.headroom.storefront;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who is asking: session ids, sign-in, CSRF tokens, and the end of idle sessions.
 *
 * <p>Every visitor gets a random session id in a cookie on the first page view, but a database row
 * only once they keep something on the server: a cart ({@link #keep}) or a sign-in. That keeps
 * cookie-less load-test traffic from filling the database with empty sessions. A row remembers when
 * its visitor was last seen (written at most once a {@link #touchEvery}, not on every page); a
 * session idle for longer than the idle timeout is over: its visitor starts a new anonymous session
 * and {@link #expire} deletes it and its cart. The CSRF token is an HMAC of the session id under a
 * secret stored in the database, so it is per session, needs no storage, and is valid on every
 * instance sharing the database.
 */
final class Sessions {
    static final String COOKIE = "HRSESSION";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Customer(int id, String email, String name) {
    }

    /** The visitor behind a request; {@code customer} is null when not signed in. */
    record Visitor(String sessionId, boolean isNew, Customer customer) {
        boolean signedIn() {
            return customer != null;
        }
    }

    private final Database db;
    private final Clock clock;
    private final long idleMs;
    private final long touchEveryMs;
    private final int maxSessions;
    /** Every page carries a token, so reuse one initialised Mac per thread instead of one per request. */
    private final ThreadLocal<Mac> mac;

    /**
     * @param idle how long a session may go unseen before it ends
     * @param maxSessions the most sessions kept; {@link #expire} ends the longest-idle ones beyond it
     * @param clock what "now" is for last-seen and idleness (a test advances it instead of sleeping)
     */
    Sessions(Database db, Duration idle, int maxSessions, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.idleMs = idle.toMillis();
        // "last seen" is exact to a tenth of the idle timeout (at most a minute): one write per
        // session per interval instead of one per page view
        this.touchEveryMs = Math.min(idleMs / 10, 60_000L);
        this.maxSessions = maxSessions;
        SecretKeySpec key = new SecretKeySpec(db.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
            }
        });
    }

    static String newSessionId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The visitor for a session cookie value. A null or malformed cookie, or a session that has been
     * idle too long, gets a brand-new anonymous session.
     */
    Visitor visitor(String cookie) {
        if (cookie == null || !SESSION_ID.matcher(cookie).matches()) {
            return new Visitor(newSessionId(), true, null);
        }
        long now = clock.millis();
        Seen seen = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.last_seen_ms, c.id, c.email, c.name"
                    + " FROM web_session s LEFT JOIN customer c ON c.id = s.customer_id WHERE s.id = ?")) {
                ps.setString(1, cookie);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Customer customer = rs.getObject(2) == null ? null
                            : new Customer(rs.getInt(2), rs.getString(3), rs.getString(4));
                    return new Seen(rs.getLong(1), customer);
                }
            }
        });
        if (seen == null) {
            return new Visitor(cookie, false, null); // anonymous, nothing kept on the server yet
        }
        if (now - seen.lastSeenMs() > idleMs) {
            return new Visitor(newSessionId(), true, null);
        }
        if (now - seen.lastSeenMs() > touchEveryMs) {
            db.update("UPDATE web_session SET last_seen_ms = ? WHERE id = ? AND last_seen_ms < ?", now, cookie, now);
        }
        return new Visitor(cookie, false, seen.customer());
    }

    private record Seen(long lastSeenMs, Customer customer) {
    }

    /**
     * Gives an anonymous session a row (if it has none) so that what it keeps, its cart, ends with
     * it; called inside the transaction that adds to the cart.
     *
     * @param now the caller's clock, in epoch milliseconds, as its visitor was last seen
     */
    static void keep(Connection c, String sessionId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO web_session s USING (VALUES (CAST(? AS VARCHAR(64))))"
                + " AS v(id) ON s.id = v.id WHEN MATCHED THEN UPDATE SET last_seen_ms = ?"
                + " WHEN NOT MATCHED THEN INSERT (id, customer_id, created_at_ms, last_seen_ms) VALUES (v.id, NULL, ?, ?)")) {
            Database.bind(ps, sessionId, now, now, now);
            ps.executeUpdate();
        }
    }

    /**
     * Ends the sessions idle for longer than the idle timeout, then the longest-idle ones beyond the
     * cap, with their carts, and carts left without a session (from before sessions had rows).
     *
     * @return how many sessions ended
     */
    int expire() {
        long cutoff = clock.millis() - idleMs;
        return db.write(c -> {
            int ended = deleteSessions(c, "WHERE last_seen_ms < ?", cutoff);
            int over = count(c) - maxSessions;
            if (over > 0) {
                ended += deleteSessions(c, "WHERE id IN (SELECT id FROM web_session ORDER BY last_seen_ms LIMIT ?)", over);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cart_item i WHERE i.added_at_ms < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM web_session s WHERE s.id = i.session_id)")) {
                ps.setLong(1, cutoff);
                ps.executeUpdate();
            }
            return ended;
        });
    }

    private static int deleteSessions(Connection c, String where, long parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM cart_item WHERE session_id IN (SELECT id FROM web_session " + where + ")")) {
            ps.setLong(1, parameter);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session " + where)) {
            ps.setLong(1, parameter);
            return ps.executeUpdate();
        }
    }

    /** Sessions with a row: signed in, or anonymous with a cart. */
    int count() {
        return db.read(Sessions::count);
    }

    private static int count(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM web_session")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    Optional<Customer> authenticate(String email, String password) {
        if (email == null || password == null) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, email, name, password_salt, password_hash FROM customer WHERE email = ?")) {
                ps.setString(1, email.strip().toLowerCase(java.util.Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && Passwords.matches(password, rs.getString(4), rs.getString(5))) {
                        return Optional.of(new Customer(rs.getInt(1), rs.getString(2), rs.getString(3)));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    /**
     * Signs the customer in under a fresh session id (so a session id planted before sign-in is
     * worthless afterwards) and carries the anonymous cart over.
     *
     * @return the new session id
     */
    String signIn(String oldSessionId, Customer customer) {
        String newId = newSessionId();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO web_session (id, customer_id, created_at_ms, last_seen_ms) VALUES (?, ?, ?, ?)")) {
                long now = clock.millis();
                Database.bind(ps, newId, customer.id(), now, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session WHERE id = ?")) {
                ps.setString(1, oldSessionId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE cart_item SET session_id = ? WHERE session_id = ?")) {
                Database.bind(ps, newId, oldSessionId);
                ps.executeUpdate();
            }
            return null;
        });
        return newId;
    }

    /** Ends the session and drops its cart; the caller hands the visitor a fresh anonymous id. */
    void signOut(String sessionId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cart_item WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session WHERE id = ?")) {
                ps.setString(1, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    String csrfToken(String sessionId) {
        byte[] sig = mac.get().doFinal(("csrf:" + sessionId).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    boolean csrfValid(String sessionId, String token) {
        return token != null && MessageDigest.isEqual(csrfToken(sessionId).getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
