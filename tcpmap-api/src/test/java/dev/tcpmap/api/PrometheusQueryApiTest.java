package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.api.metrics.PrometheusSettings;
import dev.tcpmap.api.metrics.PrometheusView;
import dev.tcpmap.api.testing.RecordedPrometheus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The API of {@code tcpmap query} through the real HTTP server: the graph routes answer from the
 * recorded Prometheus, what the workload series cannot know answers 501, and a Prometheus that is
 * gone answers 503 naming it; every answer JSON.
 */
class PrometheusQueryApiTest {
  private static final String WINDOW = "&from=1796680000000&to=1796683939801";

  @Test
  void routes_fromPrometheus_graphNotKnownAndUnavailable() {
    RecordedPrometheus prometheus = new RecordedPrometheus();
    try (PrometheusView view =
            new PrometheusView(
                new PrometheusSettings.Config(
                    Optional.of(prometheus.url()), Duration.ofSeconds(5), ClientCredentials.NONE),
                Duration.ofSeconds(10),
                InstantSource.system());
        ApiServer server = ApiServer.start(ApiFixtures.CONFIG, view)) {
      view.register(server.registry());

      HttpResponse<byte[]> graph = ApiFixtures.get(server, "/api/v1/graph?group=workload" + WINDOW);
      assertThat(graph.statusCode()).isEqualTo(200);
      assertThat(text(graph))
          .contains("\"id\":\"service:shop/api\"")
          .contains("\"clientId\":\"workload:shop/Deployment/web\"")
          .contains("\"bytesReceived\":70000")
          .doesNotContain("\"members\"");
      HttpResponse<byte[]> nodeGraph =
          ApiFixtures.get(server, "/nodegraph/api/graph/data?stats-type=bytes" + WINDOW);
      assertThat(nodeGraph.statusCode()).isEqualTo(200);
      assertThat(text(nodeGraph)).contains("\"subTitle\":\"shop\"");

      HttpResponse<byte[]> pods = ApiFixtures.get(server, "/api/v1/graph?group=pod" + WINDOW);
      assertThat(pods.statusCode()).isEqualTo(501);
      assertThat(text(pods)).startsWith("{\"error\":\"the Prometheus query mode knows workloads");
      assertThat(ApiFixtures.get(server, "/nodegraph/connections").statusCode()).isEqualTo(501);
      assertThat(ApiFixtures.get(server, "/api/v1/tls").statusCode()).isEqualTo(501);

      prometheus.close();
      HttpResponse<byte[]> gone = ApiFixtures.get(server, "/api/v1/graph?group=workload" + WINDOW);
      assertThat(gone.statusCode()).isEqualTo(503);
      assertThat(text(gone)).contains("Prometheus at " + prometheus.url() + " did not answer");
      assertThat(text(ApiFixtures.get(server, "/metrics")))
          .contains("tcpmap_prometheus_queries_total{result=\"unavailable\"} 1.0");
    } finally {
      prometheus.close();
    }
  }

  private static String text(HttpResponse<byte[]> answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }
}
