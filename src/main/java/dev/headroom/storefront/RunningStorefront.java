package dev.headroom.storefront;

import io.javalin.util.JavalinBindException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A storefront that is serving; {@link #close()} stops it and releases its database. */
public final class RunningStorefront implements AutoCloseable {
    private final Storefront options;
    private final Database db;
    private final FaultSettings faults;
    private final HttpMetrics metrics;
    private final ExecutorService slowWorkers;
    private final ScheduledExecutorService housekeeping;
    private final ShopApp shop;
    private final AdminApi admin;
    private final String adminToken;
    private volatile boolean closed;

    private RunningStorefront(Storefront options, Database db, FaultSettings faults, HttpMetrics metrics,
            ExecutorService slowWorkers, ScheduledExecutorService housekeeping, ShopApp shop, AdminApi admin,
            String adminToken) {
        this.options = options;
        this.db = db;
        this.faults = faults;
        this.metrics = metrics;
        this.slowWorkers = slowWorkers;
        this.housekeeping = housekeeping;
        this.shop = shop;
        this.admin = admin;
        this.adminToken = adminToken;
    }

    static RunningStorefront start(Storefront options) {
        FaultSettings faults = new FaultSettings();
        options.faults().forEach(faults::set);
        Database db = new Database(options.database(), options.products(), options.seed());
        HttpMetrics metrics = new HttpMetrics(faults);
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService slowWorkers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "storefront-slow-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storefront-sessions");
            t.setDaemon(true);
            return t;
        });
        ShopApp shop = null;
        AdminApi admin = null;
        try {
            Sessions sessions = new Sessions(db, options.sessionIdle(), options.maxSessions());
            metrics.sessions(sessions::count);
            long sweepMs = Math.max(1000, Math.min(options.sessionIdle().toMillis() / 4, 60_000));
            housekeeping.scheduleWithFixedDelay(() -> expire(sessions, metrics), sweepMs, sweepMs, TimeUnit.MILLISECONDS);
            Catalogue catalogue = new Catalogue(db);
            Orders orders = new Orders(db, options.packAfter(), options.shipAfter());
            shop = new ShopApp(options.instance(), catalogue, sessions, new Carts(db), orders, faults, metrics,
                    new Views(), new Assets(), slowWorkers);
            String token = options.adminToken() != null ? options.adminToken() : Storefront.randomToken();
            admin = new AdminApi(token, faults, orders, options.instance());
            startOn(shop.app, options.bind(), options.port(), "shop");
            startOn(admin.app, "127.0.0.1", options.adminPort(), "admin");
            return new RunningStorefront(options, db, faults, metrics, slowWorkers, housekeeping, shop, admin, token);
        } catch (RuntimeException e) {
            faults.close();
            if (shop != null) {
                shop.app.stop();
            }
            if (admin != null) {
                admin.app.stop();
            }
            slowWorkers.shutdownNow();
            housekeeping.shutdownNow();
            db.close();
            metrics.close();
            throw e;
        }
    }

    private static void startOn(io.javalin.Javalin app, String host, int port, String what) {
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            BindException bind = new BindException(what + " port " + port + " on " + host + " is already in use");
            bind.initCause(e);
            throw new UncheckedIOException(bind);
        }
    }

    /** The shop's address, e.g. {@code http://127.0.0.1:8080} (no trailing slash). */
    public String baseUrl() {
        String host = options.bind();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** The port the shop listens on (the real one when started with port 0). */
    public int port() {
        return shop.app.port();
    }

    /** The admin API's address on 127.0.0.1, e.g. {@code http://127.0.0.1:9090} (no trailing slash). */
    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort();
    }

    public int adminPort() {
        return admin.app.port();
    }

    /** The bearer token the admin API requires. */
    public String adminToken() {
        return adminToken;
    }

    /** The instance name sent in {@code X-Headroom-Instance}. */
    public String instance() {
        return options.instance();
    }

    /** The options this shop was started with. */
    public Storefront options() {
        return options;
    }

    /** The live fault switches; changes take effect on the next request. */
    public FaultSettings faults() {
        return faults;
    }

    /** The active faults right now, with canonical values. */
    public Map<Fault, String> activeFaults() {
        return faults.active();
    }

    /** Stops both ports, releases hanging requests and closes the database (idempotent). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        faults.close();
        shop.app.stop();
        admin.app.stop();
        slowWorkers.shutdownNow();
        housekeeping.shutdownNow();
        db.close();
        metrics.close();
    }

    /** One sweep; a failure (the database closing under it) must not end the schedule. */
    private static void expire(Sessions sessions, HttpMetrics metrics) {
        try {
            metrics.sessionsExpired(sessions.expire());
        } catch (RuntimeException e) {
            System.err.println("storefront: session sweep failed: " + e.getMessage());
        }
    }
}
