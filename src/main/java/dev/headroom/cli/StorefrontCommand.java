package dev.headroom.cli;

import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Shop port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
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

    @Option(names = "--pack-after", defaultValue = "10m", description = "Order is packed this long after placement (e.g. 30s, 10m). Default: ${DEFAULT-VALUE}.")
    String packAfter;

    @Option(names = "--ship-after", defaultValue = "30m", description = "Order is shipped this long after placement. Default: ${DEFAULT-VALUE}.")
    String shipAfter;

    @Override
    public Integer call() throws InterruptedException {
        Storefront options = options();
        RunningStorefront shop;
        try {
            shop = options.start();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException bind) {
                throw CliException.usage(bind.getMessage() + "; choose another with --port/--admin-port");
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            shop.close();
            stopped.countDown();
        }, "storefront-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printBanner(spec.commandLine().getOut(), shop);
        stopped.await();
        return ExitCode.OK;
    }

    private Storefront options() {
        try {
            String token = adminToken != null ? adminToken : System.getenv("HEADROOM_ADMIN_TOKEN");
            Storefront.Builder builder = Storefront.builder()
                    .port(port).bind(bind).products(products).seed(seed).instance(instance).database(db)
                    .adminPort(adminPort).adminToken(token == null || token.isBlank() ? null : token)
                    .packAfter(duration(packAfter, "--pack-after")).shipAfter(duration(shipAfter, "--ship-after"));
            for (String fault : faults) {
                builder.fault(fault);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    static Duration duration(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a duration like 500ms, 30s, 10m or 1h");
        }
    }

    private static void printBanner(PrintWriter out, RunningStorefront shop) {
        String active = shop.activeFaults().isEmpty() ? "none" : shop.activeFaults().entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey().cliName() : e.getKey().cliName() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("none");
        out.printf("Headroom storefront '%s' is serving%n", shop.instance());
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
            okhttp3.Request.Builder request = new okhttp3.Request.Builder().header("Authorization", "Bearer " + bearer);
            try {
                switch (action) {
                    case "list" -> request.url(base).get();
                    case "set" -> {
                        Map.Entry<Fault, String> parsed = dev.headroom.storefront.FaultSettings.parse(required());
                        okhttp3.HttpUrl url = okhttp3.HttpUrl.get(base + "/" + parsed.getKey().cliName()).newBuilder()
                                .addQueryParameter("value", parsed.getValue()).build();
                        request.url(url).put(okhttp3.RequestBody.create(new byte[0]));
                    }
                    case "clear" -> request.url(fault == null ? base : base + "/" + Fault.fromName(fault).cliName()).delete();
                    default -> throw CliException.usage("unknown action '" + action + "'; use set, clear or list");
                }
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
                    .callTimeout(Duration.ofSeconds(10)).build();
            try (okhttp3.Response response = client.newCall(request.build()).execute()) {
                String body = response.body() == null ? "" : response.body().string();
                if (response.code() == 401) {
                    throw CliException.usage("the admin API refused the token");
                }
                if (!response.isSuccessful()) {
                    throw CliException.usage("admin API answered " + response.code() + ": " + body);
                }
                spec.commandLine().getOut().println(body);
                spec.commandLine().getOut().flush();
                return ExitCode.OK;
            } catch (java.io.IOException e) {
                throw CliException.unreachable("cannot reach the admin API at " + admin + ": " + e.getMessage());
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        }

        private String required() {
            if (fault == null) {
                throw CliException.usage("set needs a fault, e.g. set slow-route=search:2000");
            }
            return fault;
        }
    }
}
