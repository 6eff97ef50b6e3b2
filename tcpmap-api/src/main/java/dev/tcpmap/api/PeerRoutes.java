package dev.tcpmap.api;

import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.wire.PeerEdgesJson;
import dev.tcpmap.api.wire.PeerTlsJson;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.service.QueryService;

/**
 * {@code GET /api/v1/peer/edges?from&to} and {@code GET /api/v1/peer/tls?from&to}: this agent's own
 * edges and TLS handshakes for the other agents' cluster-wide answers (formats in {@link
 * PeerEdgesJson} and {@link PeerTlsJson}). Unfiltered, and the window is the asker's: without
 * {@code from} and {@code to} it is all time, never this agent's default window.
 */
final class PeerRoutes {
  private PeerRoutes() {}

  static void register(Router router, QueryService queries) {
    router
        .get(
            FanOut.EDGES_PATH,
            params -> {
              TimeRange range = TimeRange.parse(params.get("from"), params.get("to"));
              return Answer.json(PeerEdgesJson.write(range, queries.peerEdges(range)));
            })
        .get(
            FanOut.TLS_PATH,
            params -> {
              TimeRange range = TimeRange.parse(params.get("from"), params.get("to"));
              return Answer.json(PeerTlsJson.write(range, queries.peerTls(range)));
            });
  }
}
