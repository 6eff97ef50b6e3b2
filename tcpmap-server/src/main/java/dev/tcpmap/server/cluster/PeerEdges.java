package dev.tcpmap.server.cluster;

import dev.tcpmap.core.aggregate.Edges;
import dev.tcpmap.core.aggregate.Side;
import dev.tcpmap.core.aggregate.Snapshot;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one agent observed in a window, as it tells the others ({@code GET /api/v1/peer/edges}): its
 * edge totals, unfiltered, each marked by the side it observed, and its losses. Immutable.
 *
 * @param asOf when the agent's snapshot was taken
 * @param losses observations the agent lost, by reason (as in every answer)
 * @param edges the edges: at most one per side and {@code EdgeKey}
 */
public record PeerEdges(Instant asOf, Map<String, Long> losses, List<SidedEdge> edges)
    implements PeerAnswer {

  public PeerEdges {
    Objects.requireNonNull(asOf, "asOf");
    losses = Map.copyOf(losses);
    edges = List.copyOf(edges);
    losses.forEach(
        (reason, count) -> {
          if (count < 0) {
            throw new IllegalArgumentException("loss count is negative: " + reason + "=" + count);
          }
        });
  }

  /**
   * The edges of the snapshot's connections within {@code range}, aggregated per side: the
   * connections whose client this host observed, and those of which it saw only the server.
   */
  public static PeerEdges observe(
      Snapshot snapshot, Resolver resolver, Duration persistentThreshold, TimeRange range) {
    List<Connection> clientSide = new ArrayList<>();
    List<Connection> serverSide = new ArrayList<>();
    for (Connection c : snapshot.connections()) {
      (Side.of(c) == Side.CLIENT ? clientSide : serverSide).add(c);
    }
    List<SidedEdge> edges = new ArrayList<>();
    Edges.aggregate(clientSide, resolver, persistentThreshold, range)
        .forEach(e -> edges.add(new SidedEdge(Side.CLIENT, e)));
    Edges.aggregate(serverSide, resolver, persistentThreshold, range)
        .forEach(e -> edges.add(new SidedEdge(Side.SERVER, e)));
    return new PeerEdges(snapshot.asOf(), snapshot.losses(), edges);
  }
}
