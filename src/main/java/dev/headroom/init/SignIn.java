package dev.headroom.init;

import java.util.Objects;

/**
 * A test account for {@code headroom init --sign-in USER}: with one, init signs in, puts one product in
 * the cart, opens checkout to read its form (never submitting it), and empties the cart again.
 *
 * @param user the account's user name or email
 * @param password its password (from the environment, never the command line); not in {@link #toString()}
 */
public record SignIn(String user, String password) {
    public SignIn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "SignIn[user=" + user + ", password=[REDACTED]]";
    }
}
