package dev.tcpmap.api;

import dev.tcpmap.api.wire.K8spacketJson;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.query.k8spacket.FieldsDocument;
import dev.tcpmap.query.service.QueryService;

/**
 * k8spacket's node-graph endpoints, which its Grafana dashboards call (paths as its {@code
 * nodegraph/injector.go}).
 *
 * <p>{@code /nodegraph/api/graph/data} answers for the whole cluster when there are peers, and
 * names the peers it lacks in the header {@value K8spacketJson#MISSING_PEERS}: the body keeps
 * k8spacket's shape, which has no place for them. {@code /nodegraph/connections} stays this agent's
 * own, as k8spacket's agents call it on each other. k8spacket's TLS endpoints are in {@link
 * TlsRoutes}.
 */
final class K8spacketRoutes {
  private K8spacketRoutes() {}

  static void register(Router router, QueryService queries) {
    router
        .get("/nodegraph/api/health", params -> Answer.EMPTY)
        .get(
            "/nodegraph/api/graph/fields",
            params ->
                Answer.json(
                    K8spacketJson.fields(
                        FieldsDocument.of(StatsType.parse(params.get("stats-type"))))))
        .get(
            "/nodegraph/api/graph/data",
            params -> {
              // Every parameter is parsed before any data is read: bad input costs nothing.
              StatsType type = StatsType.parse(params.get("stats-type"));
              TimeRange range = queries.window(params.get("from"), params.get("to"));
              EdgeFilter filter = NativeRoutes.filter(params);
              ConnectionFilter expression = queries.filter(params.get("filter"));
              var answer = queries.k8spacketGraph(range, filter, expression, type);
              return Answer.json(
                  K8spacketJson.graph(answer.graph()),
                  K8spacketJson.missingPeersHeader(answer.missing()));
            })
        .get(
            "/nodegraph/connections",
            params -> {
              EdgeFilter filter = NativeRoutes.filter(params);
              ConnectionFilter expression = queries.filter(params.get("filter"));
              return Answer.json(
                  K8spacketJson.edgeRecords(
                      queries.edgeRecords(
                          queries.window(params.get("from"), params.get("to")),
                          filter,
                          expression)));
            });
  }
}
