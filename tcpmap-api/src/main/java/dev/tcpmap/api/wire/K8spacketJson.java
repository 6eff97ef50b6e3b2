package dev.tcpmap.api.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.tcpmap.query.EndpointNames;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.k8spacket.EdgeRecord;
import dev.tcpmap.query.k8spacket.FieldsDocument;
import dev.tcpmap.query.k8spacket.NodeGraph;
import dev.tcpmap.query.k8spacket.Totals;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The JSON of k8spacket's endpoints, field for field as its Go structs marshal (see docs/api.md):
 * names, order, and numbers as Go writes float64s. Stateless.
 */
public final class K8spacketJson {
  /**
   * The response header naming the peers a cluster-wide answer lacks: k8spacket's bodies have no
   * place for them.
   */
  public static final String MISSING_PEERS = "X-Tcpmap-Missing-Peers";

  private K8spacketJson() {}

  /**
   * {@value #MISSING_PEERS}: the missing peers' names, comma-separated; characters other than
   * letters, digits and {@code .-_:} percent-encoded (pod names never have any). None when no peer
   * is missing.
   */
  public static Map<String, String> missingPeersHeader(List<MissingPeer> missing) {
    if (missing.isEmpty()) {
      return Map.of();
    }
    StringBuilder value = new StringBuilder();
    for (MissingPeer m : missing) {
      if (!value.isEmpty()) {
        value.append(',');
      }
      for (byte b : m.peer().name().getBytes(StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xFF);
        boolean plain =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || ".-_:".indexOf(c) >= 0;
        value.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xFF));
      }
    }
    return Map.of(MISSING_PEERS, value.toString());
  }

  /**
   * A raw edge record ({@code /nodegraph/connections}): {@code src, srcName, srcNamespace, dst,
   * dstName, dstNamespace, connCount, connPersistent, bytesSent, bytesReceived, duration,
   * maxDuration, lastSeen}; durations in milliseconds, {@code lastSeen} as Go's RFC 3339 (in UTC).
   */
  public static ObjectNode edgeRecord(EdgeRecord r) {
    Totals t = r.totals();
    ObjectNode node = Json.object();
    node.put("src", r.src().ip().toString());
    node.put("srcName", EndpointNames.title(r.src()));
    node.put("srcNamespace", r.src().namespace());
    node.put("dst", r.dst().ip().toString());
    node.put("dstName", EndpointNames.title(r.dst()));
    node.put("dstNamespace", r.dst().namespace());
    node.put("connCount", t.connections());
    node.put("connPersistent", t.persistent());
    node.put("bytesSent", t.bytesToServer());
    node.put("bytesReceived", t.bytesToClient());
    node.put("duration", Numbers.millis(t.durationSum()));
    node.put("maxDuration", Numbers.millis(t.durationMax()));
    node.put("lastSeen", Numbers.goTime(r.lastSeen()));
    return node;
  }

  public static ArrayNode edgeRecords(List<EdgeRecord> records) {
    ArrayNode array = Json.array();
    records.forEach(r -> array.add(edgeRecord(r)));
    return array;
  }

  /** {@code {"nodes":[...],"edges":[...]}} for Grafana's Node Graph API datasource. */
  public static ObjectNode graph(NodeGraph graph) {
    ArrayNode nodes = Json.array();
    for (NodeGraph.Node n : graph.nodes()) {
      ObjectNode node = nodes.addObject();
      node.put("id", n.id());
      node.put("title", n.title());
      node.put("subTitle", n.subTitle());
      node.put("mainStat", n.mainStat());
      node.put("secondaryStat", n.secondaryStat());
      node.putRawValue("arc__1", new RawValue(Numbers.goFloat(n.arc1())));
      node.putRawValue("arc__2", new RawValue(Numbers.goFloat(n.arc2())));
    }
    ArrayNode edges = Json.array();
    for (NodeGraph.Edge e : graph.edges()) {
      ObjectNode edge = edges.addObject();
      edge.put("id", e.id());
      edge.put("source", e.source());
      edge.put("target", e.target());
      edge.put("mainStat", e.mainStat());
      edge.put("secondaryStat", e.secondaryStat());
    }
    ObjectNode out = Json.object();
    out.set("nodes", nodes);
    out.set("edges", edges);
    return out;
  }

  /**
   * {@code {"edges_fields":[...],"nodes_fields":[...]}}; absent legends and colours are omitted.
   */
  public static ObjectNode fields(FieldsDocument document) {
    ObjectNode out = Json.object();
    out.set("edges_fields", fieldList(document.edges()));
    out.set("nodes_fields", fieldList(document.nodes()));
    return out;
  }

  private static ArrayNode fieldList(List<FieldsDocument.Field> fields) {
    ArrayNode array = Json.array();
    for (FieldsDocument.Field f : fields) {
      ObjectNode field = array.addObject();
      if (f.color() != null) {
        field.put("color", f.color());
      }
      field.put("field_name", f.name());
      if (f.displayName() != null) {
        field.put("displayName", f.displayName());
      }
      field.put("type", f.type());
    }
    return array;
  }
}
