package dev.tcpmap.query.k8spacket;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Edges;
import dev.tcpmap.query.testing.TestEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeRecordsTest {
  private static List<EdgeStats> edges(Resolver resolver, Connection... connections) {
    return Edges.aggregate(List.of(connections), resolver, Duration.ofSeconds(10), TimeRange.ALL);
  }

  @Test
  void byHostPair_mergesServerPorts() {
    List<EdgeRecord> records =
        EdgeRecords.byHostPair(
            edges(
                Resolver.IP_ONLY,
                connection("10.0.0.1", 1, "10.0.0.2", 80, T0, Duration.ofSeconds(20), 10, 20),
                connection("10.0.0.1", 2, "10.0.0.2", 443, T0, Duration.ofSeconds(1), 1, 2)),
            EdgeFilter.NONE);
    assertThat(records).hasSize(1);
    EdgeRecord r = records.getFirst();
    assertThat(r.id()).isEqualTo("10.0.0.1-10.0.0.2");
    assertThat(r.totals())
        .isEqualTo(new Totals(2, 1, 11, 22, Duration.ofSeconds(21), Duration.ofSeconds(20)));
    assertThat(r.lastSeen()).isEqualTo(T0.plusSeconds(20));
  }

  @Test
  void byHostPair_reusedIp_takesNewestName() {
    Instant renamed = T0.plusSeconds(30);
    List<EdgeRecord> records =
        EdgeRecords.byHostPair(
            edges(
                TestEndpoints.reusedAt("10.0.0.2", renamed),
                connection("10.0.0.1", 1, "10.0.0.2", 80, renamed, Duration.ofSeconds(1), 0, 0),
                connection("10.0.0.1", 2, "10.0.0.2", 80, T0, Duration.ofSeconds(5), 0, 0)),
            EdgeFilter.NONE);
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.dst().name()).isEqualTo("new");
              assertThat(r.totals().connections()).isEqualTo(2);
            });
  }

  /** The record ids of one empty connection from each client to 10.0.0.2:80. */
  private static List<String> idsToServer(EdgeFilter filter, String... clients) {
    List<EdgeStats> edges =
        edges(
            Resolver.IP_ONLY,
            Arrays.stream(clients)
                .map(client -> connection(client, 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0))
                .toArray(Connection[]::new));
    return EdgeRecords.byHostPair(edges, filter).stream().map(EdgeRecord::id).toList();
  }

  @Test
  void byHostPair_filters() {
    assertThat(idsToServer(EdgeFilter.of("", "", "^10\\.0\\.0\\.1$"), "10.0.0.1", "10.0.0.3"))
        .containsExactly("10.0.0.3-10.0.0.2");
  }

  @Test
  void byHostPair_ordersByIpNotText() {
    assertThat(idsToServer(EdgeFilter.NONE, "10.0.0.10", "fd00::1", "10.0.0.9"))
        .containsExactly("10.0.0.9-10.0.0.2", "10.0.0.10-10.0.0.2", "fd00::1-10.0.0.2");
  }
}
