package dev.tcpmap.api.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.service.Answers.Connections;
import dev.tcpmap.query.service.Answers.Graph;
import dev.tcpmap.query.service.Answers.GroupedGraph;
import dev.tcpmap.query.service.Answers.Header;
import dev.tcpmap.query.service.Answers.PodGraph;
import java.util.List;
import java.util.Map;

/**
 * The answers of tcpmap's own endpoints ({@code /api/v1/...}, see docs/api.md), built of the
 * records {@link Json} writes. Stateless.
 */
public final class NativeJson {
  private NativeJson() {}

  /**
   * {@code from}, {@code to} (epoch milliseconds or null), {@code asOf} and {@code losses}; {@code
   * effectiveFrom} and {@code effectiveTo} when the history widened the window to whole buckets;
   * {@code answeredPeers} and {@code missingPeers} for a cluster-wide answer.
   */
  public static ObjectNode header(Header header) {
    ObjectNode out = Json.object();
    out.put("from", from(header.range()));
    out.put("to", to(header.range()));
    out.put("asOf", Json.time(header.asOf()));
    out.set("losses", Json.losses(header.losses()));
    header
        .effective()
        .ifPresent(
            effective -> {
              out.put("effectiveFrom", from(effective));
              out.put("effectiveTo", to(effective));
            });
    header
        .cluster()
        .ifPresent(
            peers -> {
              ArrayNode answered = out.putArray("answeredPeers");
              peers.answered().forEach(peer -> answered.add(peer.name()));
              ArrayNode missing = out.putArray("missingPeers");
              peers.missing().forEach(m -> missing.add(missingPeer(m)));
            });
    return out;
  }

  /**
   * {@code /api/v1/connections}: the header, {@code total}, {@code truncated}, {@code connections}
   * (records as {@link Json#connection}).
   */
  public static ObjectNode connections(Connections answer) {
    ObjectNode out = header(answer.header());
    out.put("total", answer.total());
    out.put("truncated", answer.truncated());
    ArrayNode list = out.putArray("connections");
    answer.connections().forEach(c -> list.add(Json.connection(c)));
    return out;
  }

  /**
   * {@code /api/v1/graph}: the header, {@code group}, {@code nodes} and {@code edges} (pod level:
   * {@link Json#endpoint} and {@link Json#edge}; grouped: {@link Json#groupNode} and {@link
   * Json#groupEdge}); a Service node lists its {@code backends}.
   */
  public static ObjectNode graph(Graph graph) {
    ObjectNode out = header(graph.header());
    switch (graph) {
      case PodGraph pods -> {
        out.put("group", Grouping.POD.wireName());
        ArrayNode nodes = out.putArray("nodes");
        pods.nodes()
            .forEach(n -> nodes.add(withBackends(Json.endpoint(n), pods.backends(), n.nodeId())));
        ArrayNode edges = out.putArray("edges");
        pods.edges().forEach(e -> edges.add(Json.edge(e)));
      }
      case GroupedGraph grouped -> {
        out.put("group", grouped.grouping().wireName());
        ArrayNode nodes = out.putArray("nodes");
        grouped
            .nodes()
            .forEach(n -> nodes.add(withBackends(Json.groupNode(n), grouped.backends(), n.id())));
        ArrayNode edges = out.putArray("edges");
        grouped.edges().forEach(e -> edges.add(Json.groupEdge(e)));
      }
    }
    return out;
  }

  /** A Service node with {@code backends: [{workload {kind, name}, ready, endpoints}]}. */
  private static ObjectNode withBackends(
      ObjectNode node, Map<String, List<Backend>> backends, String id) {
    List<Backend> list = backends.get(id);
    if (list == null) {
      return node;
    }
    ArrayNode array = node.putArray("backends");
    for (Backend b : list) {
      ObjectNode entry = array.addObject();
      ObjectNode workload = entry.putObject("workload");
      workload.put("kind", b.workload().kind());
      workload.put("name", b.workload().name());
      entry.put("ready", b.ready());
      entry.put("endpoints", b.endpoints());
    }
    return node;
  }

  /** A peer that did not answer: {@code name, node, address, reason, message}. */
  public static ObjectNode missingPeer(MissingPeer missing) {
    Peer peer = missing.peer();
    ObjectNode node = Json.object();
    node.put("name", peer.name());
    node.put("node", peer.node());
    String host = peer.host().indexOf(':') >= 0 ? "[" + peer.host() + "]" : peer.host();
    node.put("address", host + ":" + peer.port());
    node.put("reason", missing.reason().wireName());
    node.put("message", missing.message());
    return node;
  }

  /** A window's start for an answer: epoch milliseconds, or null when unbounded. */
  static Long from(TimeRange range) {
    return range.hasFrom() ? range.fromMs() : null;
  }

  /** A window's end for an answer: epoch milliseconds, or null when unbounded. */
  static Long to(TimeRange range) {
    return range.hasTo() ? range.toMs() : null;
  }
}
