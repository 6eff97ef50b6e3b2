package dev.tcpmap.server.api;

import dev.tcpmap.core.query.TimeRange;
import dev.tcpmap.server.cluster.EdgeSource;
import dev.tcpmap.server.cluster.FanOut;
import dev.tcpmap.server.cluster.PeerEdgesJson;
import dev.tcpmap.server.cluster.PeerTlsJson;
import dev.tcpmap.server.cluster.TlsCall;

/**
 * {@code GET /api/v1/peer/edges?from&to} and {@code GET /api/v1/peer/tls?from&to}: this agent's own
 * edges and TLS handshakes for the other agents' cluster-wide answers (formats in {@link
 * PeerEdgesJson} and {@link PeerTlsJson}). Unfiltered, and the window is the asker's: without
 * {@code from} and {@code to} it is all time, never this agent's default window.
 */
final class PeerRoutes {
  private PeerRoutes() {}

  static void register(Router router, EdgeSource self, TlsCall tls) {
    router
        .get(
            FanOut.PATH,
            params -> {
              TimeRange range = TimeRange.parse(params.get("from"), params.get("to"));
              return Answer.json(PeerEdgesJson.write(range, self.edges(range)));
            })
        .get(
            TlsCall.PATH,
            params -> {
              TimeRange range = TimeRange.parse(params.get("from"), params.get("to"));
              return Answer.json(PeerTlsJson.write(range, tls.self(range)));
            });
  }
}
