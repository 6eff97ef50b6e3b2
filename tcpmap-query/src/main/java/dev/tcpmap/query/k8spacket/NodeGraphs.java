package dev.tcpmap.query.k8spacket;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.query.EndpointNames;
import dev.tcpmap.query.StatsType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Draws k8spacket's node graph from its edge records. Stateless. */
public final class NodeGraphs {
  private NodeGraphs() {}

  /**
   * The graph of {@code records} for one stats type. As k8spacket's {@code prepareConnections}, a
   * node's numbers are the totals of the edges into it, with bytes seen from the node (received is
   * what clients sent); a node that was only a client has no numbers (N/A). Unlike k8spacket, each
   * node is listed once (k8spacket appends both ends of every edge, so a node appears once per
   * edge), and nodes and edges come in a stable order. A node is named by the newest record that
   * mentions it.
   */
  public static NodeGraph build(List<EdgeRecord> records, StatsType type) {
    return new NodeGraph(nodes(records, type), edges(records, type));
  }

  private static List<NodeGraph.Node> nodes(List<EdgeRecord> records, StatsType type) {
    Map<IpAddress, Totals> intoServer = new HashMap<>();
    for (EdgeRecord r : records) {
      intoServer.merge(r.dst().ip(), r.totals(), Totals::plus);
    }
    List<NodeGraph.Node> nodes = new ArrayList<>();
    namesByNewest(records)
        .forEach(
            (ip, endpoint) -> {
              StatTexts.Stat stat = StatTexts.node(intoServer.getOrDefault(ip, Totals.NONE), type);
              String id = ip.toString();
              nodes.add(
                  new NodeGraph.Node(
                      id,
                      EndpointNames.title(endpoint),
                      id,
                      stat.main(),
                      stat.secondary(),
                      stat.arc1(),
                      stat.arc2()));
            });
    return nodes;
  }

  private static List<NodeGraph.Edge> edges(List<EdgeRecord> records, StatsType type) {
    List<EdgeRecord> byIp = new ArrayList<>(records);
    byIp.sort(
        Comparator.comparing((EdgeRecord r) -> r.src().ip()).thenComparing(r -> r.dst().ip()));
    List<NodeGraph.Edge> edges = new ArrayList<>(byIp.size());
    for (EdgeRecord r : byIp) {
      StatTexts.Stat stat = StatTexts.edge(r.totals(), type);
      edges.add(
          new NodeGraph.Edge(
              r.id(),
              r.src().ip().toString(),
              r.dst().ip().toString(),
              stat.main(),
              stat.secondary()));
    }
    return edges;
  }

  /** Every address of the records, ordered by IP, with its identity in the newest record. */
  private static Map<IpAddress, Endpoint> namesByNewest(List<EdgeRecord> records) {
    List<EdgeRecord> oldestFirst = new ArrayList<>(records);
    oldestFirst.sort(Comparator.comparing(EdgeRecord::lastSeen));
    Map<IpAddress, Endpoint> names = new TreeMap<>();
    for (EdgeRecord r : oldestFirst) {
      names.put(r.src().ip(), r.src());
      names.put(r.dst().ip(), r.dst());
    }
    return names;
  }
}
