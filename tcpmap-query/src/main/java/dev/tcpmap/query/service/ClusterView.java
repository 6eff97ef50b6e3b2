package dev.tcpmap.query.service;

import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.edges.EdgeStats;
import java.util.List;
import java.util.Optional;

/**
 * The other agents of a cluster, as the query stage asks them: their answers merged with this
 * agent's own, each connection and each handshake once (see {@code EdgeMerge}, {@code TlsMerge}).
 * Empty when there are no peers: the answer is then this agent's alone. The transport (HTTP, the
 * peers' JSON, deadlines) is the API module's fan-out. Thread-safe.
 */
public interface ClusterView {
  /** No peers: every answer is this agent's own. */
  ClusterView NONE =
      new ClusterView() {
        @Override
        public Optional<ClusterAnswer<List<EdgeStats>>> edges(TimeRange range) {
          return Optional.empty();
        }

        @Override
        public Optional<ClusterAnswer<List<TlsHandshake>>> tls(TimeRange range) {
          return Optional.empty();
        }
      };

  /** Every agent's edges of {@code range}, merged; empty without peers. */
  Optional<ClusterAnswer<List<EdgeStats>>> edges(TimeRange range);

  /** Every agent's TLS handshakes of {@code range}, each once; empty without peers. */
  Optional<ClusterAnswer<List<TlsHandshake>>> tls(TimeRange range);
}
