package dev.headroom.load;

import dev.headroom.serve.LocalServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void countersAndCumulativeBuckets() {
        Recorder r = new Recorder();
        r.record("home", true, 3);
        r.record("home", true, 40);
        r.record("home", true, 3000);
        r.record("home", false, 1);
        String text = PrometheusText.render(r, new PrometheusText.State("1/2", 1, 5, 50, false,
                Map.of("home p95<=1s", true)));
        assertThat(text)
                .contains("# TYPE headroom_load_requests_total counter")
                .contains("headroom_load_requests_total{group=\"home\",outcome=\"ok\",shard=\"1/2\"} 3")
                .contains("headroom_load_requests_total{group=\"home\",outcome=\"ko\",shard=\"1/2\"} 1")
                .contains("headroom_load_latency_seconds_bucket{group=\"home\",outcome=\"ok\",shard=\"1/2\",le=\"0.005\"} 1")
                .contains("headroom_load_latency_seconds_bucket{group=\"home\",outcome=\"ok\",shard=\"1/2\",le=\"0.05\"} 2")
                .contains("headroom_load_latency_seconds_bucket{group=\"home\",outcome=\"ok\",shard=\"1/2\",le=\"2.5\"} 2")
                .contains("headroom_load_latency_seconds_bucket{group=\"home\",outcome=\"ok\",shard=\"1/2\",le=\"+Inf\"} 3")
                .contains("headroom_load_latency_seconds_count{group=\"home\",outcome=\"ok\",shard=\"1/2\"} 3")
                .contains("headroom_load_stage{shard=\"1/2\"} 1")
                .contains("headroom_load_target_rps{shard=\"1/2\"} 50.0")
                .contains("headroom_load_slo_breached{slo=\"home p95<=1s\",shard=\"1/2\"} 1");
    }

    @Test
    void servedOnLoopback() throws Exception {
        try (LocalServer server = LocalServer.builder().get("/metrics", LocalServer.PROMETHEUS_TEXT, () -> "x_total 1\n").start()) {
            assertThat((server.baseUrl() + "/metrics")).startsWith("http://127.0.0.1:");
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create((server.baseUrl() + "/metrics"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo("x_total 1\n");
            assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        }
    }
}
