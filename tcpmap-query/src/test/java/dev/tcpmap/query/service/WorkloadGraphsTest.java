package dev.tcpmap.query.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.query.k8spacket.NodeGraph;
import dev.tcpmap.query.service.Answers.GroupedGraph;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query service in the Prometheus query mode, over a hand-written view. */
class WorkloadGraphsTest {
  private static final Instant AS_OF = Instant.parse("2026-12-07T22:00:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(AS_OF.toEpochMilli() - 3_600_000, AS_OF.toEpochMilli());

  private static WorkloadEdge edge(
      String cns, String cw, String sns, String sw, int port, long closed, long sent) {
    return new WorkloadEdge(
        WorkloadEdge.node(cns, cw),
        WorkloadEdge.node(sns, sw),
        port,
        new OutcomeCounts(closed, 0, 0, 0, 0, 0),
        0,
        sent,
        2 * sent,
        Duration.ofSeconds(closed),
        Duration.ofSeconds(1));
  }

  private static final List<WorkloadEdge> EDGES =
      List.of(
          edge("shop", "Deployment/web", "shop", "svc.api", 8080, 5, 100),
          edge("shop", "Deployment/web", "shop", "StatefulSet/db", 5432, 3, 30),
          edge("shop", "CronJob/report", "shop", "StatefulSet/db", 5432, 2, 20),
          edge("shop", "Deployment/web", "", "example.com", 443, 1, 7),
          edge("", "node.worker-1", "kube-system", "DaemonSet/agent", 6676, 4, 1));

  private final QueryService queries =
      QueryService.ofWorkloads(
          range -> new WorkloadView.Answer(AS_OF, EDGES),
          new QueryService.Options(
              Duration.ZERO, InstantSource.fixed(AS_OF), Duration.ofSeconds(10)));

  @Test
  void node_labels_theKindsOfTheWorkloadGrouping() {
    assertThat(WorkloadEdge.node("shop", "Deployment/web"))
        .extracting(GroupNode::id, GroupNode::kind, GroupNode::title)
        .containsExactly("workload:shop/Deployment/web", "workload", "Deployment/web");
    assertThat(WorkloadEdge.node("shop", "svc.api").id()).isEqualTo("service:shop/api");
    assertThat(WorkloadEdge.node("", "node.worker-1").kind()).isEqualTo("node");
    assertThat(WorkloadEdge.node("", "10.0.0.9").id()).isEqualTo("external:10.0.0.9");
    assertThat(WorkloadEdge.node("other", "other").kind()).isEqualTo("other");
  }

  @Test
  void graph_workload_theViewsEdgesWithoutMembers() {
    GroupedGraph graph = (GroupedGraph) queries.graph(WINDOW, EdgeFilter.NONE, Grouping.WORKLOAD);

    assertThat(graph.edges()).hasSize(5);
    assertThat(graph.nodes()).hasSize(7);
    assertThat(graph.header().asOf()).isEqualTo(AS_OF);
    GroupEdge api =
        graph.edges().stream().filter(e -> e.serverPort() == 8080).findFirst().orElseThrow();
    assertThat(api.members()).isZero();
    assertThat(api.totals().connections()).isEqualTo(5);
    assertThat(api.totals().bytesReceived()).isEqualTo(200);
    assertThat(api.totals().firstStart()).isEqualTo(Instant.ofEpochMilli(WINDOW.fromMs()));
    assertThat(api.totals().lastSeen()).isEqualTo(AS_OF);
  }

  @Test
  void graph_namespace_workloadsMergedOtherEndsKept() {
    GroupedGraph graph = (GroupedGraph) queries.graph(WINDOW, EdgeFilter.NONE, Grouping.NAMESPACE);

    assertThat(graph.edges())
        .extracting(e -> e.client().id() + " -> " + e.server().id() + ":" + e.serverPort())
        .containsExactly(
            "namespace:shop -> external:example.com:443",
            "namespace:shop -> namespace:shop:5432",
            "namespace:shop -> service:shop/api:8080",
            "node:worker-1 -> namespace:kube-system:6676");
    assertThat(graph.edges().get(1).totals().connections()).isEqualTo(5);
    assertThat(graph.edges().get(1).totals().bytesSent()).isEqualTo(50);
  }

  @Test
  void graph_filters_matchNamespacesTitlesAndWorkloads() {
    assertThat(graph(EdgeFilter.of("kube", "", ""))).containsExactly("node.worker-1");
    assertThat(graph(EdgeFilter.of("", "^svc\\.", ""))).containsExactly("Deployment/web");
    assertThat(graph(EdgeFilter.of("", "", "web|node"))).containsExactly("CronJob/report");
    assertThat(graph(EdgeFilter.of("", "", "", "^CronJob/"))).containsExactly("CronJob/report");
  }

  private List<String> graph(EdgeFilter filter) {
    return ((GroupedGraph) queries.graph(WINDOW, filter, Grouping.WORKLOAD))
        .edges().stream().map(e -> e.client().title()).toList();
  }

  @Test
  void graph_pod_notKnownSaysWhatToAsk() {
    assertThatThrownBy(() -> queries.graph(WINDOW, EdgeFilter.NONE, Grouping.POD))
        .isInstanceOfSatisfying(
            ViewException.class, e -> assertThat(e.reason().status()).isEqualTo(501))
        .hasMessageContaining("group=workload");
  }

  @Test
  void filterExpression_connectionFieldsNotKnown() {
    assertThatThrownBy(
            () ->
                queries.graph(
                    WINDOW,
                    EdgeFilter.NONE,
                    queries.filter("bytes.sent > 1000000"),
                    Grouping.WORKLOAD))
        .isInstanceOfSatisfying(
            ViewException.class,
            e -> assertThat(e.reason()).isEqualTo(ViewException.Reason.NOT_KNOWN))
        .hasMessageStartingWith("filter: ");
  }

  @Test
  void recordsAddressesAndHandshakes_notKnown() {
    assertThatThrownBy(() -> queries.connections(WINDOW, EdgeFilter.NONE, 10))
        .isInstanceOfSatisfying(
            ViewException.class,
            e -> assertThat(e.reason()).isEqualTo(ViewException.Reason.NOT_KNOWN));
    assertThatThrownBy(() -> queries.edgeRecords(WINDOW, EdgeFilter.NONE))
        .isInstanceOf(ViewException.class)
        .hasMessageContaining("no addresses");
    assertThatThrownBy(() -> queries.tlsConnections(WINDOW, true))
        .isInstanceOf(ViewException.class)
        .hasMessageContaining("no TLS handshakes");
  }

  @Test
  void k8spacketGraph_nodesAreEndsByIdWithTheirNamespace() {
    NodeGraph graph = queries.k8spacketGraph(WINDOW, EdgeFilter.NONE, StatsType.CONNECTION).graph();

    NodeGraph.Node db =
        graph.nodes().stream()
            .filter(n -> n.id().equals("workload:shop/StatefulSet/db"))
            .findFirst()
            .orElseThrow();
    assertThat(db.title()).isEqualTo("StatefulSet/db");
    assertThat(db.subTitle()).isEqualTo("shop");
    assertThat(db.mainStat()).isEqualTo("all: 5");
    assertThat(graph.edges())
        .extracting(NodeGraph.Edge::id)
        .contains("workload:shop/Deployment/web-service:shop/api");
  }
}
