package dev.headroom.storefront;

import dev.headroom.process.Threads;
import io.javalin.util.JavalinBindException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A storefront that is serving; {@link #close()} stops it and releases its database. */
public final class RunningStorefront implements AutoCloseable {
    /** The admin API's one address, whatever the shop binds: it switches faults, so it is never exposed. */
    private static final InetAddress ADMIN_ADDRESS = loopbackV4();

    private final Storefront options;
    private final Database db;
    private final FaultSettings faults;
    private final HttpMetrics metrics;
    private final ExecutorService slowWorkers;
    private final ScheduledExecutorService housekeeping;
    private final ShopApp shop;
    private final AdminApi admin;
    private final String adminToken;
    private final InetAddress address;
    private volatile boolean closed;

    private RunningStorefront(Storefront options, Database db, FaultSettings faults, HttpMetrics metrics,
            ExecutorService slowWorkers, ScheduledExecutorService housekeeping, ShopApp shop, AdminApi admin,
            String adminToken, InetAddress address) {
        this.options = options;
        this.db = db;
        this.faults = faults;
        this.metrics = metrics;
        this.slowWorkers = slowWorkers;
        this.housekeeping = housekeeping;
        this.shop = shop;
        this.admin = admin;
        this.adminToken = adminToken;
        this.address = address;
    }

    static RunningStorefront start(Storefront options) {
        // Resolved once, before anything starts: the shop listens on exactly this address, and the banner can say so.
        InetAddress address = resolve(options.bind());
        FaultSettings faults = new FaultSettings();
        options.faults().forEach(faults::set);
        Database db = new Database(options.database(), options.products(), options.seed());
        HttpMetrics metrics = new HttpMetrics(faults);
        ExecutorService slowWorkers = Executors.newFixedThreadPool(8, Threads.daemon("storefront-slow"));
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> Threads.daemonThread("storefront-sessions", r));
        ShopApp shop = null;
        AdminApi admin = null;
        try {
            Sessions sessions = new Sessions(db, options.sessionIdle(), options.maxSessions(), options.clock());
            metrics.sessions(sessions::count);
            long sweepMs = Math.max(1000, Math.min(options.sessionIdle().toMillis() / 4, 60_000));
            housekeeping.scheduleWithFixedDelay(() -> expire(sessions, metrics), sweepMs, sweepMs, TimeUnit.MILLISECONDS);
            Catalogue catalogue = new Catalogue(db);
            Orders orders = new Orders(db, options.packAfter(), options.shipAfter());
            shop = new ShopApp(options.instance(), catalogue, sessions, new Carts(db, options.clock()), orders, faults, metrics,
                    new Views(), new Assets(), slowWorkers);
            String token = options.adminToken() != null ? options.adminToken() : Storefront.randomToken();
            admin = new AdminApi(token, faults, orders, options.instance());
            startOn(shop.app, address, options.port(), "shop");
            startOn(admin.app, ADMIN_ADDRESS, options.adminPort(), "admin");
            return new RunningStorefront(options, db, faults, metrics, slowWorkers, housekeeping, shop, admin, token, address);
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

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static InetAddress resolve(String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new BindAddressException("'" + bind + "' does not resolve to an address");
        }
        // Checked before anything starts: binding would fail too, but Javalin calls that "port already in use".
        if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && !isThisMachines(address)) {
            throw new BindAddressException("'" + bind + "'" + (bind.equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress()
                    + ")") + " is not an address of this machine");
        }
        return address;
    }

    private static void startOn(io.javalin.Javalin app, InetAddress address, int port, String what) {
        try {
            app.start(address.getHostAddress(), port);
        } catch (JavalinBindException e) {
            // Javalin calls every bind failure "port already in use": say what the system said.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            String where = what + " port " + port + " on " + address.getHostAddress();
            BindException bind = new BindException(reason.contains("in use") ? where + " is already in use" : where + ": " + reason);
            bind.initCause(e);
            throw new UncheckedIOException(bind);
        }
    }

    private static boolean isThisMachines(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: report the bind failure as it is
        }
    }

    /**
     * The address and port the shop really listens on: the bind address as resolved at start
     * (0.0.0.0 or :: when it is every interface), and the real port when started with port 0.
     */
    public InetSocketAddress boundAddress() {
        return new InetSocketAddress(address, port());
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
