package dev.tcpmap.query.cluster;

import dev.tcpmap.query.TimeRange;

/**
 * This agent's own edges for a window, as {@code /api/v1/peer/edges} answers them: how the fan-out
 * answers for itself without a request. Thread-safe; reads one snapshot per call.
 */
@FunctionalInterface
public interface EdgeSource {
  PeerEdges edges(TimeRange range);
}
