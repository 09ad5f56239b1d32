package dev.headroom.storefront;

import java.net.BindException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The reference storefront: a real, server-rendered web shop (catalogue, search, cart, sign-in,
 * checkout, orders) on an embedded H2 database, with switchable faults for Headroom's checks to
 * find. Immutable options; {@link #start()} runs one shop.
 *
 * <pre>{@code
 * try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
 *     String home = shop.baseUrl() + "/";
 *     shop.faults().set(Fault.SLOW_ROUTE, "search:2000");
 * }
 * }</pre>
 *
 * <p>Demo accounts {@code shopper1@example.test} … {@code shopper20@example.test}, password
 * {@code shop-secret}. Test cards: {@code 4242 4242 4242 4242} is approved,
 * {@code 4000 0000 0000 0002} is declined; any other Luhn-valid number is approved.
 */
public final class Storefront {
    /** The instance name used when none is set; shown in {@code X-Headroom-Instance}. */
    public static final String DEFAULT_INSTANCE = "storefront";

    private final String bind;
    private final int port;
    private final int products;
    private final long seed;
    private final String instance;
    private final Path database;
    private final int adminPort;
    private final String adminToken;
    private final Map<Fault, String> faults;
    private final Duration packAfter;
    private final Duration shipAfter;
    private final Duration sessionIdle;
    private final int maxSessions;
    private final Clock clock;

    private Storefront(Builder b) {
        this.bind = b.bind;
        this.port = b.port;
        this.products = b.products;
        this.seed = b.seed;
        this.instance = b.instance;
        this.database = b.database;
        this.adminPort = b.adminPort;
        this.adminToken = b.adminToken;
        this.faults = Collections.unmodifiableMap(new EnumMap<>(b.faults));
        this.packAfter = b.packAfter;
        this.shipAfter = b.shipAfter;
        this.sessionIdle = b.sessionIdle;
        this.maxSessions = b.maxSessions;
        this.clock = b.clock;
    }

    /** A builder with the defaults: 127.0.0.1:8080, 3000 products, seed 42, in-memory database. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the shop and its admin endpoint. Seeds the catalogue if the database is empty.
     *
     * @throws BindAddressException if the bind address does not resolve or is not this machine's
     * @throws java.io.UncheckedIOException wrapping a {@link BindException} if a port is taken (or not allowed)
     */
    public RunningStorefront start() {
        return RunningStorefront.start(this);
    }

    public String bind() {
        return bind;
    }

    public int port() {
        return port;
    }

    public int products() {
        return products;
    }

    public long seed() {
        return seed;
    }

    public String instance() {
        return instance;
    }

    /** The H2 database file, or null for a private in-memory database. */
    public Path database() {
        return database;
    }

    public int adminPort() {
        return adminPort;
    }

    /** The admin token, or null to generate a random one at start. */
    public String adminToken() {
        return adminToken;
    }

    /** The faults switched on at start, with canonical values. */
    public Map<Fault, String> faults() {
        return faults;
    }

    public Duration packAfter() {
        return packAfter;
    }

