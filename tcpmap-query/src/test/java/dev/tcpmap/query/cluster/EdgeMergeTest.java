package dev.tcpmap.query.cluster;

import static dev.tcpmap.query.testing.ClusterWorld.API;
import static dev.tcpmap.query.testing.ClusterWorld.BATCH;
import static dev.tcpmap.query.testing.ClusterWorld.CACHE;
import static dev.tcpmap.query.testing.ClusterWorld.CRON;
import static dev.tcpmap.query.testing.ClusterWorld.OUTSIDE;
import static dev.tcpmap.query.testing.ClusterWorld.STRIPE;
import static dev.tcpmap.query.testing.ClusterWorld.SVC;
import static dev.tcpmap.query.testing.ClusterWorld.WEB;
import static dev.tcpmap.query.testing.ClusterWorld.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.query.testing.ClusterWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeMergeTest {
  private static final PeerEdges A = observe(ClusterWorld.NODE_A);
  private static final PeerEdges B = observe(ClusterWorld.NODE_B);

  private static PeerEdges observe(Snapshot snapshot) {
    return PeerEdges.observe(snapshot, ClusterWorld.NAMES, Duration.ofSeconds(10), TimeRange.ALL);
  }

  private static String edge(Endpoint client, Endpoint server, int port) {
    return client.name() + "→" + server.name() + ":" + port;
  }

  private static Map<String, Long> connectionsByEdge(List<EdgeStats> edges) {
    return edges.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                e -> edge(e.key().client(), e.key().server(), e.key().serverPort()),
                EdgeStats::connections));
  }

  @Test
  void merge_bothAgentsAnswered_countsEachConnectionOnce() {
    List<EdgeStats> merged = EdgeMerge.merge(List.of(A, B), Set.of("node-a", "node-b"));

    // web-1 → api-7 is b's view of the two connections a saw as web-1 → svc.api: dropped.
    assertThat(connectionsByEdge(merged))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                edge(WEB, SVC, 80), 2L,
                edge(WEB, CACHE, 6379), 1L,
                edge(BATCH, API, 8080), 1L,
                edge(WORKER, API, 8080), 1L,
                edge(CRON, API, 8080), 1L,
                edge(OUTSIDE, API, 8080), 1L,
                edge(API, STRIPE, 443), 1L));
  }

  @Test
  void merge_clientsAgentMissing_keepsTheServerSide() {
    List<EdgeStats> merged = EdgeMerge.merge(List.of(B), Set.of("node-b"));

    assertThat(connectionsByEdge(merged))
        .containsEntry(edge(WEB, API, 8080), 2L)
        .doesNotContainKey(edge(WEB, SVC, 80))
        .hasSize(6);
  }

  @Test
  void merge_clientWithoutNode_isKeptEvenWhenAnAgentHasNoNode() {
    // An agent whose node is unknown ("") must not swallow every external client.
    List<EdgeStats> merged = EdgeMerge.merge(List.of(B), Set.of("", "node-b"));

    assertThat(connectionsByEdge(merged)).containsEntry(edge(OUTSIDE, API, 8080), 1L);
  }

  @Test
  void merge_sameClientSideKeyFromTwoAgents_isSummed() {
    EdgeKey key = new EdgeKey(WEB, SVC, 80);
    EdgeStats early =
        new EdgeStats(
            key,
            2,
            new OutcomeCounts(2, 0, 0, 0, 0, 0),
            1,
            10,
            20,
            Duration.ofSeconds(12),
            Duration.ofSeconds(10),
            TestConnections.T0,
            TestConnections.T0.plusSeconds(11));
    EdgeStats late =
        new EdgeStats(
            key,
            1,
            new OutcomeCounts(0, 1, 0, 0, 0, 0),
            0,
            5,
            7,
            Duration.ofSeconds(3),
            Duration.ofSeconds(3),
            TestConnections.T0.plusSeconds(60),
            TestConnections.T0.plusSeconds(63));
    PeerEdges one =
        new PeerEdges(ClusterWorld.NOW, Map.of(), List.of(new SidedEdge(Side.CLIENT, early)));
    PeerEdges two =
        new PeerEdges(ClusterWorld.NOW, Map.of(), List.of(new SidedEdge(Side.CLIENT, late)));

    List<EdgeStats> merged = EdgeMerge.merge(List.of(one, two), Set.of("node-a"));

    assertThat(merged)
        .containsExactly(
            new EdgeStats(
                key,
                3,
                new OutcomeCounts(2, 1, 0, 0, 0, 0),
                1,
                15,
                27,
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                TestConnections.T0,
                TestConnections.T0.plusSeconds(63)));
  }
}
