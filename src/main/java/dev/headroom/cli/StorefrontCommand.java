package dev.headroom.cli;

import dev.headroom.config.Durations;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HttpChecker;
import dev.headroom.storefront.BindAddressException;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.FaultSettings;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headroom storefront}: serves the reference storefront until SIGTERM or Ctrl-C, after
 * printing where it is and how to switch its faults. {@code headroom storefront fault ...} switches
 * faults of a running storefront through its admin API.
 */
@Command(
        name = "storefront",
        mixinStandardHelpOptions = true,
        description = "Serve the reference storefront (a real web shop with switchable faults).",
        subcommands = {StorefrontCommand.FaultCommand.class})
final class StorefrontCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Shop port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (0.0.0.0: every interface, with a warning). Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--products", defaultValue = "3000", description = "Products to seed into an empty database. Default: ${DEFAULT-VALUE}.")
    int products;

    @Option(names = "--seed", defaultValue = "42", description = "Catalogue seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--instance", defaultValue = Storefront.DEFAULT_INSTANCE,
            description = "Instance name, sent as X-Headroom-Instance. Default: ${DEFAULT-VALUE}.")
    String instance;

    @Option(names = "--db", paramLabel = "PATH", description = "H2 database file (shareable between instances). Default: in memory.")
    Path db;

    @Option(names = "--fault", paramLabel = "NAME[=VALUE]",
            description = "Switch a fault on at start (repeatable): broken-links, error-leak, slow-route[=[ROUTE:]MS],"
                    + " error-rate[=SHARE], oversell, hard-down.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--admin-port", defaultValue = "0", description = "Admin API port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int adminPort;

    @Option(names = "--admin-token", description = "Admin bearer token. Default: $HEADROOM_ADMIN_TOKEN, else random.")
    String adminToken;

    @Option(names = "--pack-after", defaultValue = "10m", converter = Durations.PicocliConverter.class,
            description = "Order is packed this long after placement (e.g. 30s, 10m). Default: ${DEFAULT-VALUE}.")
    Duration packAfter;

    @Option(names = "--ship-after", defaultValue = "30m", converter = Durations.PicocliConverter.class,
            description = "Order is shipped this long after placement. Default: ${DEFAULT-VALUE}.")
    Duration shipAfter;

    @Option(names = "--session-idle", defaultValue = "30m", converter = Durations.PicocliConverter.class,
            description = "A session (sign-in, cart) ends after this long unseen. Default: ${DEFAULT-VALUE}.")
    Duration sessionIdle;

    @Option(names = "--max-sessions", defaultValue = "100000",
            description = "Most sessions kept; the longest-idle end first beyond it. Default: ${DEFAULT-VALUE}.")
    int maxSessions;

    @Override
    public Integer call() throws InterruptedException {
        Storefront options = options();
        RunningStorefront shop;
        try {
            shop = options.start();
        } catch (BindAddressException e) {
            throw CliException.usage("--bind: " + e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException bind) {
                throw CliException.usage(bind.getMessage() + "; choose another with --port/--admin-port");
            }
            throw e;
        }
        printBanner(spec.commandLine().getOut(), spec.commandLine().getErr(), shop);
        StopSignals.closeOnShutdown(shop, "storefront-shutdown");
        return ExitCode.OK;
    }

    private Storefront options() {
        Storefront.Builder builder = Storefront.builder();
        try {
            builder.bind(bind);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--bind: " + e.getMessage());
        }
        try {
            String token = adminToken != null ? adminToken : System.getenv("HEADROOM_ADMIN_TOKEN");
            builder.port(port).products(products).seed(seed).instance(instance).database(db)
                    .adminPort(adminPort).adminToken(token == null || token.isBlank() ? null : token)
                    .packAfter(packAfter).shipAfter(shipAfter)
                    .sessionIdle(sessionIdle).maxSessions(maxSessions);
            for (String fault : faults) {
                builder.fault(fault);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /**
     * A warning when the shop can be reached from other machines: it is a test target, with faults
     * anyone can meet and demo accounts whose password is in the README. Empty for loopback.
     */
    static java.util.Optional<String> exposureWarning(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        if (a.isLoopbackAddress()) {
            return java.util.Optional.empty();
        }
        String where = a.isAnyLocalAddress() ? hostPort(bound) + ", every network interface of this machine"
                : hostPort(bound) + ", an address other machines can reach";
        return java.util.Optional.of("headroom: WARNING: the storefront listens on " + where + ". It is a test target (faults,"
                + " demo accounts with a published password): anyone who can reach it can use it. Use --bind 127.0.0.1 unless"
                + " it must be reached from elsewhere; the admin API stays on 127.0.0.1.");
    }

    /** {@code 127.0.0.1:8080}, {@code [::]:8080}. */
    static String hostPort(InetSocketAddress bound) {
        String host = bound.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
    }

    static void printBanner(PrintWriter out, PrintWriter err, RunningStorefront shop) {
        InetSocketAddress bound = shop.boundAddress();
        exposureWarning(bound).ifPresent(warning -> {
            err.println(warning);
            err.flush();
        });
        String active = shop.activeFaults().isEmpty() ? "none" : shop.activeFaults().entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey().cliName() : e.getKey().cliName() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("none");
        out.printf("Headroom storefront '%s' is serving%n", shop.instance());
        out.printf("  listening on: %s (%s)%n", hostPort(bound), bound.getAddress().isAnyLocalAddress() ? "every interface"
                : bound.getAddress().isLoopbackAddress() ? "loopback only" : "reachable from other machines");
        out.printf("  shop:         %s/%n", shop.baseUrl());
        out.printf("  admin:        %s/admin/faults  (127.0.0.1 only)%n", shop.adminUrl());
        out.printf("  admin token:  %s%n", shop.adminToken());
        out.printf("  faults:       %s%n", active);
        out.printf("  demo login:   shopper1@example.test / shop-secret; cards 4242 4242 4242 4242 (ok), 4000 0000 0000 0002 (declined)%n");
        out.printf("Switch a fault:%n");
        out.printf("  curl -X PUT -H 'Authorization: Bearer %s' '%s/admin/faults/slow-route?value=search:2000'%n",
                shop.adminToken(), shop.adminUrl());
        out.printf("  curl -X DELETE -H 'Authorization: Bearer %s' %s/admin/faults%n", shop.adminToken(), shop.adminUrl());
        out.printf("Stop with Ctrl-C.%n");
        out.flush();
    }

    /** {@code headroom storefront fault --admin URL --token T (set NAME[=VALUE] | clear [NAME] | list)}. */
    @Command(name = "fault", mixinStandardHelpOptions = true,
            description = "Switch faults of a running storefront through its admin API.")
    static final class FaultCommand implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--admin", required = true, description = "Admin URL printed at start, e.g. http://127.0.0.1:9090.")
        String admin;

        @Option(names = "--token", description = "Admin token. Default: $HEADROOM_ADMIN_TOKEN.")
        String token;

        @CommandLine.Parameters(index = "0", description = "set, clear or list")
        String action;

        @CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "NAME[=VALUE]")
        String fault;

        @Override
        public Integer call() {
            String bearer = token != null ? token : System.getenv("HEADROOM_ADMIN_TOKEN");
            if (bearer == null || bearer.isBlank()) {
                throw CliException.usage("no admin token: pass --token or set HEADROOM_ADMIN_TOKEN");
            }
            String base = admin.replaceAll("/+$", "") + "/admin/faults";
            CheckRequest.Builder request = CheckRequest.builder().header("Authorization", "Bearer " + bearer);
            try {
                switch (action) {
                    case "list" -> request.url(base);
                    case "set" -> {
                        Map.Entry<Fault, String> parsed = FaultSettings.parse(required());
                        request.method("PUT").url(base + "/" + parsed.getKey().cliName() + "?value="
                                + URLEncoder.encode(parsed.getValue(), StandardCharsets.UTF_8)).body(new byte[0], null);
                    }
                    case "clear" -> request.method("DELETE").url(fault == null ? base : base + "/" + Fault.fromName(fault).cliName());
                    default -> throw CliException.usage("unknown action '" + action + "'; use set, clear or list");
                }
                request.build();
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            CheckResult response;
            try (HttpChecker checker = HttpChecker.builder().callTimeout(Duration.ofSeconds(10)).build()) {
                response = checker.execute(request.build());
            }
            if (!response.reachable()) {
                throw CliException.unreachable("cannot reach the admin API at " + admin + ": " + response.failureMessage());
            }
            if (response.statusCode() == 401) {
                throw CliException.usage("the admin API refused the token");
            }
            if (!response.isSuccessful()) {
                throw CliException.usage("admin API answered " + response.statusCode() + ": " + response.bodyText());
            }
            spec.commandLine().getOut().println(response.bodyText());
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }

        private String required() {
            if (fault == null) {
                throw CliException.usage("set needs a fault, e.g. set slow-route=search:2000");
            }
            return fault;
        }
    }
}
