package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.api.wire.PeerEdgesJson;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.testing.ClusterWorld;
import dev.tcpmap.query.testing.ClusterWorld.SilentServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The graph endpoints answering for a cluster: agent a asks itself, agent b, agent c (down) and
 * agent d (hung), all real servers on loopback (see {@link ClusterWorld}).
 */
class ClusterApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private static ApiServer agentB;
  private static SilentServer hung;
  private static PeerDirectory directory;

  @BeforeAll
  static void start() {
    agentB = ApiServer.start(config(PeerDirectory.NONE), () -> ClusterWorld.NODE_B);
    hung = new SilentServer();
    directory =
        ClusterWorld.directory(
            "agent-a",
            new Peer("agent-a", "node-a", "127.0.0.1", 1),
            new Peer("agent-b", "node-b", "127.0.0.1", agentB.port()),
            new Peer("agent-c", "node-c", "127.0.0.1", ClusterWorld.closedPort()),
            new Peer("agent-d", "node-d", "127.0.0.1", hung.port()));
  }

  @AfterAll
  static void stop() throws IOException {
    agentB.close();
    hung.close();
  }

  private static ApiConfig config(PeerDirectory peers) {
    return ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10))
        .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .withResolver(ClusterWorld.NAMES)
        .withClock(InstantSource.fixed(ClusterWorld.NOW))
        .withPeers(peers, TIMEOUT);
  }

  private static ApiServer agentA() {
    return ApiServer.start(config(directory), () -> ClusterWorld.NODE_A);
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return Json.mapper().readTree(response.body());
  }

  /** A timed GET: the answer must come within the timeout and a margin. */
  private static HttpResponse<byte[]> get(ApiServer server, String pathAndQuery) {
    long started = System.nanoTime();
    HttpResponse<byte[]> response = ApiFixtures.get(server, pathAndQuery);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(MARGIN));
    return response;
  }

  @Test
  void k8spacketGraph_isTheClustersWithMissingPeersInAHeader() throws IOException {
    try (ApiServer a = agentA()) {
      HttpResponse<byte[]> response = get(a, "/nodegraph/api/graph/data?stats-type=connection");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Tcpmap-Missing-Peers"))
          .hasValue("agent-c,agent-d");
      List<String> edges = new ArrayList<>();
      json(response)
          .get("edges")
          .forEach(e -> edges.add(e.get("id").asText() + " " + e.get("mainStat").asText()));
      assertThat(edges)
          .containsExactly(
              "10.1.0.1-10.1.0.2 all: 1",
              "10.1.0.1-10.96.0.10 all: 2",
              "10.2.0.7-198.51.100.1 all: 1",
              "10.3.0.1-10.2.0.7 all: 1",
              "10.4.0.1-10.2.0.7 all: 1",
              "10.5.0.1-10.2.0.7 all: 1",
              "203.0.113.9-10.2.0.7 all: 1");
    }
  }

  @Test
  void nativeGraph_namesAnsweredAndMissingPeers() throws IOException {
    try (ApiServer a = agentA()) {
      JsonNode graph = json(get(a, "/api/v1/graph"));

      assertThat(graph.get("answeredPeers").toString()).isEqualTo("[\"agent-a\",\"agent-b\"]");
      JsonNode missing = graph.get("missingPeers");
      assertThat(missing.findValuesAsText("reason")).containsExactly("refused", "timeout");
      assertThat(missing.get(0).get("name").asText()).isEqualTo("agent-c");
      assertThat(missing.get(0).get("node").asText()).isEqualTo("node-c");
      assertThat(missing.get(0).get("address").asText()).startsWith("127.0.0.1:");
      long connections = 0;
      for (JsonNode edge : graph.get("edges")) {
        connections += edge.get("connections").asLong();
      }
      assertThat(connections).isEqualTo(8);
      assertThat(graph.get("losses").toString())
          .isEqualTo("{\"agent/close-missed\":2,\"tracer/ring-buffer-full\":4}");
    }
  }

  @Test
  void nativeGraph_filtersTheMergedEdges() throws IOException {
    try (ApiServer a = agentA()) {
      JsonNode graph = json(get(a, "/api/v1/graph?namespace=%5Ejobs%24"));

      assertThat(graph.get("edges")).hasSize(3);
    }
  }

  @Test
  void connections_stayThisAgentsOwn() throws IOException {
    try (ApiServer a = agentA()) {
      HttpResponse<byte[]> records = ApiFixtures.get(a, "/nodegraph/connections");
      JsonNode log = json(ApiFixtures.get(a, "/api/v1/connections"));

      assertThat(json(records)).hasSize(2);
      assertThat(records.headers().firstValue("X-Tcpmap-Missing-Peers")).isEmpty();
      assertThat(log.get("total").asInt()).isEqualTo(3);
      assertThat(log.has("missingPeers")).isFalse();
    }
  }

  @Test
  void withoutPeers_noHeaderAndNoPeerFields() throws IOException {
    HttpResponse<byte[]> graph = ApiFixtures.get(agentB, "/nodegraph/api/graph/data");

    assertThat(graph.headers().firstValue("X-Tcpmap-Missing-Peers")).isEmpty();
    assertThat(json(ApiFixtures.get(agentB, "/api/v1/graph")).has("missingPeers")).isFalse();
  }

  @Test
  void peerEdges_roundTripsThisAgentsEdges() throws Exception {
    HttpResponse<byte[]> response = ApiFixtures.get(agentB, "/api/v1/peer/edges");

    PeerEdges read = PeerEdgesJson.read(new ByteArrayInputStream(response.body()));

    assertThat(read)
        .isEqualTo(
            PeerEdges.observe(
                ClusterWorld.NODE_B, ClusterWorld.NAMES, Duration.ofSeconds(10), TimeRange.ALL));
  }

  @Test
  void peerEdges_badWindow_is400() {
    assertThat(ApiFixtures.get(agentB, "/api/v1/peer/edges?from=x").statusCode()).isEqualTo(400);
  }

  @Test
  void metrics_afterOneFanOut_matchGoldenFile() throws IOException {
    try (ApiServer a = agentA()) {
      get(a, "/api/v1/graph");

      HttpResponse<byte[]> metrics = ApiFixtures.get(a, "/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      GoldenFiles.assertMatches(
          "metrics-fanout.txt", new String(metrics.body(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void metrics_withoutFanOut_areServed() {
    HttpResponse<byte[]> metrics = ApiFixtures.get(agentB, "/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(new String(metrics.body(), StandardCharsets.UTF_8))
        .contains("tcpmap_peers_missing 0.0");
  }

  @Test
  void snapshotUnused_whenAgentIsOnlyAPeer() {
    // A fresh snapshot per request: a directory that lists no peers falls back to local data.
    try (ApiServer lone =
        ApiServer.start(
            config(ClusterWorld.directory("agent-a")), () -> Snapshot.empty(ClusterWorld.NOW))) {
      HttpResponse<byte[]> response = ApiFixtures.get(lone, "/nodegraph/api/graph/data");
      assertThat(response.headers().firstValue("X-Tcpmap-Missing-Peers")).isEmpty();
    }
  }
}
