package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.TestNetwork;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpmap query} against a real Prometheus that scraped a live agent which observed known
 * traffic between network namespaces (the eBPF tracer): for the same window, its workload graph has
 * the same edges, counts, outcomes and bytes as the agent's own {@code
 * /api/v1/graph?group=workload} and as the traffic made. The window starts before the traffic and
 * ends after Prometheus scraped its last close, so the scrape alignment (docs/metrics.md) moves
 * nothing across its ends. The server port is drawn at random: only this test's edges are compared
 * on a shared host.
 */
@Tag("privileged")
class PrivilegedPrometheusQueryTest {
  private static final int CONNECTIONS = 6;

  @TempDir Path work;

  @Test
  void query_prometheusOfALiveAgent_answersTheAgentsWorkloadGraph() throws Exception {
    int port = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
    int agentPort = PrometheusProcess.freePort();
    try (TestNetwork network = TestNetwork.create(2, 1);
        PrometheusProcess prometheus =
            PrometheusProcess.start(work.resolve("prometheus"), List.of(agentPort))) {
      CliRun agent = PrometheusProcess.tracedAgent(agentPort, Map.of());
      CliRun query = null;
      try {
        long from = System.currentTimeMillis();
        List<ExpectedConnection> made =
            PrivilegedPrometheusTest.traffic(network, port, CONNECTIONS, 2_000, work);
        prometheus.await(
            "sum(tcpmap_connections_total{job=\"tcpmap\",server_port=\"" + port + "\"})",
            v -> v >= CONNECTIONS);
        long to = System.currentTimeMillis() + 1;
        query = CliRun.run(Map.of(), "query", "--prometheus", prometheus.url(), "--port", "0");
        String window = "&from=" + from + "&to=" + to;

        Map<String, Edge> own = edges(agent.server(), window, port);
        Map<String, Edge> fromPrometheus = edges(query.server(), window, port);
        assertThat(fromPrometheus).isEqualTo(own);
        long sent = made.stream().mapToLong(ExpectedConnection::bytesSent).sum();
        long received = made.stream().mapToLong(ExpectedConnection::bytesReceived).sum();
        assertThat(fromPrometheus.values())
            .extracting(Edge::connections, Edge::bytesSent, Edge::bytesReceived)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple((long) CONNECTIONS, sent, received));

        // k8spacket's node graph from the same series: the server's node took the connections.
        JsonNode nodeGraph =
            json(query.server(), "/nodegraph/api/graph/data?stats-type=connection" + window);
        String serverName = fromPrometheus.values().iterator().next().serverName();
        assertThat(nodeGraph.get("nodes").findValuesAsText("title")).contains(serverName);
        assertThat(nodeGraph.get("edges")).isNotEmpty();

        // What the workload series cannot know is said, not invented.
        HttpResponse<String> pods = CliRun.get(query.server(), "/api/v1/graph?group=pod" + window);
        assertThat(pods.statusCode()).isEqualTo(501);
        assertThat(pods.body()).contains("knows workloads, not pods");
        assertThat(CliRun.get(query.server(), "/api/v1/connections").statusCode()).isEqualTo(501);
      } finally {
        agent.closeServers();
        if (query != null) {
          query.closeServers();
        }
      }
    }
  }

  /** An edge's figures as both graphs give them, summed by names and port. */
  record Edge(
      String clientName,
      String serverName,
      long connections,
      long closed,
      long persistent,
      long bytesSent,
      long bytesReceived) {}

  private static Map<String, Edge> edges(ApiServer server, String window, int port)
      throws Exception {
    JsonNode graph = json(server, "/api/v1/graph?group=workload" + window);
    Map<String, Edge> out = new TreeMap<>();
    for (JsonNode e : graph.get("edges")) {
      if (e.get("serverPort").asInt() != port) {
        continue;
      }
      Edge edge =
          new Edge(
              e.get("clientName").asText(),
              e.get("serverName").asText(),
              e.get("connections").asLong(),
              e.get("outcomes").get("closed").asLong(),
              e.get("persistent").asLong(),
              e.get("bytesSent").asLong(),
              e.get("bytesReceived").asLong());
      out.merge(
          edge.clientName() + " -> " + edge.serverName(),
          edge,
          (a, b) ->
              new Edge(
                  a.clientName(),
                  a.serverName(),
                  a.connections() + b.connections(),
                  a.closed() + b.closed(),
                  a.persistent() + b.persistent(),
                  a.bytesSent() + b.bytesSent(),
                  a.bytesReceived() + b.bytesReceived()));
    }
    return out;
  }

  private static JsonNode json(ApiServer server, String pathAndQuery) throws Exception {
    HttpResponse<String> answer = CliRun.get(server, pathAndQuery);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return Json.mapper().readTree(answer.body());
  }
}
