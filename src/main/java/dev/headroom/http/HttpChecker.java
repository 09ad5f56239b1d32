package dev.headroom.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Makes HTTP checks: the one way Headroom talks HTTP. Thread-safe; build one per run with {@link
 * #builder()} and share it, since it owns ONE {@link OkHttpClient} (connection pool and
 * dispatcher) that every check and every {@link CheckSession} uses. {@link #close()} it at the end.
 *
 * <p>{@link #execute} never throws for network or HTTP problems: status codes, timeouts, refused
 * connections and redirect loops all come back as a {@link CheckResult}. It throws only for
 * programming errors (and whatever an interceptor throws that is not an {@link IOException}).
 *
 * <p><b>Traffic safety.</b> Every hop is checked against the checker's {@link TargetAllowlist}
 * (loopback only unless {@link Builder#allowlist} says otherwise) before it is sent and before its
 * host name is resolved: the request's own URL, every redirect's {@code Location}, and the URL an
 * interceptor leaves (a guard runs after every interceptor). A hop off the allowlist is not sent;
 * the check ends with {@link FailureKind#NOT_ALLOWED}, {@link CheckResult#statusCode()} 0, the hops
 * so far, and a message naming the host and the allowlist.
 *
 * <p>Redirects are followed by the checker, not OkHttp, so every hop is recorded with its timings,
 * by {@link RedirectChain}'s rules (the load injector follows the same): browser semantics for the
 * method and body, credentials never sent to another origin, loops and hop counts bounded; cookies
 * from the jar go only where their domain matches, as in a browser.
 *
 * <p>Cookies: {@link #execute} uses a fresh cookie jar per check, so cookies set during a redirect
 * chain are carried along the chain and then forgotten; use {@link #newSession()} to keep them.
 */
public final class HttpChecker implements AutoCloseable {

    /** Default body cap: 10 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** Default maximum number of redirects followed. */
    public static final int DEFAULT_MAX_REDIRECTS = 10;

    private static final int READ_CHUNK = 8192;

    /** The shared client: pool, dispatcher, interceptors; cleartext-only unless {@link Builder#tls} was given. */
    private final OkHttpClient client;
    /** {@link #client} with TLS added, sharing its pool and dispatcher; built on the first https:// hop. */
    private volatile OkHttpClient tlsClient;
    /** False when {@link Builder#tls} gave trust roots: {@link #client} then does TLS itself. */
    private final boolean lazyTls;
    private final long maxBodyBytes;
    private final int maxRedirects;
    private final Duration callTimeout;
    private final String userAgent;
    private final Redactor redactor;
    private final TargetAllowlist allowlist;

    private HttpChecker(Builder b) {
        OkHttpClient.Builder ob = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(Duration.ZERO) // set per call, as the deadline of the whole chain
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(true)
                .cookieJar(CookieJar.NO_COOKIES)
                .eventListenerFactory(HttpChecker::listenerFor);
        b.interceptors.forEach(ob::addInterceptor);
        TargetAllowlist guarded = b.allowlist;
        // Last application interceptor: sees the URL as the others left it, before DNS and connect.
        ob.addInterceptor(chain -> {
            HttpUrl u = chain.request().url();
            if (!guarded.isAllowed(u)) {
                throw new NotAllowedException(guarded, u.host());
            }
            return chain.proceed(chain.request());
        });
        if (b.sslSocketFactory != null) {
            ob.sslSocketFactory(b.sslSocketFactory, b.trustManager);
        } else {
            // Building a TLS client parses the JVM's trust store and loads JSSE (~5 MiB resident and
            // ~230 classes that a monitor of http:// probes never uses): the shared client starts
            // cleartext-only and its TLS twin is made on the first https:// hop (see withTls).
            ob.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        this.client = ob.build();
        this.lazyTls = b.sslSocketFactory == null;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxRedirects = b.maxRedirects;
        this.callTimeout = b.callTimeout;
        this.userAgent = b.userAgent;
        this.redactor = b.redactor;
        this.allowlist = b.allowlist;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code Headroom/<version>}, the default User-Agent. */
    public static String defaultUserAgent() {
        String v = HttpChecker.class.getPackage().getImplementationVersion();
        return "Headroom/" + (v == null ? "dev" : v);
    }

    /** Makes the check (following redirects unless the request says not to). Blocking; never throws for I/O. */
    public CheckResult execute(CheckRequest request) {
        // A per-check jar: cookies set along a redirect chain reach the next hop, as in a browser.
        return run(request, client.newBuilder().cookieJar(new SessionCookieJar()).build());
    }

    /** A new browser-like session with its own cookie jar, sharing this checker's pool. */
    public CheckSession newSession() {
        SessionCookieJar jar = new SessionCookieJar();
        // newBuilder() shares the connection pool and dispatcher: cheap, and one pool.
        return new CheckSession(this, jar, client.newBuilder().cookieJar(jar).build());
    }

    public Redactor redactor() {
        return redactor;
    }

    /** The hosts this checker sends to; every other request ends as {@link FailureKind#NOT_ALLOWED}. */
    public TargetAllowlist allowlist() {
        return allowlist;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    /** Releases the connection pool and dispatcher threads. Checks made afterwards fail. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /**
     * {@code checkClient} able to make https:// hops: itself when it does TLS already, else the TLS
     * client with {@code checkClient}'s cookie jar (a chain that moves from http to https keeps its
     * cookies).
     */
    private OkHttpClient withTls(OkHttpClient checkClient) {
        return lazyTls ? tlsClient().newBuilder().cookieJar(checkClient.cookieJar()).build() : checkClient;
    }

    private OkHttpClient tlsClient() {
        OkHttpClient tls = tlsClient;
        if (tls == null) {
            synchronized (this) {
                tls = tlsClient;
                if (tls == null) {
                    // OkHttp's default specs; newBuilder() keeps the pool, dispatcher and interceptors
                    tls = client.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                            .build();
                    tlsClient = tls;
                }
            }
        }
        return tls;
    }

    private static EventListener listenerFor(Call call) {
        PhaseTimer timer = call.request().tag(PhaseTimer.class);
        return timer == null ? EventListener.NONE : timer;
    }

    CheckResult run(CheckRequest request, OkHttpClient httpClient) {
        Objects.requireNonNull(request, "request");
        long startNs = System.nanoTime();
        Duration timeout = request.timeout() != null ? request.timeout() : callTimeout;
        long deadlineNs = timeout.isZero() ? 0 : startNs + timeout.toNanos();
        long cap = request.maxBodyBytes() >= 0 ? request.maxBodyBytes() : maxBodyBytes;

        String method = request.method();
        HttpUrl url = request.httpUrl();
        RequestBody body = request.toRequestBody();
        Headers headers = request.headers();
        if (headers.get("User-Agent") == null) {
            headers = headers.newBuilder().set("User-Agent", userAgent).build();
        }

        Timings sum = Timings.ZERO;
        if (!allowlist.isAllowed(url)) {
            return notAllowed(request, url, List.of(), sum, startNs,
                    NotAllowedException.message(allowlist, url.host()));
        }
        RedirectChain chain = new RedirectChain(allowlist, maxRedirects, redactor, method, url, headers, body != null);
        OkHttpClient httpsClient = null; // made at the check's first https:// hop, then reused for its others
        while (true) { // bounded: the chain stops after maxRedirects hops
            if (url.isHttps() && httpsClient == null) {
                httpsClient = withTls(httpClient);
            }
            Hop hop = executeHop(url.isHttps() ? httpsClient : httpClient, method, url, headers, body, deadlineNs, cap);
            sum = sum.plus(hop.timings);
            String location = hop.headers == null ? null : hop.headers.get("Location");
            if (hop.failure != FailureKind.NONE || !request.followRedirects() || !RedirectChain.isRedirect(hop.status)
                    || location == null) {
                return result(request, url, hop, chain.hops(), sum, startNs, hop.failure, hop.failureMessage);
            }
            RedirectChain.Decision decision = chain.next(hop.status, location, hop.headers.get("Set-Cookie") != null,
                    hop.timings);
            if (decision instanceof RedirectChain.Decision.Stop stop) {
                return stop.failure() == FailureKind.NOT_ALLOWED
                        ? notAllowed(request, stop.at(), chain.hops(), sum, startNs, stop.message())
                        : result(request, url, hop, chain.hops(), sum, startNs, stop.failure(), stop.message());
            }
            RedirectChain.Decision.Follow follow = (RedirectChain.Decision.Follow) decision;
            body = follow.keepsBody() ? body : null;
            headers = follow.headers();
            method = follow.method();
            url = follow.url();
        }
    }

    /** The check ends without sending to {@code refused}, for {@code why}. */
    private CheckResult notAllowed(CheckRequest request, HttpUrl refused, List<RedirectHop> hops, Timings sum,
            long startNs, String why) {
        Hop none = new Hop();
        none.fail(FailureKind.NOT_ALLOWED, why);
        return result(request, refused, none, hops, sum, startNs, none.failure, none.failureMessage);
    }

    private CheckResult result(CheckRequest request, HttpUrl url, Hop last, List<RedirectHop> hops, Timings sum,
            long startNs, FailureKind failure, String failureMessage) {
        Timings timings = sum.withTotal(Duration.ofNanos(System.nanoTime() - startNs));
        return new CheckResult(request.redacted(redactor), redactor.redactUrl(url.toString()), last.status,
                last.reason, last.protocol, last.headers, last.body, last.truncated, hops, timings, failure,
                failureMessage == null ? null : redactor.redact(failureMessage), last.peerCertificates);
    }

    private Hop executeHop(OkHttpClient httpClient, String method, HttpUrl url, Headers headers, RequestBody body,
            long deadlineNs, long cap) {
        PhaseTimer timer = new PhaseTimer();
        Hop hop = new Hop();
        if (deadlineNs != 0 && deadlineNs - System.nanoTime() <= 0) {
            hop.fail(FailureKind.TIMEOUT, "deadline passed before the request was sent");
            hop.timings = timer.finish();
            return hop;
        }
        Request okRequest = new Request.Builder()
                .url(url)
                .headers(headers)
                .method(method, body)
                .tag(PhaseTimer.class, timer)
                .build();
        Call call = httpClient.newCall(okRequest);
        if (deadlineNs != 0) {
            call.timeout().timeout(Math.max(1, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        Response response = null;
        try {
            response = call.execute();
            hop.status = response.code();
            hop.reason = response.message();
            hop.protocol = response.protocol().toString();
            hop.headers = response.headers();
            if (response.handshake() != null) {
                hop.peerCertificates = response.handshake().peerCertificates().stream()
                        .filter(java.security.cert.X509Certificate.class::isInstance)
                        .map(java.security.cert.X509Certificate.class::cast).toList();
            }
            readBody(call, response.body(), cap, hop, !RedirectChain.isRedirect(hop.status));
        } catch (IOException e) {
            boolean deadlinePassed = deadlineNs != 0 && deadlineNs - System.nanoTime() <= 0;
            hop.fail(deadlinePassed ? FailureKind.TIMEOUT : Failures.classify(e),
                    deadlinePassed ? "check timed out: " + Failures.describe(e) : Failures.describe(e));
        } finally {
            hop.timings = timer.finish();
            if (response != null) {
                try {
                    response.close();
                } catch (RuntimeException ignored) {
                    // closing a cancelled or broken stream; the outcome is already recorded
                }
            }
        }
        return hop;
    }

    /** Reads at most {@code cap} bytes; one byte more means truncated, and the call is cancelled. */
    private static void readBody(Call call, ResponseBody responseBody, long cap, Hop hop, boolean keep)
            throws IOException {
        if (responseBody == null) {
            return;
        }
        Buffer buffer = new Buffer();
        try {
            BufferedSource source = responseBody.source();
            long limit = keep ? cap : Math.min(cap, 64 * 1024); // redirect bodies are not interesting
            while (buffer.size() <= limit) { // bounded: each read adds >= 1 byte or returns -1
                long n = source.read(buffer, Math.min(READ_CHUNK, limit + 1 - buffer.size()));
                if (n == -1) {
                    break;
                }
            }
            if (buffer.size() > limit) {
                hop.truncated = keep;
                // Cancel rather than close: closing an unread HTTP/1 body tries to drain it to reuse
                // the connection, which is exactly the unbounded read the cap exists to prevent.
                call.cancel();
            }
        } finally {
            long n = Math.min(buffer.size(), keep ? cap : 0);
            hop.body = buffer.readByteArray(n); // keep what was read, even when reading failed
        }
    }

    /** The mutable outcome of one hop, turned into immutable values by {@link #result}. */
    private static final class Hop {
        int status;
        String reason;
        String protocol;
        Headers headers;
        byte[] body;
        boolean truncated;
        Timings timings = Timings.ZERO;
        List<java.security.cert.X509Certificate> peerCertificates = List.of();
        FailureKind failure = FailureKind.NONE;
        String failureMessage;

        void fail(FailureKind kind, String message) {
            failure = kind;
            failureMessage = message;
        }
    }

    /** Builds an {@link HttpChecker}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private String userAgent = defaultUserAgent();
        private Redactor redactor = Redactor.defaults();
        private TargetAllowlist allowlist = TargetAllowlist.loopbackOnly();
        private final List<Interceptor> interceptors = new ArrayList<>();
        private javax.net.ssl.SSLSocketFactory sslSocketFactory;
        private javax.net.ssl.X509TrustManager trustManager;

        private Builder() {
        }

        /**
         * TLS with these trust roots instead of the JVM's (a private CA, or a test's own certificate).
         * Hostnames are still verified; nothing here turns verification off.
         */
        public Builder tls(javax.net.ssl.SSLSocketFactory socketFactory, javax.net.ssl.X509TrustManager trustManager) {
            this.sslSocketFactory = Objects.requireNonNull(socketFactory, "socketFactory");
            this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
            return this;
        }

        /** TCP (and proxy) connect timeout; default 10s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** Maximum silence while reading (and writing) one response; default 30s. */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positive(d, "readTimeout");
            return this;
        }

        /**
         * Deadline for a whole check, redirects and body included; default 60s. {@link Duration#ZERO}
         * means none. A request's own {@link CheckRequest.Builder#timeout} overrides it.
         */
        public Builder callTimeout(Duration d) {
            Objects.requireNonNull(d, "callTimeout");
            if (d.isNegative()) {
                throw new IllegalArgumentException("callTimeout must not be negative");
            }
            this.callTimeout = d;
            return this;
        }

        /** Body cap in bytes; default 10 MiB. Longer bodies are cut and flagged {@code truncated}. */
        public Builder maxBodyBytes(long max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + max);
            }
            this.maxBodyBytes = max;
            return this;
        }

        /** Redirects followed before {@link FailureKind#TOO_MANY_REDIRECTS}; default 10. */
        public Builder maxRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxRedirects must be >= 0, got " + max);
            }
            this.maxRedirects = max;
            return this;
        }

        /** Sent unless a request sets its own; default {@code Headroom/<version>}. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        /** Applied to what results expose about requests; default {@link Redactor#defaults()}. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /**
         * The hosts checks may be sent to; default {@link TargetAllowlist#loopbackOnly()}. Enforced on
         * every hop, redirects included, before the host name is resolved.
         */
        public Builder allowlist(TargetAllowlist allowlist) {
            this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
            return this;
        }

        /**
         * The extension point: an OkHttp application interceptor, run once per hop (each redirect is
         * its own call). Use it for auth headers, tracing, request signing, an allowlist guard...
         */
        public Builder addInterceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public HttpChecker build() {
            return new HttpChecker(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
