package dev.tcpmap.query.cluster;

import dev.tcpmap.core.model.Side;
import dev.tcpmap.query.edges.EdgeStats;
import java.util.Objects;

/** One agent's totals of an edge, with the side of its connections that agent observed. */
public record SidedEdge(Side side, EdgeStats stats) {
  public SidedEdge {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(stats, "stats");
  }
}
