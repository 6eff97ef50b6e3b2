package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;

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

  /** This agent's own TLS handshakes captured in {@code range}. */
  PeerTls tls(TimeRange range);
}
