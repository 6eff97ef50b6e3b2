package dev.tcpmap.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.api.testing.RecordedPrometheus;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.query.service.ViewException;
import dev.tcpmap.query.service.WorkloadEdge;
import dev.tcpmap.query.service.WorkloadView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view over recorded answers of a real Prometheus, served by a small HTTP server on loopback:
 * the PromQL sent, the answers parsed into workload edges, and every way the API can fail.
 */
class PrometheusViewTest {
  private static final Instant TO = Instant.parse("2026-12-07T22:00:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(TO.toEpochMilli() - 60_000, TO.toEpochMilli());

  @TempDir Path dir;

  private static PrometheusView view(URI url, Duration timeout, ClientCredentials credentials) {
    return new PrometheusView(
        new PrometheusSettings.Config(Optional.of(url), timeout, credentials),
        Duration.ofSeconds(10),
        InstantSource.fixed(TO));
  }

  private static PrometheusView view(URI url) {
    return view(url, Duration.ofSeconds(5), ClientCredentials.NONE);
  }

  @Test
  void edges_recordedAnswers_workloadEdgesWithCountsBytesAndDurations() {
    try (RecordedPrometheus prometheus = new RecordedPrometheus();
        PrometheusView view = view(prometheus.url())) {
      WorkloadView.Answer answer = view.edges(WINDOW);

      assertThat(answer.asOf()).isEqualTo(TO);
      assertThat(answer.edges()).hasSize(2);
      WorkloadEdge external = answer.edges().get(0);
      WorkloadEdge api = answer.edges().get(1);
      assertThat(api.client().id()).isEqualTo("workload:shop/Deployment/web");
      assertThat(api.server().id()).isEqualTo("service:shop/api");
      assertThat(api.server().title()).isEqualTo("svc.api");
      assertThat(api.serverPort()).isEqualTo(8080);
      assertThat(api.outcomes()).isEqualTo(new OutcomeCounts(7, 1, 0, 0, 0, 0));
      assertThat(api.bytesSent()).isEqualTo(7_100);
      assertThat(api.bytesReceived()).isEqualTo(70_000);
      // 12.5 s and 40 s are above the 10 s bound; all eight fit under 60 s, more than their sum.
      assertThat(api.persistent()).isEqualTo(2);
      assertThat(api.durationSum()).isEqualTo(Duration.ofMillis(52_900));
      assertThat(api.durationMax()).isEqualTo(Duration.ofMillis(52_900));
      assertThat(external.server().id()).isEqualTo("external:example.com");
      assertThat(external.server().namespace()).isEmpty();
      assertThat(external.outcomes().total()).isEqualTo(2);
      assertThat(external.persistent()).isZero();
      assertThat(external.bytesSent()).isEqualTo(512);
      assertThat(external.bytesReceived()).isEqualTo(4_096);
      // 0.25 s and 0.75 s: at most 1 s each, the smallest bound that holds both.
      assertThat(external.durationMax()).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void edges_window_fourQueriesAtItsEndOverItsLength() {
    try (RecordedPrometheus prometheus = new RecordedPrometheus();
        PrometheusView view = view(prometheus.url())) {
      view.edges(WINDOW);

      assertThat(prometheus.asked()).hasSize(4);
      assertThat(prometheus.asked())
          .allSatisfy(q -> assertThat(q.get("time")).isEqualTo(TO.getEpochSecond() + ".000"));
      assertThat(connectionsQuery(prometheus))
          .isEqualTo(
              "sum by (client_namespace, client_workload, server_namespace, server_workload,"
                  + " server_port, outcome) (clamp_min(last_over_time(tcpmap_connections_total"
                  + "[60000ms]) - (tcpmap_connections_total offset 60000ms or 0 *"
                  + " last_over_time(tcpmap_connections_total[60000ms])), 0))");
    }
  }

  @Test
  void edges_noFrom_theCountersAtTheEnd() {
    try (RecordedPrometheus prometheus = new RecordedPrometheus();
        PrometheusView view = view(prometheus.url())) {
      prometheus.answerAll(200, RecordedPrometheus.recorded("connections.json"));
      view.edges(new TimeRange(TimeRange.UNBOUNDED_FROM, TO.toEpochMilli()));

      assertThat(connectionsQuery(prometheus))
          .endsWith("(tcpmap_connections_total)")
          .doesNotContain("offset");
    }
  }

  @Test
  void edges_bearerTokenFile_sentAsAuthorization() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
    try (RecordedPrometheus prometheus = new RecordedPrometheus();
        PrometheusView view =
            view(
                prometheus.url(),
                Duration.ofSeconds(5),
                new ClientCredentials(Optional.of(token), Optional.empty(), Optional.empty()))) {
      view.edges(WINDOW);

      assertThat(prometheus.asked())
          .allSatisfy(q -> assertThat(q.get("Authorization")).isEqualTo("Bearer s3cret"));
    }
  }

  @Test
  void edges_prometheusDown_unavailableNamingItAndCounted() throws Exception {
    URI nothing;
    try (ServerSocket closed = new ServerSocket(0)) {
      nothing = URI.create("http://127.0.0.1:" + closed.getLocalPort());
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    try (PrometheusView view = view(nothing)) {
      view.register(registry);
      assertThatThrownBy(() -> view.edges(WINDOW))
          .isInstanceOfSatisfying(
              ViewException.class,
              e -> assertThat(e.reason()).isEqualTo(ViewException.Reason.UNAVAILABLE))
          .hasMessageStartingWith("Prometheus at " + nothing + " did not answer: ")
          .hasMessageContaining("ConnectException");
    }
    assertThat(queries(registry, "unavailable")).isEqualTo(1);
  }

  @Test
  void edges_prometheusHangs_unavailableAfterTheTimeout() {
    try (RecordedPrometheus prometheus = new RecordedPrometheus();
        PrometheusView view =
            view(prometheus.url(), Duration.ofMillis(300), ClientCredentials.NONE)) {
      prometheus.hang();
      assertThatThrownBy(() -> view.edges(WINDOW))
          .isInstanceOfSatisfying(
              ViewException.class,
              e -> assertThat(e.reason()).isEqualTo(ViewException.Reason.UNAVAILABLE))
          .hasMessageEndingWith("did not answer: no answer within 300 ms");
    }
  }

  record Failure(int status, String body, ViewException.Reason reason, String message) {}

  static List<Failure> failures() {
    return List.of(
        new Failure(
            400,
            RecordedPrometheus.recorded("bad-query-400.json"),
            ViewException.Reason.BAD_ANSWER,
            "answered HTTP 400: invalid parameter \"query\": 1:9: parse error: unclosed left"
                + " parenthesis"),
        new Failure(401, "Unauthorized\n", ViewException.Reason.BAD_ANSWER, "answered HTTP 401"),
        new Failure(
            503,
            "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}",
            ViewException.Reason.UNAVAILABLE,
            "answered HTTP 503: overloaded"),
        new Failure(
            200, "<html>", ViewException.Reason.BAD_ANSWER, "answered malformed: not JSON: "),
        new Failure(
            200,
            RecordedPrometheus.recorded("matrix.json"),
            ViewException.Reason.BAD_ANSWER,
            "answered malformed: not an instant vector"),
        new Failure(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1,\"many\"]}]}}",
            ViewException.Reason.BAD_ANSWER,
            "answered malformed: data.result[0].value: not a number: many"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("failures")
  void edges_failingAnswer_classifiedWithPrometheusText(Failure failure) {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (RecordedPrometheus prometheus = new RecordedPrometheus();
        PrometheusView view = view(prometheus.url())) {
      view.register(registry);
      prometheus.answerAll(failure.status(), failure.body());
      assertThatThrownBy(() -> view.edges(WINDOW))
          .isInstanceOfSatisfying(
              ViewException.class, e -> assertThat(e.reason()).isEqualTo(failure.reason()))
          .hasMessageContaining("Prometheus at " + prometheus.url() + " " + failure.message());
    }
    String result =
        failure.reason() == ViewException.Reason.UNAVAILABLE
            ? "unavailable"
            : failure.message().contains("malformed") ? "malformed" : "refused";
    assertThat(queries(registry, result)).isEqualTo(1);
  }

  @Test
  void construction_persistentThresholdNotABucketBound_refusedNamingTheBounds() {
    assertThatThrownBy(
            () ->
                new PrometheusView(
                    new PrometheusSettings.Config(
                        Optional.of(URI.create("http://127.0.0.1:1")),
                        Duration.ofSeconds(1),
                        ClientCredentials.NONE),
                    Duration.ofSeconds(15),
                    InstantSource.fixed(TO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT15S is not one")
        .hasMessageContaining("10.0, 30.0");
  }

  /** The query of the connections, whichever of the four, sent at once, arrived first. */
  private static String connectionsQuery(RecordedPrometheus prometheus) {
    return prometheus.asked().stream()
        .map(q -> q.get("query"))
        .filter(q -> q.contains("(tcpmap_connections_total"))
        .findFirst()
        .orElseThrow();
  }

  private static double queries(PrometheusRegistry registry, String result) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals("tcpmap_prometheus_queries"))
        .flatMap(m -> m.getDataPoints().stream())
        .filter(p -> p.getLabels().get("result").equals(result))
        .mapToDouble(
            p ->
                ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p)
                    .getValue())
        .sum();
  }
}
