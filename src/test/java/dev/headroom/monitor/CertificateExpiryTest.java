package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS probe exports the expiry of the certificate it was shown, from a self-signed one on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CertificateExpiryTest {
    @TempDir
    Path dir;

    @Test
    void anHttpsProbeExportsTheEarliestExpiryOfTheChainItSawAndAPlainOneNone() throws Exception {
        HeldCertificate selfSigned = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .duration(5, TimeUnit.DAYS).build();
        try (MockWebServer secure = new MockWebServer(); MockWebServer plain = new MockWebServer()) {
            secure.useHttps(new HandshakeCertificates.Builder().heldCertificate(selfSigned).build().sslSocketFactory(), false);
            secure.enqueue(new MockResponse().setBody("ok"));
            secure.enqueue(new MockResponse().setBody("ok"));
            secure.start(InetAddress.getByName("localhost"), 0);
            plain.enqueue(new MockResponse().setBody("ok"));
            plain.enqueue(new MockResponse().setBody("ok"));
            plain.start(InetAddress.getByName("127.0.0.1"), 0);
            Path yaml = Files.writeString(dir.resolve("monitor.yaml"), """
                    checks:
                      - {name: tls, probe: '%s'}
                      - {name: plain, probe: '%s'}
                    """.formatted(secure.url("/"), plain.url("/")));
            MonitorPlan plan = MonitorPlan.load(yaml, null, Map.of());
            HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(selfSigned.certificate()).build();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (HttpChecker checker = plan.checkerBuilder().tls(trust.sslSocketFactory(), trust.trustManager()).build();
                    Monitor monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { })) {
                assertThat(new PrometheusSamples(registry.scrape()).all("probe_ssl_earliest_cert_expiry"))
                        .as("not before a run has come over TLS").isEmpty();
                monitor.runAllOnce();
                monitor.runAllOnce();
                PrometheusSamples m = new PrometheusSamples(registry.scrape());
                assertThat(m.value("probe_ssl_earliest_cert_expiry", "check", "tls"))
                        .isEqualTo(selfSigned.certificate().getNotAfter().toInstant().getEpochSecond());
                assertThat(m.value("probe_http_ssl", "check", "tls")).isEqualTo(1);
                assertThat(m.value("probe_success", "check", "tls")).isEqualTo(1);
                assertThat(m.value("probe_http_ssl", "check", "plain")).isZero();
                assertThat(m.all("probe_ssl_earliest_cert_expiry")).singleElement()
                        .satisfies(s -> assertThat(s.labels()).containsEntry("check", "tls"));
            }
        }
    }
}
