package dev.tcpmap.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.core.aggregate.Snapshot;
import dev.tcpmap.core.graph.EdgeRecord;
import dev.tcpmap.core.graph.EdgeRecords;
import dev.tcpmap.core.graph.FieldsDocument;
import dev.tcpmap.core.graph.NodeGraphs;
import dev.tcpmap.core.query.EdgeFilter;
import dev.tcpmap.core.query.StatsType;
import dev.tcpmap.core.query.TimeRange;
import dev.tcpmap.server.json.K8spacketJson;
import java.util.List;
import java.util.function.Supplier;

/**
 * k8spacket's node-graph endpoints, which its Grafana dashboards call (paths as its {@code
 * nodegraph/injector.go}). The graph is this agent's own data; fan-out across agents is not here.
 */
final class K8spacketRoutes {
  private final Queries queries;
  private final Supplier<Snapshot> data;

  private K8spacketRoutes(Queries queries, Supplier<Snapshot> data) {
    this.queries = queries;
    this.data = data;
  }

  static void register(Router router, Queries queries, Supplier<Snapshot> data) {
    K8spacketRoutes routes = new K8spacketRoutes(queries, data);
    router
        .get("/nodegraph/api/health", params -> null)
        .get("/nodegraph/api/graph/fields", routes::fields)
        .get("/nodegraph/api/graph/data", routes::graph)
        .get("/nodegraph/connections", routes::connections);
  }

  private JsonNode fields(QueryParams params) {
    return K8spacketJson.fields(FieldsDocument.of(StatsType.parse(params.get("stats-type"))));
  }

  private JsonNode graph(QueryParams params) {
    StatsType type = StatsType.parse(params.get("stats-type"));
    return K8spacketJson.graph(NodeGraphs.build(records(params), type));
  }

  private JsonNode connections(QueryParams params) {
    return K8spacketJson.edgeRecords(records(params));
  }

  /** Parses every parameter before touching the data, so bad input costs nothing. */
  private List<EdgeRecord> records(QueryParams params) {
    TimeRange range = queries.range(params);
    EdgeFilter filter = Queries.filter(params);
    return EdgeRecords.byHostPair(queries.edges(data.get(), range), filter);
  }
}
