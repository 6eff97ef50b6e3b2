package dev.tcpmap.query.k8spacket;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Edges;
import java.time.Duration;
import java.time.Instant;
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
    IpAddress server = IpAddress.parse("10.0.0.2");
    Instant renamed = T0.plusSeconds(30);
    Resolver resolver =
        (ip, time) ->
            ip.equals(server)
                ? new Endpoint(ip, Kind.POD, time.isBefore(renamed) ? "old" : "new", "ns")
                : Endpoint.ofIp(ip);
    List<EdgeRecord> records =
        EdgeRecords.byHostPair(
            edges(
                resolver,
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

  @Test
  void byHostPair_filters() {
    List<EdgeStats> edges =
        edges(
            Resolver.IP_ONLY,
            connection("10.0.0.1", 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0),
            connection("10.0.0.3", 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0));
    assertThat(EdgeRecords.byHostPair(edges, EdgeFilter.of("", "", "^10\\.0\\.0\\.1$")))
        .extracting(EdgeRecord::id)
        .containsExactly("10.0.0.3-10.0.0.2");
  }

  @Test
  void byHostPair_ordersByIpNotText() {
    List<EdgeStats> edges =
        edges(
            Resolver.IP_ONLY,
            connection("10.0.0.10", 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0),
            connection("fd00::1", 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0),
            connection("10.0.0.9", 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0));
    assertThat(EdgeRecords.byHostPair(edges, EdgeFilter.NONE))
        .extracting(EdgeRecord::id)
        .containsExactly("10.0.0.9-10.0.0.2", "10.0.0.10-10.0.0.2", "fd00::1-10.0.0.2");
  }
}
