package dev.headroom.storefront;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who is asking: session ids, sign-in and CSRF tokens.
 *
 * <p>Every visitor gets a random session id in a cookie on the first page view, but a database row
 * only once they sign in; an anonymous visitor's cart is keyed by the id alone. That keeps
 * cookie-less load-test traffic from filling the database with empty sessions. The CSRF token is
 * an HMAC of the session id under a secret stored in the database, so it is per session, needs no
 * storage, and is valid on every instance sharing the database.
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
    /** Every page carries a token, so reuse one initialised Mac per thread instead of one per request. */
    private final ThreadLocal<Mac> mac;

    Sessions(Database db) {
        this.db = db;
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

    /** The visitor for a session cookie value (null or malformed → a brand-new anonymous session). */
    Visitor visitor(String cookie) {
        if (cookie == null || !SESSION_ID.matcher(cookie).matches()) {
            return new Visitor(newSessionId(), true, null);
        }
        Customer customer = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.email, c.name FROM web_session s"
                    + " JOIN customer c ON c.id = s.customer_id WHERE s.id = ?")) {
                ps.setString(1, cookie);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Customer(rs.getInt(1), rs.getString(2), rs.getString(3)) : null;
                }
            }
        });
        return new Visitor(cookie, false, customer);
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
                    "INSERT INTO web_session (id, customer_id, created_at_ms) VALUES (?, ?, ?)")) {
                Database.bind(ps, newId, customer.id(), System.currentTimeMillis());
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
