package dev.tcpmap.api;

import static dev.tcpmap.api.ApiFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.aggregate.LiveCounts;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.query.service.RecordsView;
import dev.tcpmap.query.service.Status;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The kubelet's probes over real HTTP: liveness never depends on sources, readiness does. */
class ProbeRoutesTest {
  private static final SourceStatus TRACER = new SourceStatus("socket-tracer", State.RUNNING, "");
  private static final SourceStatus HISTORY =
      new SourceStatus("history", State.RUNNING, "/var/lib/tcpmap/history.db");

  private static Status status(SourceStatus... sources) {
    return new Status(
        "test", Instant.EPOCH, List.of(sources), new LiveCounts(Map.of(), Map.of()), 0, 0);
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return Json.mapper().readTree(response.body());
  }

  @Test
  void agentIsReadyWhenTracerAndHistoryAreUp_andNotWhenOneFailsOrItStops() throws IOException {
    AtomicReference<Status> now = new AtomicReference<>(status(TRACER, HISTORY));
    try (ApiServer server =
        ApiServer.start(
            ApiFixtures.CONFIG,
            new RecordsView(
                () -> ApiFixtures.SNAPSHOT,
                ApiFixtures.CONFIG.names(),
                ApiFixtures.CONFIG.persistentThreshold()),
            now::get)) {
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      assertThat(json(get(server, "/readyz")).get("status").asText()).isEqualTo("ready");

      // Capture failed (no CAP_NET_RAW) and a history kept in memory: still worth asking.
      now.set(
          status(
              TRACER,
              new SourceStatus("history", State.DEGRADED, "in memory: read-only file system"),
              new SourceStatus("packet-capture", State.FAILED, "needs CAP_NET_RAW")));
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);

      now.set(status(new SourceStatus("socket-tracer", State.FAILED, "detached"), HISTORY));
      HttpResponse<byte[]> failed = get(server, "/readyz");
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(json(failed).get("error").asText())
          .isEqualTo("not ready: socket-tracer failed (detached)");

      now.set(status(TRACER));
      assertThat(json(get(server, "/readyz")).get("error").asText())
          .isEqualTo("not ready: history not started");

      now.set(status(new SourceStatus("socket-tracer", State.STOPPED, ""), HISTORY));
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);

      // Liveness is the process serving, whatever its sources say.
      HttpResponse<byte[]> live = get(server, "/healthz");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(json(live).get("status").asText()).isEqualTo("ok");
    }
  }

  @Test
  void aServedCaptureIsLiveAndReady() throws IOException {
    try (ApiServer server = ApiFixtures.start()) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<byte[]> ready = get(server, "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(json(ready).get("status").asText()).isEqualTo("ready");
      assertThat(get(server, "/api/v1/status").statusCode()).isEqualTo(404);
    }
  }
}
