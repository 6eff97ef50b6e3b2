package dev.tcpmap.query.k8spacket;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.query.testing.TestEndpoints.external;
import static dev.tcpmap.query.testing.TestEndpoints.pod;
import static dev.tcpmap.query.testing.TestEndpoints.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.k8spacket.NodeGraph.Edge;
import dev.tcpmap.query.k8spacket.NodeGraph.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeGraphsTest {
  private static final Endpoint WEB = pod("10.0.0.1", "web-1", "shop");
  private static final Endpoint API = service("10.0.0.2", "api", "shop");
  private static final Endpoint DB = external("fd00::5");

  private static EdgeRecord record(Endpoint src, Endpoint dst, long count, long persistent) {
    return new EdgeRecord(
        src,
        dst,
        new Totals(count, persistent, 100, 300, Duration.ofSeconds(2), Duration.ofSeconds(1)),
        T0);
  }

  // web -> api (3 connections, 1 persistent); api -> db (5, 5); web -> db (1, 0)
  private static final List<EdgeRecord> RECORDS =
      List.of(record(API, DB, 5, 5), record(WEB, API, 3, 1), record(WEB, DB, 1, 0));

  @Test
  void build_listsEachNodeOnceInIpOrder() {
    NodeGraph graph = NodeGraphs.build(RECORDS, StatsType.CONNECTION);
    assertThat(graph.nodes())
        .extracting(Node::id, Node::title, Node::subTitle)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.0.0.1", "pod.web-1", "10.0.0.1"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.2", "svc.api", "10.0.0.2"),
            org.assertj.core.groups.Tuple.tuple("fd00::5", "fd00::5", "fd00::5"));
  }

  @Test
  void build_nodeStatsCountEdgesIntoTheNode() {
    NodeGraph graph = NodeGraphs.build(RECORDS, StatsType.CONNECTION);
    assertThat(graph.nodes())
        .extracting(Node::mainStat, Node::secondaryStat, Node::arc1, Node::arc2)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("all: N/A", "persistent: N/A", 0.0, 0.0),
            org.assertj.core.groups.Tuple.tuple("all: 3", "persistent: 1", 1 / 3.0, 2 / 3.0),
            org.assertj.core.groups.Tuple.tuple("all: 6", "persistent: 5", 5 / 6.0, 1 / 6.0));
  }

  @Test
  void build_edgesHaveK8spacketIdsInIpOrder() {
    NodeGraph graph = NodeGraphs.build(RECORDS, StatsType.CONNECTION);
    assertThat(graph.edges())
        .containsExactly(
            new Edge("10.0.0.1-10.0.0.2", "10.0.0.1", "10.0.0.2", "all: 3", "persistent: 1"),
            new Edge("10.0.0.1-fd00::5", "10.0.0.1", "fd00::5", "all: 1", "persistent: 0"),
            new Edge("10.0.0.2-fd00::5", "10.0.0.2", "fd00::5", "all: 5", "persistent: 5"));
  }

  @Test
  void build_bytesOfANodeAreThoseItServed() {
    // db served two edges: it received 200 bytes and responded 600 in 4 s of connections.
    Node db = NodeGraphs.build(RECORDS, StatsType.BYTES).nodes().get(2);
    assertThat(db.mainStat()).isEqualTo("recv: 50.00B/s");
    assertThat(db.secondaryStat()).isEqualTo("resp: 150.00B/s");
    assertThat(db.arc1()).isEqualTo(0.25);
  }

  @Test
  void build_durationStats() {
    NodeGraph graph = NodeGraphs.build(RECORDS, StatsType.DURATION);
    assertThat(graph.nodes().get(2).mainStat()).isEqualTo("avg: 666.666666ms");
    assertThat(graph.nodes().get(2).secondaryStat()).isEqualTo("max: 1s");
    assertThat(graph.edges().get(0).mainStat()).isEqualTo("avg: 666.666666ms");
  }

  @Test
  void build_nothing_isEmpty() {
    NodeGraph graph = NodeGraphs.build(List.of(), StatsType.BYTES);
    assertThat(graph.nodes()).isEmpty();
    assertThat(graph.edges()).isEmpty();
  }
}
