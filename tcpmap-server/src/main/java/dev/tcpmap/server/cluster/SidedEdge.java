package dev.tcpmap.server.cluster;

import dev.tcpmap.core.aggregate.EdgeStats;
import dev.tcpmap.core.aggregate.Side;
import java.util.Objects;

/** One agent's totals of an edge, with the side of its connections that agent observed. */
public record SidedEdge(Side side, EdgeStats stats) {
  public SidedEdge {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(stats, "stats");
  }
}
