package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void eachExceptionMapsToItsFailureKind() {
        assertThat(Failures.classify(new UnknownHostException("shop.invalid"))).isEqualTo(FailureKind.DNS);
        assertThat(Failures.classify(new ConnectException("Connection refused"))).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(Failures.classify(new SocketTimeoutException("Read timed out"))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(Failures.classify(new InterruptedIOException("timeout"))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(Failures.classify(new SSLHandshakeException("PKIX path building failed"))).isEqualTo(FailureKind.TLS);
        assertThat(Failures.classify(new ProtocolException("unexpected end of stream"))).isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(Failures.classify(new SocketException("Connection reset"))).isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(Failures.classify(new EOFException())).isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(Failures.classify(new ProtocolException("Unexpected status line: HTTP/9"))).isEqualTo(FailureKind.PROTOCOL);
        assertThat(Failures.classify(new IOException("disk on fire"))).isEqualTo(FailureKind.IO);
    }

    @Test
    void wrappedCausesAreFound() {
        assertThat(Failures.classify(new IOException("wrapped", new UnknownHostException("x")))).isEqualTo(FailureKind.DNS);
    }
}