    public Duration sessionIdle() {
        return sessionIdle;
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** The clock sessions are timed by: when a visitor was last seen, and when they went idle. */
    public Clock clock() {
        return clock;
    }

    public Duration shipAfter() {
        return shipAfter;
    }

    static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Options for a {@link Storefront}; every setter validates at once and throws {@link IllegalArgumentException}. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port = 8080;
        private int products = 3000;
        private long seed = 42;
        private String instance = DEFAULT_INSTANCE;
        private Path database;
        private int adminPort = 0;
        private String adminToken;
        private final Map<Fault, String> faults = new EnumMap<>(Fault.class);
        private Duration packAfter = Duration.ofMinutes(10);
        private Duration shipAfter = Duration.ofMinutes(30);
        private Duration sessionIdle = Duration.ofMinutes(30);
        private int maxSessions = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The address the shop listens on (default 127.0.0.1): an IP address, or a host name that
         * resolves to one of this machine's. The admin port always binds 127.0.0.1.
         *
         * @throws IllegalArgumentException if it is neither an IP address nor a valid host name (checked
         *     here, without a DNS query; whether a name resolves is known at {@link #start()})
         */
        public Builder bind(String address) {
            Objects.requireNonNull(address, "bind");
            String a = address.strip();
            if (a.startsWith("[") && a.endsWith("]")) {
                a = a.substring(1, a.length() - 1);
            }
            if (!isIpLiteral(a) && !isHostName(a)) {
                throw new IllegalArgumentException("'" + address + "' is neither an IP address nor a valid host name");
            }
            this.bind = a;
            return this;
        }

        /** A dotted IPv4 address or an IPv6 one, parsed without a name lookup. */
        private static boolean isIpLiteral(String a) {
            if (a.matches("[0-9.]+")) {
                String[] octets = a.split("\\.", -1);
                return octets.length == 4 && java.util.Arrays.stream(octets)
                        .allMatch(o -> o.matches("[0-9]{1,3}") && Integer.parseInt(o) <= 255);
            }
            if (a.contains(":")) {
                try {
                    // In brackets, InetAddress parses it as an IPv6 literal or fails; it never looks it up.
                    java.net.InetAddress.getByName("[" + a + "]");
                    return true;
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            }
            return false;
        }

        /** RFC 1123: dot-separated labels of letters, digits and inner hyphens, 1-63 characters each, 253 in all. */
        private static boolean isHostName(String a) {
            String name = a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
            return !name.isEmpty() && name.length() <= 253 && !name.matches("[0-9.]+")
                    && java.util.Arrays.stream(name.split("\\.", -1))
                            .allMatch(l -> l.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"));
        }

        /** The shop port; 0 picks a free one (default 8080). */
        public Builder port(int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        /** How many products to seed into an empty database (default 3000). */
        public Builder products(int products) {
            if (products < 1 || products > 1_000_000) {
                throw new IllegalArgumentException("products must be 1..1000000, got " + products);
            }
            this.products = products;
            return this;
        }

        /** The seed for the generated catalogue (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The name in the {@code X-Headroom-Instance} header (default {@value Storefront#DEFAULT_INSTANCE}). */
        public Builder instance(String name) {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("instance name must be 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
            }
            this.instance = name;
            return this;
        }

        /** An H2 database file to use (shared with other instances), or null for in-memory (default). */
        public Builder database(Path file) {
            this.database = file;
            return this;
        }

        /** The admin port on 127.0.0.1; 0 picks a free one (default). */
        public Builder adminPort(int port) {
            this.adminPort = checkPort(port, "admin port");
            return this;
        }

        /** The admin bearer token, or null for a random one (default). */
        public Builder adminToken(String token) {
            if (token != null && (token.isBlank() || token.matches(".*\\s.*"))) {
                throw new IllegalArgumentException("admin token must be non-empty and contain no spaces");
            }
            this.adminToken = token;
            return this;
        }

        /** Switches a fault on at start with its default value. */
        public Builder fault(Fault fault) {
            return fault(fault, null);
        }

        /** Switches a fault on at start; a null value means the fault's default. */
        public Builder fault(Fault fault, String value) {
            faults.put(fault, fault.normalize(value));
            return this;
        }

        /** Switches a fault on at start from its command-line form, {@code NAME[=VALUE]}. */
        public Builder fault(String spec) {
            Map.Entry<Fault, String> parsed = FaultSettings.parse(spec);
            faults.put(parsed.getKey(), parsed.getValue());
            return this;
        }

        /** How long after placement an order counts as packed (default 10 minutes). */
        public Builder packAfter(Duration d) {
            this.packAfter = checkDuration(d, "pack-after");
            return this;
        }

        /** How long after placement an order counts as shipped (default 30 minutes). */
        public Builder shipAfter(Duration d) {
            this.shipAfter = checkDuration(d, "ship-after");
            return this;
        }

        /** How long a session (sign-in, cart) may go unseen before it ends (default 30 minutes). */
        public Builder sessionIdle(Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("session-idle must be at least 1s");
            }
            this.sessionIdle = d;
            return this;
        }

        /** The most sessions kept; beyond it the longest-idle ones end first (default 100,000). */
        public Builder maxSessions(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max-sessions must be at least 1, got " + max);
            }
            this.maxSessions = max;
            return this;
        }

        /**
         * The clock sessions are timed by (default: the system clock), so a test can move a session
         * past its idle timeout instead of waiting. The sweep still runs on real time.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Storefront build() {
            return new Storefront(this);
        }

        private static int checkPort(int port, String what) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + " must be 0..65535, got " + port);
            }
            return port;
        }

        private static Duration checkDuration(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be zero or positive");
            }
            return d;
        }
    }
}
