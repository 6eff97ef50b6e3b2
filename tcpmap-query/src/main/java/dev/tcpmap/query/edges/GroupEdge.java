package dev.tcpmap.query.edges;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.EdgeKey;

/**
 * The totals of the edges between two grouped nodes on one server port.
 *
 * @param totals the sum of the member edges' totals; its key is that of the first member (the
 *     smallest by {@link EdgeKey#compareTo}), kept only to reuse {@link EdgeStats}'s validation
 * @param members how many pod-level edges were merged into it; 0 when not known (an edge of the
 *     workload series, which have no pod-level edges)
 */
public record GroupEdge(
    GroupNode client, GroupNode server, int serverPort, EdgeStats totals, int members) {

  public GroupEdge {
    Checks.nonNull("client server totals", client, server, totals);
    if (members < 0) {
      throw new IllegalArgumentException("members is negative: " + members);
    }
  }
}
