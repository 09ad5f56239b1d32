package dev.headroom.http;

/**
 * Why a check got no (complete) response. Network and protocol problems are data in Headroom: the
 * checker maps each exception to one of these and never throws it.
 */
public enum FailureKind {
    /** The check completed; the status code may still be an error. */
    NONE,
    /** The host name did not resolve. */
    DNS,
    /** Nothing listens on the port (TCP RST on connect). */
    CONNECTION_REFUSED,
    /** The peer closed or reset the connection before the response was complete. */
    CONNECTION_RESET,
    /** A connect, read or whole-check deadline passed. */
    TIMEOUT,
    /** TLS handshake or certificate problem. */
    TLS,
    /** A redirect pointed back to a request already made in this chain. */
    REDIRECT_LOOP,
    /** The chain needed more redirects than the configured maximum. */
    TOO_MANY_REDIRECTS,
    /** The server broke HTTP (malformed status line, headers, chunking, redirect without usable Location). */
    PROTOCOL,
    /**
     * Not sent: the host is not on the checker's {@link TargetAllowlist} (the request itself, a
     * redirect's {@code Location}, or a URL an interceptor rewrote). Nothing left the machine for it.
     */
    NOT_ALLOWED,
    /** Any other I/O problem. */
    IO;

    /** For people: {@code connection refused}, {@code too many redirects}, {@code not allowed}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
