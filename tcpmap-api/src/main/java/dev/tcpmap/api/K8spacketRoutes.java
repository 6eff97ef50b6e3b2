package dev.tcpmap.api;

import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.wire.K8spacketJson;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterEdges;
import dev.tcpmap.query.cluster.EdgeSource;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.k8spacket.EdgeRecord;
import dev.tcpmap.query.k8spacket.EdgeRecords;
import dev.tcpmap.query.k8spacket.FieldsDocument;
import dev.tcpmap.query.k8spacket.NodeGraphs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * k8spacket's node-graph endpoints, which its Grafana dashboards call (paths as its {@code
 * nodegraph/injector.go}).
 *
 * <p>{@code /nodegraph/api/graph/data} answers for the whole cluster when the directory lists peers
 * (see {@link FanOut}), and names the peers it lacks in the header {@value #MISSING_PEERS} ({@code
 * pod-a,pod-b}; absent when none is missing): the body keeps k8spacket's shape, which has no place
 * for them. {@code /nodegraph/connections} stays this agent's own, as k8spacket's agents call it on
 * each other. k8spacket's TLS endpoints are in {@link TlsRoutes}.
 */
final class K8spacketRoutes {
  /** The response header naming the peers a cluster-wide answer lacks. */
  static final String MISSING_PEERS = "X-Tcpmap-Missing-Peers";

  private final Queries queries;
  private final EdgeSource self;
  private final FanOut cluster;

  private K8spacketRoutes(Queries queries, EdgeSource self, FanOut cluster) {
    this.queries = queries;
    this.self = self;
    this.cluster = cluster;
  }

  static void register(Router router, Queries queries, EdgeSource self, FanOut cluster) {
    K8spacketRoutes routes = new K8spacketRoutes(queries, self, cluster);
    router
        .get("/nodegraph/api/health", params -> Answer.EMPTY)
        .get("/nodegraph/api/graph/fields", routes::fields)
        .get("/nodegraph/api/graph/data", routes::graph)
        .get("/nodegraph/connections", routes::connections);
  }

  private Answer fields(QueryParams params) {
    return Answer.json(
        K8spacketJson.fields(FieldsDocument.of(StatsType.parse(params.get("stats-type")))));
  }

  /** Parses every parameter before touching the data, so bad input costs nothing. */
  private Answer graph(QueryParams params) {
    StatsType type = StatsType.parse(params.get("stats-type"));
    TimeRange range = queries.range(params);
    EdgeFilter filter = Queries.filter(params);
    Optional<ClusterEdges> merged = cluster.collect(range);
    if (merged.isEmpty()) {
      return Answer.json(K8spacketJson.graph(NodeGraphs.build(records(range, filter), type)));
    }
    List<EdgeRecord> records = EdgeRecords.byHostPair(merged.get().edges(), filter);
    return Answer.json(
        K8spacketJson.graph(NodeGraphs.build(records, type)),
        missingPeersHeader(merged.get().missing()));
  }

  private Answer connections(QueryParams params) {
    TimeRange range = queries.range(params);
    EdgeFilter filter = Queries.filter(params);
    return Answer.json(K8spacketJson.edgeRecords(records(range, filter)));
  }

  private List<EdgeRecord> records(TimeRange range, EdgeFilter filter) {
    return EdgeRecords.byHostPair(self.edges(range).bothSides(), filter);
  }

  /**
   * {@value #MISSING_PEERS}: the missing peers' names, comma-separated; characters other than
   * letters, digits and {@code .-_:} percent-encoded (pod names never have any).
   */
  static Map<String, String> missingPeersHeader(List<MissingPeer> missing) {
    if (missing.isEmpty()) {
      return Map.of();
    }
    StringBuilder value = new StringBuilder();
    for (MissingPeer m : missing) {
      if (!value.isEmpty()) {
        value.append(',');
      }
      for (byte b : m.peer().name().getBytes(StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xFF);
        boolean plain =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || ".-_:".indexOf(c) >= 0;
        value.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xFF));
      }
    }
    return Map.of(MISSING_PEERS, value.toString());
  }
}
