package dev.tcpmap.query.edges;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges pod-level edges into the edges of a {@link Grouping}. Stateless. */
public final class GroupedEdges {
  private GroupedEdges() {}

  private record Key(GroupNode client, GroupNode server, int serverPort) {}

  private static final Comparator<GroupEdge> ORDER =
      Comparator.comparing((GroupEdge e) -> e.client().id())
          .thenComparing(e -> e.server().id())
          .thenComparingInt(GroupEdge::serverPort);

  /**
   * The edges of {@code edges} at {@code grouping}: edges whose ends fall into the same nodes on
   * the same server port are summed (connections, outcomes, bytes, durations; the longest duration,
   * the earliest start and the latest end). Ordered by client id, server id, then port.
   */
  public static List<GroupEdge> group(List<EdgeStats> edges, Grouping grouping) {
    Map<Key, GroupEdge> merged = new LinkedHashMap<>();
    List<EdgeStats> ordered = new ArrayList<>(edges);
    ordered.sort(Comparator.comparing(EdgeStats::key));
    for (EdgeStats e : ordered) {
      Key key =
          new Key(
              grouping.nodeOf(e.key().client()),
              grouping.nodeOf(e.key().server()),
              e.key().serverPort());
      merged.merge(
          key,
          new GroupEdge(key.client(), key.server(), key.serverPort(), e, 1),
          (a, b) ->
              new GroupEdge(
                  a.client(),
                  a.server(),
                  a.serverPort(),
                  a.totals().plusTotals(b.totals()),
                  a.members() + b.members()));
    }
    List<GroupEdge> out = new ArrayList<>(merged.values());
    out.sort(ORDER);
    return out;
  }
}
