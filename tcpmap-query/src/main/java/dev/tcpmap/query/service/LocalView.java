package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.query.filter.FilterField.Level;

/**
 * What one agent (or one analyzed capture) knows, as the query stage reads it: its records, and its
 * edges and TLS handshakes of a window. Two kinds: a snapshot's records ({@link RecordsView}: a
 * capture file, whose windows are the records' lifetimes) and the live agent's history ({@link
 * HistoryView}: whose windows are buckets). Thread-safe.
 */
public interface LocalView {

  /** The records, handshakes, answers and losses as of now. */
  Snapshot snapshot();

  /** This agent's own edges of {@code range}, each marked by the side it observed. */
  PeerEdges edges(TimeRange range);

  /**
   * This agent's own edges of {@code range} made of the connections passing {@code filter}, for a
   * filter that reads what only a connection record knows. A view of sums (the history) cannot
   * answer it and refuses, naming the fields it can filter on.
   *
   * @throws QueryException for {@code filter}
   */
  default PeerEdges edgesOfMatching(TimeRange range, ConnectionFilter filter) {
    filter.requireKnownOn(Level.EDGE, "the live agent's graph, summed from its history's buckets");
    return edges(range);
  }

  /** This agent's own TLS handshakes captured in {@code range}. */
  PeerTls tls(TimeRange range);
}
