package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.serve.LocalServer;
import dev.headroom.testing.MonitoringServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's probe series against Debian's {@code prometheus-blackbox-exporter} probing the same
 * loopback URLs (a page, a redirect, a body that fails the regex, a 404, and a page over TLS with a
 * test CA): the same series names and labels (but for Headroom's {@code check}), the same values
 * where both must agree, and durations present and sane on both.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BlackboxExporterParityIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** blackbox_exporter's series the monitor does not export: where the probe connected, and TLS details beyond the expiry. */
    static final Set<String> NOT_EXPORTED = Set.of("probe_ip_protocol", "probe_ip_addr_hash",
            "probe_http_last_modified_timestamp_seconds", "probe_tls_version_info",
            "probe_ssl_last_chain_expiry_timestamp_seconds", "probe_ssl_last_chain_info");
    /** Series whose values must be the same on both. */
    static final Set<String> SAME_VALUE = Set.of("probe_success", "probe_http_status_code", "probe_failed_due_to_regex",
            "probe_http_redirects", "probe_http_content_length", "probe_http_uncompressed_body_length", "probe_http_ssl",
            "probe_http_version", "probe_ssl_earliest_cert_expiry");
    static final Set<String> DURATIONS = Set.of("probe_duration_seconds", "probe_http_duration_seconds",
            "probe_dns_lookup_time_seconds");

    private static final HeldCertificate ROOT = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("headroom test root").duration(365, TimeUnit.DAYS).build();
    private static final HeldCertificate LEAF = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName("localhost").duration(10, TimeUnit.DAYS).signedBy(ROOT).build();

    @TempDir
    static Path dir;

    private static final MockWebServer plain = new MockWebServer();
    private static final MockWebServer secure = new MockWebServer();
    private static MonitoringServer exporter;
    private static String blackbox;
    private static PrometheusMeterRegistry registry;
    private static dev.headroom.http.HttpChecker checker;
    private static Monitor monitor;
    private static LocalServer page;

    @BeforeAll
    static void start() throws Exception {
        Dispatcher pages = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return switch (request.getPath()) {
                    case "/ok" -> new MockResponse().setHeader("Content-Type", "text/html").setBody("<title>Welcome</title> to the shop");
                    case "/moved" -> new MockResponse().setResponseCode(302).setHeader("Location", "/ok");
                    case "/closed" -> new MockResponse().setHeader("Content-Type", "text/html").setBody("<title>Closed</title> come back later");
                    default -> new MockResponse().setResponseCode(404).setBody("not here");
                };
            }
        };
        plain.setDispatcher(pages);
        plain.setProtocols(List.of(Protocol.HTTP_1_1));
        plain.start(InetAddress.getByName("127.0.0.1"), 0);
        secure.setDispatcher(pages);
        secure.setProtocols(List.of(Protocol.HTTP_1_1));
        secure.useHttps(new HandshakeCertificates.Builder().heldCertificate(LEAF).build().sslSocketFactory(), false);
        secure.start(InetAddress.getByName("127.0.0.1"), 0);

        Path ca = Files.writeString(dir.resolve("ca.pem"), ROOT.certificatePem());
        exporter = MonitoringServer.blackboxExporter(dir, """
                modules:
                  http_2xx:
                    prober: http
                    timeout: 5s
                    http: {preferred_ip_protocol: ip4, tls_config: {ca_file: %s}}
                  http_2xx_welcome:
                    prober: http
                    timeout: 5s
                    http: {preferred_ip_protocol: ip4, fail_if_body_not_matches_regexp: ["Welcome"]}
                """.formatted(ca));
        blackbox = exporter.url();

        Path yaml = Files.writeString(dir.resolve("monitor.yaml"), """
                checks:
                  - {name: ok, probe: '%s'}
                  - {name: moved, probe: '%s'}
                  - {name: closed, probe: '%s', bodyMatches: Welcome}
                  - {name: missing, probe: '%s'}
                  - {name: tls, probe: '%s'}
                """.formatted(plain.url("/ok"), plain.url("/moved"), plain.url("/closed"), plain.url("/missing"),
                secure.url("/ok")));
        MonitorPlan plan = MonitorPlan.load(yaml, null, Map.of());
        HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ROOT.certificate()).build();
        checker = plan.checkerBuilder().tls(trust.sslSocketFactory(), trust.trustManager()).build();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { });
        page = StatusPage.serve(0, monitor, registry, checker.redactor(), () -> new LocalServer.Response(200, "text/plain", "ok"));
        monitor.runAllOnce();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {exporter, page, monitor, checker}) {
            if (c != null) {
                c.close();
            }
        }
        plain.shutdown();
        secure.shutdown();
    }

    @Test
    void aPageAnsweredAtOnceHasTheSameSeries() throws Exception {
        Map<String, Double> same = compare("ok", plain.url("/ok").toString(), "http_2xx");
        assertThat(same).containsEntry("probe_success", 1.0).containsEntry("probe_http_status_code", 200.0)
                .containsEntry("probe_http_redirects", 0.0).containsEntry("probe_http_ssl", 0.0)
                .containsEntry("probe_http_content_length", 34.0).containsEntry("probe_http_version", 1.1);
    }

    @Test
    void aRedirectIsFollowedAndCountedAlike() throws Exception {
        Map<String, Double> same = compare("moved", plain.url("/moved").toString(), "http_2xx");
        assertThat(same).containsEntry("probe_success", 1.0).containsEntry("probe_http_status_code", 200.0)
                .containsEntry("probe_http_redirects", 1.0);
    }

    @Test
    void aBodyFailingTheRegexFailsAlikeAndSaysSo() throws Exception {
        Map<String, Double> same = compare("closed", plain.url("/closed").toString(), "http_2xx_welcome");
        assertThat(same).containsEntry("probe_success", 0.0).containsEntry("probe_http_status_code", 200.0)
                .containsEntry("probe_failed_due_to_regex", 1.0);
    }

    @Test
    void aNotFoundFailsAlike() throws Exception {
        Map<String, Double> same = compare("missing", plain.url("/missing").toString(), "http_2xx");
        assertThat(same).containsEntry("probe_success", 0.0).containsEntry("probe_http_status_code", 404.0)
                .containsEntry("probe_failed_due_to_regex", 0.0);
    }

    @Test
    void overTlsBothSeeTheSameCertificateExpiry() throws Exception {
        Map<String, Double> same = compare("tls", secure.url("/ok").toString(), "http_2xx");
        assertThat(same).containsEntry("probe_success", 1.0).containsEntry("probe_http_ssl", 1.0)
                .containsEntry("probe_ssl_earliest_cert_expiry", (double) LEAF.certificate().getNotAfter().toInstant().getEpochSecond());
    }

    /**
     * Probes {@code url} with blackbox_exporter and compares its series with the monitor's of
     * {@code check}: the same names (but {@link #NOT_EXPORTED}), the same labels once {@code check}
     * is taken out, the same values for {@link #SAME_VALUE}, and {@link #DURATIONS} finite, at least
     * 0 and under the timeout on both. Returns the values that agree.
     */
    private static Map<String, Double> compare(String check, String url, String module) throws Exception {
        PrometheusSamples theirs = new PrometheusSamples(get(blackbox + "/probe?module=" + module + "&target="
                + URLEncoder.encode(url, StandardCharsets.UTF_8)));
        PrometheusSamples ours = new PrometheusSamples(get(page.baseUrl() + "/metrics"));
        Map<String, Set<Map<String, String>>> theirSeries = series(theirs.all(), null);
        Map<String, Set<Map<String, String>>> ourSeries = series(ours.all(), check);
        NOT_EXPORTED.forEach(theirSeries::remove);
        assertThat(theirSeries).as("blackbox_exporter's answer").containsKeys("probe_success", "probe_duration_seconds",
                "probe_http_duration_seconds", "probe_dns_lookup_time_seconds", "probe_http_status_code",
                "probe_failed_due_to_regex", "probe_http_content_length", "probe_http_redirects", "probe_http_version");
        assertThat(theirSeries.get("probe_http_duration_seconds")).hasSize(5);
        assertThat(ourSeries).as("the monitor's probe_* series of " + check + " vs blackbox_exporter's")
                .isEqualTo(theirSeries);
        Map<String, Double> same = new TreeMap<>();
        for (PrometheusSamples.Sample s : theirs.all()) {
            if (!s.name().startsWith("probe_") || NOT_EXPORTED.contains(s.name())) {
                continue;
            }
            String[] labels = labels(s.labels(), check);
            double mine = ours.value(s.name(), labels);
            if (SAME_VALUE.contains(s.name())) {
                assertThat(mine).as(s.name() + " " + s.labels()).isEqualTo(s.value());
                same.put(s.name(), mine);
            } else if (DURATIONS.contains(s.name())) {
                assertThat(s.value()).as("blackbox " + s.name() + " " + s.labels()).isBetween(0.0, 5.0);
                assertThat(mine).as(s.name() + " " + s.labels()).isBetween(0.0, 5.0);
            } else {
                throw new AssertionError("a series neither compared nor listed: " + s);
            }
        }
        return same;
    }

    /** The probe_* series' label sets by name, {@code check}'s only (its label taken out); all if check is null. */
    private static Map<String, Set<Map<String, String>>> series(List<PrometheusSamples.Sample> samples, String check) {
        return samples.stream().filter(s -> s.name().startsWith("probe_"))
                .filter(s -> check == null || check.equals(s.labels().get("check")))
                .collect(Collectors.groupingBy(PrometheusSamples.Sample::name, TreeMap::new,
                        Collectors.mapping(s -> {
                            Map<String, String> l = new TreeMap<>(s.labels());
                            l.remove("check");
                            return l;
                        }, Collectors.toCollection(() -> new TreeSet<>(java.util.Comparator.comparing(Object::toString))))));
    }

    private static String[] labels(Map<String, String> theirs, String check) {
        List<String> out = new java.util.ArrayList<>(List.of("check", check));
        theirs.forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
        return out.toArray(String[]::new);
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
