package dev.headroom.http;

import java.io.IOException;

/**
 * Thrown inside the checker's OkHttp chain when a request's host is not on the allowlist, so that
 * the call stops before DNS and connect; {@link Failures} turns it into {@link FailureKind#NOT_ALLOWED}.
 */
final class NotAllowedException extends IOException {
    private static final long serialVersionUID = 1L;

    NotAllowedException(TargetAllowlist allowlist, String host) {
        super(message(allowlist, host));
    }

    /** The one wording of a refusal, used by the checker and the load simulations' redirect guard. */
    static String message(TargetAllowlist allowlist, String host) {
        return allowlist.refusal(host);
    }
}
