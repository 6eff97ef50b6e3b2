package dev.tcpmap.query.filter;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.cluster.BackendLookup;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.k8spacket.EdgeRecord;
import dev.tcpmap.query.service.Answers.PodGraph;
import dev.tcpmap.query.service.ClusterView;
import dev.tcpmap.query.service.LocalView;
import dev.tcpmap.query.service.QueryService;
import dev.tcpmap.query.service.RecordsView;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code filter=} through the query service, over a capture's records and over sums. */
class QueryServiceFilterTest {
  private static final Snapshot SNAPSHOT =
      new Snapshot(
          FilterWorld.RECORDS, Map.of(), T0.plusSeconds(60), FilterWorld.HANDSHAKES, List.of());

  private static final RecordsView RECORDS =
      new RecordsView(() -> SNAPSHOT, Resolver.IP_ONLY, FilterWorld.PERSISTENT);

  /** A view of sums, as the history is: it has edges, not the records they were summed from. */
  private static final LocalView SUMS =
      new LocalView() {
        @Override
        public Snapshot snapshot() {
          return SNAPSHOT;
        }

        @Override
        public PeerEdges edges(TimeRange range) {
          return RECORDS.edges(range);
        }

        @Override
        public PeerTls tls(TimeRange range) {
          return RECORDS.tls(range);
        }
      };

  private static QueryService over(LocalView view) {
    return new QueryService(
        view,
        ClusterView.NONE,
        Resolver.IP_ONLY,
        Resolver.IP_ONLY,
        BackendLookup.NONE,
        new QueryService.Options(Duration.ZERO, InstantSource.fixed(T0), FilterWorld.PERSISTENT));
  }

  private static long connections(QueryService queries, String expression) {
    PodGraph graph =
        (PodGraph)
            queries.graph(TimeRange.ALL, EdgeFilter.NONE, queries.filter(expression), Grouping.POD);
    return graph.edges().stream().mapToLong(EdgeStats::connections).sum();
  }

  @Test
  void graph_ofRecords_isMadeOfTheConnectionsThatPass() {
    QueryService queries = over(RECORDS);

    assertThat(connections(queries, "persistent")).isEqualTo(2);
    assertThat(connections(queries, "src.pod == \"web-1\" && tls.sni == \"\"")).isEqualTo(1);
  }

  @Test
  void graph_ofSums_edgeExpression_keepsTheEdgesItDescribes() {
    QueryService queries = over(SUMS);

    assertThat(connections(queries, "dst.port == 443")).isEqualTo(2);
    assertThat(connections(queries, "dst.namespace == \"\"")).isEqualTo(3);
  }

  @Test
  void graph_ofSums_connectionExpression_isRefused() {
    QueryService queries = over(SUMS);
    ConnectionFilter outcome = queries.filter("outcome == \"refused\" and dst.port == 8080");

    assertThatThrownBy(
            () -> queries.graph(TimeRange.ALL, EdgeFilter.NONE, outcome, Grouping.WORKLOAD))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith(
            "filter: outcome is known per connection, not on the live agent's graph, summed from"
                + " its history's buckets; there a filter can use src.ip,");
    assertThatThrownBy(
            () -> queries.k8spacketGraph(TimeRange.ALL, EdgeFilter.NONE, outcome, StatsType.BYTES))
        .isInstanceOf(QueryException.class);
  }

  @Test
  void edgeRecords_expressionAndRegexes_bothApply() {
    QueryService queries = over(RECORDS);
    ConnectionFilter external = queries.filter("dst.kind == \"external\"");

    List<EdgeRecord> all = queries.edgeRecords(TimeRange.ALL, EdgeFilter.NONE, external);
    List<EdgeRecord> both =
        queries.edgeRecords(TimeRange.ALL, EdgeFilter.of("", "amazonaws", ""), external);

    assertThat(all)
        .extracting(r -> r.dst().name())
        .containsExactlyInAnyOrder("www.domain.com", "bucket.s3.amazonaws.com");
    assertThat(both).extracting(r -> r.dst().name()).containsExactly("bucket.s3.amazonaws.com");
  }

  @Test
  void connections_fromSums_stillFilterRecords() {
    QueryService queries = over(SUMS);

    var answer =
        queries.connections(
            TimeRange.ALL, EdgeFilter.NONE, queries.filter("outcome == \"timeout\""), 10);

    assertThat(answer.connections()).extracting(c -> c.clientPort()).containsExactly(40004);
  }

  @Test
  void handshakes_filterOnTheirNamedEnds_andRefuseConnectionFields() {
    QueryService queries = over(RECORDS);

    var answer =
        queries.handshakes(TimeRange.ALL, queries.filter("tls.version == \"TLS 1.2\""), 10);

    assertThat(answer.handshakes())
        .extracting(h -> h.handshake().clientPort())
        .containsExactly(40005);
    assertThatThrownBy(
            () -> queries.handshakes(TimeRange.ALL, queries.filter("bytes.sent > 0"), 10))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith(
            "filter: bytes.sent is known per connection, not on TLS handshakes");
  }
}
