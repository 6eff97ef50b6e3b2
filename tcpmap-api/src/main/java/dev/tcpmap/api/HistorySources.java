package dev.tcpmap.api;

import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.EdgeSource;
import dev.tcpmap.query.cluster.PeerTls;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a live agent's answers for a window come from instead of its snapshot's records: its
 * history (see docs/storage.md).
 *
 * @param edges makes the edge source, given the resolver that names ends unknown when named
 * @param tls this agent's TLS handshakes of a window
 */
public record HistorySources(
    Function<Resolver, EdgeSource> edges, Function<TimeRange, PeerTls> tls) {

  public HistorySources {
    Objects.requireNonNull(edges, "edges");
    Objects.requireNonNull(tls, "tls");
  }
}
