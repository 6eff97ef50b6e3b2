package dev.tcpmap.query.edges;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupedEdgesTest {
  private static final Workload WEB = new Workload("Deployment", "web");
  private static final Workload DB = new Workload("StatefulSet", "db");

  /** web-1, web-2 (Deployment web) → svc api; api pods → db-0 (StatefulSet db); one external. */
  private static final Map<String, Endpoint> CLUSTER =
      Map.of(
          "10.0.0.1", pod("10.0.0.1", "web-1", "shop", WEB),
          "10.0.0.2", pod("10.0.0.2", "web-2", "shop", WEB),
          "10.96.0.10", new Endpoint(ip("10.96.0.10"), Kind.SERVICE, "api", "shop"),
          "10.0.0.3", pod("10.0.0.3", "api-1", "shop", new Workload("Deployment", "api")),
          "10.0.1.5", pod("10.0.1.5", "db-0", "data", DB),
          "10.0.0.9", pod("10.0.0.9", "debug", "shop", Workload.NONE));

  private static final Resolver RESOLVER =
      (address, at) -> CLUSTER.getOrDefault(address.toString(), Endpoint.ofIp(address));

  private static Endpoint pod(String ip, String name, String namespace, Workload workload) {
    return new Endpoint(ip(ip), Kind.POD, name, namespace, workload, "node-1");
  }

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  private static List<EdgeStats> edges(Connection... connections) {
    return Edges.aggregate(List.of(connections), RESOLVER, Duration.ofSeconds(10), TimeRange.ALL);
  }

  @Test
  void group_workload_mergesPodsOfOneWorkloadAndSumsExactly() {
    List<EdgeStats> edges =
        edges(
            connection("10.0.0.1", 40001, "10.96.0.10", 80, T0, Duration.ofSeconds(1), 10, 100),
            connection(
                "10.0.0.2",
                40002,
                "10.96.0.10",
                80,
                T0.plusSeconds(5),
                Duration.ofSeconds(30),
                7,
                3),
            connection(
                "10.0.0.2",
                40003,
                "10.96.0.10",
                80,
                T0.plusSeconds(6),
                Duration.ofMillis(1),
                0,
                0,
                Outcome.REFUSED));

    List<GroupEdge> grouped = GroupedEdges.group(edges, Grouping.WORKLOAD);

    assertThat(grouped).hasSize(1);
    GroupEdge edge = grouped.getFirst();
    assertThat(edge.client().id()).isEqualTo("workload:shop/Deployment/web");
    assertThat(edge.client().title()).isEqualTo("Deployment/web");
    assertThat(edge.server().id()).isEqualTo("10.96.0.10");
    assertThat(edge.server().title()).isEqualTo("svc.api");
    assertThat(edge.members()).isEqualTo(2);
    EdgeStats totals = edge.totals();
    assertThat(totals.connections()).isEqualTo(3);
    assertThat(totals.outcomes()).isEqualTo(new OutcomeCounts(2, 0, 1, 0, 0, 0));
    assertThat(totals.persistent()).isEqualTo(1);
    assertThat(totals.bytesSent()).isEqualTo(17);
    assertThat(totals.bytesReceived()).isEqualTo(103);
    assertThat(totals.durationSum()).isEqualTo(Duration.ofMillis(31_001));
    assertThat(totals.durationMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(totals.firstStart()).isEqualTo(T0);
    assertThat(totals.lastSeen()).isEqualTo(T0.plusSeconds(35));
  }

  @Test
  void group_namespace_mergesPodsButKeepsServicesAndExternals() {
    List<EdgeStats> edges =
        edges(
            connection("10.0.0.3", 40001, "10.0.1.5", 5432, T0, Duration.ofSeconds(1), 1, 1),
            connection("10.0.0.1", 40002, "10.0.0.3", 8080, T0, Duration.ofSeconds(1), 1, 1),
            connection("10.0.0.1", 40003, "10.96.0.10", 80, T0, Duration.ofSeconds(1), 1, 1),
            connection("10.0.0.3", 40004, "93.184.216.34", 443, T0, Duration.ofSeconds(1), 1, 1));

    List<GroupEdge> grouped = GroupedEdges.group(edges, Grouping.NAMESPACE);

    assertThat(grouped)
        .extracting(e -> e.client().id() + " -> " + e.server().id() + ":" + e.serverPort())
        .containsExactly(
            "namespace:shop -> 10.96.0.10:80",
            "namespace:shop -> 93.184.216.34:443",
            "namespace:shop -> namespace:data:5432",
            "namespace:shop -> namespace:shop:8080");
  }

  @Test
  void group_podWithoutKnownWorkload_isItsOwnWorkload() {
    List<EdgeStats> edges =
        edges(connection("10.0.0.9", 40001, "10.0.0.3", 8080, T0, Duration.ofSeconds(1), 1, 1));

    GroupEdge edge = GroupedEdges.group(edges, Grouping.WORKLOAD).getFirst();

    assertThat(edge.client().id()).isEqualTo("workload:shop/Pod/debug");
    assertThat(edge.server().id()).isEqualTo("workload:shop/Deployment/api");
  }

  @Test
  void group_pod_keepsEveryEndpoint() {
    List<EdgeStats> edges =
        edges(
            connection("10.0.0.1", 40001, "10.96.0.10", 80, T0, Duration.ofSeconds(1), 1, 1),
            connection("10.0.0.2", 40002, "10.96.0.10", 80, T0, Duration.ofSeconds(1), 1, 1));

    assertThat(GroupedEdges.group(edges, Grouping.POD))
        .extracting(e -> e.client().title())
        .containsExactly("pod.web-1", "pod.web-2");
  }

  @Test
  void parse_unknownValue_namesTheParameter() {
    assertThat(Grouping.parse(null)).isEqualTo(Grouping.POD);
    assertThat(Grouping.parse("workload")).isEqualTo(Grouping.WORKLOAD);
    assertThatThrownBy(() -> Grouping.parse("deployment"))
        .isInstanceOf(QueryException.class)
        .hasMessage("group: unknown value 'deployment' (expected pod, workload or namespace)");
  }

  @Test
  void plusTotals_keepsTheFirstKey() {
    Instant later = T0.plusSeconds(60);
    List<EdgeStats> a = edges(connection("10.0.0.1", 1, "10.0.0.3", 80, T0, Duration.ZERO, 1, 2));
    List<EdgeStats> b =
        edges(connection("10.0.0.2", 2, "10.0.0.3", 80, later, Duration.ofSeconds(2), 3, 4));

    EdgeStats sum = a.getFirst().plusTotals(b.getFirst());

    assertThat(sum.key()).isEqualTo(a.getFirst().key());
    assertThat(sum.connections()).isEqualTo(2);
    assertThat(sum.bytesSent()).isEqualTo(4);
    assertThat(sum.lastSeen()).isEqualTo(later.plusSeconds(2));
  }
}
