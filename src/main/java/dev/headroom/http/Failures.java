package dev.headroom.http;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Maps the exceptions OkHttp and the JDK throw to a {@link FailureKind}. */
final class Failures {
    private Failures() {
    }

    static FailureKind classify(Throwable e) {
        if (unfinishedHeaders(e)) {
            return FailureKind.PROTOCOL; // wrapped in "unexpected end of stream", which reads as a reset
        }
        // Walk the cause chain: OkHttp and interceptors sometimes wrap the informative exception.
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            FailureKind kind = classifyOne(t);
            if (kind != null) {
                return kind;
            }
        }
        return FailureKind.IO;
    }

    private static FailureKind classifyOne(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof NotAllowedException) {
            return FailureKind.NOT_ALLOWED;
        }
        if (t instanceof UnknownHostException) {
            return FailureKind.DNS;
        }
        if (t instanceof SSLException) {
            return FailureKind.TLS;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            // "connect timed out" arrives as SocketTimeoutException, so this is a refusal (or no route).
            return t instanceof ConnectException && msg.contains("timed out") ? FailureKind.TIMEOUT
                    : FailureKind.CONNECTION_REFUSED;
        }
        // SocketTimeoutException is an InterruptedIOException; so is OkHttp's call-timeout "timeout".
        if (t instanceof InterruptedIOException) {
            return FailureKind.TIMEOUT;
        }
        // Before ProtocolException: OkHttp reports a body cut short as ProtocolException("unexpected end of stream").
        if (msg.contains("unexpected end of stream") || msg.contains("connection reset") || msg.contains("broken pipe")
                || msg.contains("stream was reset") || t instanceof EOFException
                || t.getClass().getName().equals("okhttp3.internal.http2.StreamResetException")) {
            return FailureKind.CONNECTION_RESET;
        }
        if (t instanceof ProtocolException) {
            return FailureKind.PROTOCOL;
        }
        if (t instanceof SocketException && msg.contains("closed")) {
            return FailureKind.CONNECTION_RESET;
        }
        return null;
    }

    /** OkHttp's "\\n not found: limit=..." from reading a header line, anywhere in the cause chain. */
    private static boolean unfinishedHeaders(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException && t.getMessage() != null && t.getMessage().contains("\\n not found: limit=")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        if (e instanceof NotAllowedException) {
            return e.getMessage();
        }
        if (unfinishedHeaders(e)) {
            // OkHttp reads headers with a 256 KiB budget; the same error means the peer hung up mid-headers.
            return "the response headers never ended: larger than 256 KiB, or the connection closed inside them";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
