package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.capture.testnet.ConnectionPlan;
import dev.tcpmap.capture.testnet.Ending;
import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.Scenario;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.core.model.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a live agent that observed known traffic between network namespaces
 * (the eBPF tracer, both ends on this host): PromQL over k8spacket's families and tcpmap's own
 * returns exactly the connections and bytes made, both as scraped and as the agent remote-wrote
 * them to the same Prometheus. The server port is drawn at random, so that the series counted are
 * this test's alone on a shared host.
 */
@Tag("privileged")
class PrivilegedPrometheusTest {
  private static final int CONNECTIONS = 5;

  /**
   * The query of each panel of k8spacket's metrics dashboard, {@code FAMILY} standing for {@code
   * bytes_sent}, {@code bytes_received} and {@code duration_seconds} (the panels differ only
   * there).
   */
  private static final String K8SPACKET_METRICS_PANEL =
      "sum(increase(k8s_packet_FAMILY_sum{ns=~\"$ns\", src_name=~\"$workload\"}[1m])) by (src_name)"
          + "/sum(increase(k8s_packet_FAMILY_count{ns=~\"$ns\", src_name=~\"$workload\"}[1m]))"
          + " by (src_name)";

  private static final Path DASHBOARD =
      Path.of("../deploy/helm/tcpmap/dashboards/tcpmap-graph-prometheus.json");

  @TempDir Path work;

  @Test
  void scrapeAndRemoteWrite_realTraffic_promqlAnswersExactCountsAndBytes() throws Exception {
    int port = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
    int agentPort = PrometheusProcess.freePort();
    try (TestNetwork network = TestNetwork.create(2, 1);
        PrometheusProcess prometheus =
            PrometheusProcess.start(work.resolve("prometheus"), List.of(agentPort))) {
      CliRun run =
          PrometheusProcess.tracedAgent(
              agentPort,
              Map.of(
                  "TCPMAP_METRICS_REMOTE_WRITE_URL", prometheus.remoteWriteUrl(),
                  "TCPMAP_METRICS_REMOTE_WRITE_EVERY", "1s",
                  "TCPMAP_METRICS_EXTERNAL_LABELS", "cluster=test,node=n1"));
      ApiServer api = run.server();
      try {
        List<ExpectedConnection> made = traffic(network, port);
        long sent = made.stream().mapToLong(ExpectedConnection::bytesSent).sum();
        long received = made.stream().mapToLong(ExpectedConnection::bytesReceived).sum();
        String server = network.v4(Side.B, 0).toString();
        // The same figures through both paths: scraped (job) and remote-written (cluster).
        for (String path : List.of("job=\"tcpmap\"", "cluster=\"test\",node=\"n1\"")) {
          String k8spacket = "{" + path + ",dst=\"" + server + "\",dst_port=\"" + port + "\"}";
          String workload = "{" + path + ",server_port=\"" + port + "\"";
          assertThat(
                  prometheus.await(
                      "sum(k8s_packet_bytes_sent_count" + k8spacket + ")", v -> v >= CONNECTIONS))
              .as(path)
              .isEqualTo(CONNECTIONS);
          assertThat(prometheus.value("sum(k8s_packet_bytes_sent_sum" + k8spacket + ")"))
              .hasValue(sent);
          assertThat(prometheus.value("sum(k8s_packet_bytes_received_sum" + k8spacket + ")"))
              .hasValue(received);
          assertThat(prometheus.value("sum(k8s_packet_duration_seconds_count" + k8spacket + ")"))
              .hasValue(CONNECTIONS);
          assertThat(
                  prometheus.await(
                      "sum(tcpmap_connections_total" + workload + "})", v -> v >= CONNECTIONS))
              .isEqualTo(CONNECTIONS);
          assertThat(
                  prometheus.value("sum(tcpmap_bytes_total" + workload + ",direction=\"sent\"})"))
              .hasValue(sent);
          assertThat(
                  prometheus.value(
                      "sum(tcpmap_bytes_total" + workload + ",direction=\"received\"})"))
              .hasValue(received);
          assertThat(
                  prometheus.value(
                      "sum(tcpmap_connection_duration_seconds_count" + workload + "})"))
              .hasValue(CONNECTIONS);
        }

        assertDashboardDrawsTheGraph(prometheus, port);
        assertK8spacketMetricsDashboard(prometheus, network, port); // makes more traffic: last
        // The health families are there, and nothing was dropped on the way.
        assertThat(prometheus.value("sum(tcpmap_events_total{job=\"tcpmap\",kind=\"closed\"})"))
            .isPresent();
        assertThat(prometheus.value("sum(jvm_memory_used_bytes{job=\"tcpmap\"})")).isPresent();
        assertThat(
                prometheus.value("sum(tcpmap_remote_write_samples_dropped_total{job=\"tcpmap\"})"))
            .hasValue(0);
      } finally {
        run.closeServers();
      }
    }
  }

