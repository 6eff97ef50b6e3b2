package dev.tcpmap.api;

import dev.tcpmap.api.wire.K8spacketJson;
import dev.tcpmap.api.wire.TlsJson;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.query.service.Answers.TlsDetail;
import dev.tcpmap.query.service.QueryService;

/**
 * TLS: k8spacket's {@code /tlsparser} endpoints, which its TLS dashboard reads through Grafana's
 * JSON API datasource (paths as its {@code tls-parser/injector.go}), and tcpmap's {@code
 * /api/v1/tls} and {@code /api/v1/certificates}. A handshake is in the window when it was captured
 * within it (it is an instant).
 *
 * <p>With peers, {@code /tlsparser/api/data}, {@code /tlsparser/api/data/{id}}, {@code /api/v1/tls}
 * and {@code /api/v1/certificates} answer for the cluster (each handshake once, see {@code
 * TlsMerge}), naming missing peers in the header {@value K8spacketJson#MISSING_PEERS} and, in the
 * {@code /api/v1} answers, in {@code missingPeers}; as k8spacket, {@code
 * /tlsparser/connections/...} stay this agent's own. Names are this agent's resolver's, whoever
 * captured the handshake.
 */
final class TlsRoutes {
  private TlsRoutes() {}

  static void register(Router router, QueryService queries) {
    router
        .get("/tlsparser/api/data", params -> list(queries, params, true))
        .get("/tlsparser/api/data/{id}", (id, params) -> details(queries, id, params, true))
        .get("/tlsparser/connections/", params -> list(queries, params, false))
        .get("/tlsparser/connections/{id}", (id, params) -> details(queries, id, params, false))
        .get(
            "/api/v1/tls",
            params -> {
              TimeRange range = queries.window(params.get("from"), params.get("to"));
              int limit = NativeRoutes.limit(params.get("limit"));
              ConnectionFilter expression = queries.filter(params.get("filter"));
              var answer = queries.handshakes(range, expression, limit);
              return Answer.json(
                  TlsJson.handshakes(answer),
                  K8spacketJson.missingPeersHeader(answer.header().missing()));
            })
        .get(
            "/api/v1/certificates",
            params -> {
              TimeRange range = queries.window(params.get("from"), params.get("to"));
              var answer = queries.certificates(range);
              return Answer.json(
                  TlsJson.certificates(answer),
                  K8spacketJson.missingPeersHeader(answer.header().missing()));
            });
  }

  /** {@code [{id, src, srcName, ...}]}, ordered by client, server, port. */
  private static Answer list(QueryService queries, QueryParams params, boolean clusterWide) {
    TimeRange range = queries.window(params.get("from"), params.get("to"));
    var answer = queries.tlsConnections(range, clusterWide);
    return Answer.json(
        TlsJson.connections(answer), K8spacketJson.missingPeersHeader(answer.header().missing()));
  }

  private static Answer details(
      QueryService queries, String id, QueryParams params, boolean clusterWide) {
    TimeRange range = queries.window(params.get("from"), params.get("to"));
    TlsDetail answer = queries.tlsConnection(range, id, clusterWide);
    return answer
        .connection()
        .map(
            c ->
                Answer.json(
                    TlsJson.details(c),
                    K8spacketJson.missingPeersHeader(answer.header().missing())))
        .orElseThrow(
            () -> new ApiException(404, "no TLS connection with id " + NativeRoutes.shorten(id)));
  }
}
