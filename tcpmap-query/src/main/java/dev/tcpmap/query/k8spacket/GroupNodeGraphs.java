package dev.tcpmap.query.k8spacket;

import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * k8spacket's node graph drawn from grouped edges that have no addresses (the Prometheus query
 * mode's): as {@link NodeGraphs}, but a node is a grouped end rather than an address: {@code id}
 * its node id ({@code workload:shop/Deployment/web}, {@code service:shop/api}, …), {@code title}
 * its name, {@code subTitle} its namespace. An edge merges the server ports of one pair of ends, as
 * k8spacket's merges those of one pair of addresses. Stateless.
 */
public final class GroupNodeGraphs {
  private GroupNodeGraphs() {}

  /** The graph of {@code edges} for one stats type; nodes by id, edges by source then target. */
  public static NodeGraph build(List<GroupEdge> edges, StatsType type) {
    Map<String, GroupNode> ends = new TreeMap<>();
    Map<String, Totals> intoServer = new HashMap<>();
    Map<String, Map<String, Totals>> pairs = new TreeMap<>();
    for (GroupEdge e : edges) {
      ends.put(e.client().id(), e.client());
      ends.put(e.server().id(), e.server());
      Totals t = Totals.of(e.totals());
      intoServer.merge(e.server().id(), t, Totals::plus);
      pairs
          .computeIfAbsent(e.client().id(), id -> new TreeMap<>())
          .merge(e.server().id(), t, Totals::plus);
    }
    List<NodeGraph.Node> nodes = new ArrayList<>(ends.size());
    ends.forEach(
        (id, end) -> {
          StatTexts.Stat stat = StatTexts.node(intoServer.getOrDefault(id, Totals.NONE), type);
          nodes.add(
              new NodeGraph.Node(
                  id,
                  end.title(),
                  end.namespace(),
                  stat.main(),
                  stat.secondary(),
                  stat.arc1(),
                  stat.arc2()));
        });
    List<NodeGraph.Edge> out = new ArrayList<>();
    pairs.forEach(
        (source, targets) ->
            targets.forEach(
                (target, totals) -> {
                  StatTexts.Stat stat = StatTexts.edge(totals, type);
                  out.add(
                      new NodeGraph.Edge(
                          source + "-" + target, source, target, stat.main(), stat.secondary()));
                }));
    return new NodeGraph(nodes, out);
  }
}