  /**
   * k8spacket's own metrics dashboard (its {@code dashboards/k8s-packet-metrics.yaml}): its three
   * panels' queries as it writes them, with its variables filled in as Grafana fills an "All"
   * selection of a multi-value variable (the alternation of the label's values from {@code
   * label_values}). Each panel divides the growth of a summary's {@code _sum} by that of its {@code
   * _count} over the last minute, so it draws only once the series grew after their first scrape: a
   * second round of traffic, after the first was counted. Every panel then answers for this test's
   * clients, with a positive, finite value.
   */
  private void assertK8spacketMetricsDashboard(
      PrometheusProcess prometheus, TestNetwork network, int port) throws Exception {
    String server = network.v4(Side.B, 0).toString();
    List<String> clients =
        prometheus.labelValues(
            "src_name",
            "k8s_packet_bytes_sent_count{job=\"tcpmap\",dst=\""
                + server
                + "\",dst_port=\""
                + port
                + "\"}");
    assertThat(clients).isNotEmpty();
    traffic(network, port, CONNECTIONS, 2_000, work);
    String ns = PrometheusProcess.allOf(prometheus.labelValues("ns", "k8s_packet_bytes_sent_sum"));
    String workload =
        PrometheusProcess.allOf(
            prometheus.labelValues("src_name", "k8s_packet_bytes_sent_sum{ns=~\"" + ns + "\"}"));
    for (String family : List.of("bytes_sent", "bytes_received", "duration_seconds")) {
      String expr =
          K8SPACKET_METRICS_PANEL
              .replace("FAMILY", family)
              .replace("$ns", ns)
              .replace("$workload", workload);
      Map<String, Double> drawn = new java.util.TreeMap<>();
      Instant deadline = Instant.now().plusSeconds(60);
      // A panel shows NaN (0/0) until a scrape saw the second round: wait for numbers.
      while (!drawsEach(drawn, clients) && Instant.now().isBefore(deadline)) {
        drawn.clear();
        for (JsonNode sample : prometheus.query(expr)) {
          drawn.put(
              sample.get("metric").get("src_name").asText(),
              Double.parseDouble(sample.get("value").get(1).asText()));
        }
        Thread.sleep(250);
      }
      assertThat(drawn).as(expr).containsKeys(clients.toArray(String[]::new));
      for (String client : clients) {
        assertThat(drawn.get(client)).as(family + " of " + client).isFinite().isPositive();
      }
    }
  }

  private static boolean drawsEach(Map<String, Double> drawn, List<String> clients) {
    return clients.stream()
        .allMatch(c -> drawn.containsKey(c) && Double.isFinite(drawn.get(c)) && drawn.get(c) > 0);
  }

  /**
   * The plugin-less node-graph dashboard's queries, its variables filled in: every edge of this
   * test's port has a source and a target among the nodes, as Grafana's Node Graph panel needs.
   */
  private static void assertDashboardDrawsTheGraph(PrometheusProcess prometheus, int port)
      throws Exception {
    JsonNode dashboard = Json.mapper().readTree(DASHBOARD.toFile());
    JsonNode targets = dashboard.get("panels").get(0).get("targets");
    Map<String, String> exprs = new java.util.HashMap<>();
    for (JsonNode target : targets) {
      exprs.put(
          target.get("refId").asText(),
          target
              .get("expr")
              .asText()
              .replace("$namespace", ".*")
              .replace("$__range", "5m")
              // The scraped series only: the same ones come remote-written too.
              .replace("client_namespace=~", "job=\"tcpmap\",client_namespace=~"));
    }
    java.util.Set<String> nodes = new java.util.HashSet<>();
    for (JsonNode node : prometheus.awaitSamples(exprs.get("nodes"))) {
      nodes.add(node.get("metric").get("id").asText());
    }
    JsonNode edges = prometheus.awaitSamples(exprs.get("edges"));
    assertThat(edges).isNotEmpty();
    for (JsonNode edge : edges) {
      JsonNode labels = edge.get("metric");
      assertThat(nodes).contains(labels.get("source").asText(), labels.get("target").asText());
      assertThat(labels.get("id").asText())
          .isEqualTo(labels.get("source").asText() + " -> " + labels.get("target").asText());
    }
    assertThat(
            prometheus.value(
                "sum("
                    + exprs
                        .get("edges")
                        .replace("job=\"tcpmap\",", "server_port=\"" + port + "\",job=\"tcpmap\",")
                    + ")"))
        .hasValue(CONNECTIONS);
  }

  /** {@link #CONNECTIONS} connections from side A's hosts to side B's first, distinct sizes. */
  private List<ExpectedConnection> traffic(TestNetwork network, int port) throws Exception {
    return traffic(network, port, CONNECTIONS, 1_000, work);
  }

  /**
   * {@code count} connections from side A's two hosts to side B's first, each of its own size from
   * {@code size} up; captured in {@code work}.
   */
  static List<ExpectedConnection> traffic(
      TestNetwork network, int port, int count, int size, Path work) throws Exception {
    List<ConnectionPlan> plans = new ArrayList<>();
    IpAddress server = network.v4(Side.B, 0);
    for (int i = 0; i < count; i++) {
      IpAddress client = network.v4(Side.A, i % 2);
      plans.add(
          ConnectionPlan.of(
              i, Ending.CLIENT_CLOSE, client, server, port, size + 17 * i, 3 * size + 5 * i, 1));
    }
    TrafficCapture.Result result =
        TrafficCapture.run(
            network, new Scenario(plans), work.resolve("traffic.pcap"), 2, Duration.ofMinutes(1));
    assertThat(result.expected()).hasSize(count);
    return result.expected();
  }
}
