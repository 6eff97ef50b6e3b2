package dev.tcpmap.query.cluster;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.query.LateNames;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Edges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one agent observed in a window, as it tells the others ({@code GET /api/v1/peer/edges}): its
 * edge totals, unfiltered, each marked by the side it observed, and its losses. Immutable.
 *
 * @param asOf when the agent's snapshot was taken
 * @param losses observations the agent lost, by reason (as in every answer)
 * @param edges the edges: at most one per side and {@code EdgeKey}
 * @param effective the range the sums cover when it is wider than the one asked for (the history's
 *     whole buckets); empty when it is the one asked for. Not sent to other agents.
 */
public record PeerEdges(
    Instant asOf, Map<String, Long> losses, List<SidedEdge> edges, Optional<TimeRange> effective)
    implements PeerAnswer {

  public PeerEdges {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(effective, "effective");
    losses = EventsLost.totals(losses);
    edges = List.copyOf(edges);
  }

  /** An answer covering exactly the range asked for. */
  public PeerEdges(Instant asOf, Map<String, Long> losses, List<SidedEdge> edges) {
    this(asOf, losses, edges, Optional.empty());
  }

  /**
   * The edges of the snapshot's connections within {@code range}, aggregated per side: the
   * connections whose client this host observed, and those of which it saw only the server. Ends
   * that were unknown when named are named now by {@code now} ({@link LateNames}).
   */
  public static PeerEdges observe(
      Snapshot snapshot, Resolver now, Duration persistentThreshold, TimeRange range) {
    return observe(snapshot, now, persistentThreshold, range, r -> true);
  }

  /**
   * As {@link #observe(Snapshot, Resolver, Duration, TimeRange)}, of the records {@code keep}
   * passes, named.
   */
  public static PeerEdges observe(
      Snapshot snapshot,
      Resolver now,
      Duration persistentThreshold,
      TimeRange range,
      Predicate<ConnectionRecord> keep) {
    List<ConnectionRecord> clientSide = new ArrayList<>();
    List<ConnectionRecord> serverSide = new ArrayList<>();
    for (ConnectionRecord r : snapshot.records()) {
      Connection c = r.connection();
      if (range.overlaps(c.start(), c.end())) {
        ConnectionRecord named = LateNames.of(r, now);
        if (keep.test(named)) {
          (Side.of(c) == Side.CLIENT ? clientSide : serverSide).add(named);
        }
      }
    }
    List<SidedEdge> edges = new ArrayList<>();
    Edges.ofRecords(clientSide, persistentThreshold, range)
        .forEach(e -> edges.add(new SidedEdge(Side.CLIENT, e)));
    Edges.ofRecords(serverSide, persistentThreshold, range)
        .forEach(e -> edges.add(new SidedEdge(Side.SERVER, e)));
    return new PeerEdges(snapshot.asOf(), snapshot.losses(), edges);
  }

  /** Both sides of every edge summed, ordered by key: the agent's own graph. */
  public List<EdgeStats> bothSides() {
    Map<EdgeKey, EdgeStats> byKey = new HashMap<>();
    for (SidedEdge e : edges) {
      byKey.merge(e.stats().key(), e.stats(), EdgeStats::plusTotals);
    }
    List<EdgeStats> out = new ArrayList<>(byKey.values());
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }
}
