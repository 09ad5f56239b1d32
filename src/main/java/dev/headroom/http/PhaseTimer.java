package dev.headroom.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;

/**
 * Times the phases of ONE call (one redirect hop). Events may arrive from OkHttp's timeout
 * watchdog thread, hence the synchronisation. Retries inside OkHttp add up.
 */
final class PhaseTimer extends EventListener {
    private static final long UNSET = Long.MIN_VALUE; // System.nanoTime() may be negative

    private final long startNs = System.nanoTime();
    private long dnsStart;
    private long connectStart = UNSET;
    private long tlsStart;
    private boolean inTls;
    private long sent = UNSET;
    private long firstByte = UNSET;
    private long resolveNs;
    private long connectNs;
    private long tlsNs;
    private long processingNs;
    private long transferNs;

    @Override
    public synchronized void dnsStart(Call call, String domainName) {
        dnsStart = System.nanoTime();
    }

    @Override
    public synchronized void dnsEnd(Call call, String domainName, List<InetAddress> list) {
        resolveNs += System.nanoTime() - dnsStart;
    }

    @Override
    public synchronized void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        connectStart = System.nanoTime();
        inTls = false;
    }

    @Override
    public synchronized void secureConnectStart(Call call) {
        long now = System.nanoTime();
        connectNs += now - connectStart;
        tlsStart = now;
        inTls = true;
    }

    @Override
    public synchronized void secureConnectEnd(Call call, Handshake handshake) {
        tlsNs += System.nanoTime() - tlsStart;
        inTls = false;
        connectStart = UNSET;
    }

    @Override
    public synchronized void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        endConnect();
    }

    @Override
    public synchronized void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
            IOException ioe) {
        endConnect();
    }

    private void endConnect() {
        long now = System.nanoTime();
        if (inTls) {
            tlsNs += now - tlsStart;
            inTls = false;
        } else if (connectStart != UNSET) {
            connectNs += now - connectStart;
        }
        connectStart = UNSET;
    }

    @Override
    public synchronized void requestHeadersEnd(Call call, Request request) {
        sent = System.nanoTime();
    }

    @Override
    public synchronized void requestBodyEnd(Call call, long byteCount) {
        sent = System.nanoTime();
    }

    @Override
    public synchronized void responseHeadersStart(Call call) {
        long now = System.nanoTime();
        if (sent != UNSET) {
            processingNs += now - sent;
        }
        firstByte = now;
    }

    /** Called by the checker when it stopped reading the body (end, cap or failure). */
    synchronized Timings finish() {
        long now = System.nanoTime();
        if (firstByte != UNSET) {
            transferNs += now - firstByte;
            firstByte = UNSET;
        } else if (sent != UNSET) {
            processingNs += now - sent; // waited for a response that never came
            sent = UNSET;
        }
        return new Timings(Duration.ofNanos(resolveNs), Duration.ofNanos(connectNs), Duration.ofNanos(tlsNs),
                Duration.ofNanos(processingNs), Duration.ofNanos(transferNs), Duration.ofNanos(now - startNs));
    }
}
