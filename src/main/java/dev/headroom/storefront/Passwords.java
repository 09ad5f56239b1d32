package dev.headroom.storefront;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Salted PBKDF2 password hashes from the JDK. */
final class Passwords {
    /**
     * Deliberately low. The storefront is a load-test target: a sign-in storm should measure the
     * shop (sessions, DB, pages), not burn both cores in the key-derivation function. A real shop
     * would use 600,000 iterations or a memory-hard function.
     */
    private static final int ITERATIONS = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    static String hash(String password, String saltHex) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), HexFormat.of().parseHex(saltHex), ITERATIONS, 256);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return HexFormat.of().formatHex(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    /** Compares in constant time so response timing doesn't reveal how much of the hash matched. */
    static boolean matches(String password, String saltHex, String expectedHashHex) {
        return MessageDigest.isEqual(hash(password, saltHex).getBytes(), expectedHashHex.getBytes());
    }
}
