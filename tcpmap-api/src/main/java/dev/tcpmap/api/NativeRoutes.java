package dev.tcpmap.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.kubernetes.index.Backend;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterEdges;
import dev.tcpmap.query.cluster.EdgeSource;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.GroupedEdges;
import dev.tcpmap.query.edges.Grouping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** tcpmap's own endpoints under {@code /api/v1} (see docs/api.md). */
final class NativeRoutes {
  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 100_000;

  /** Newest first; ties in a fixed order so that answers are reproducible. */
  private static final Comparator<Connection> NEWEST_FIRST =
      Comparator.comparing(Connection::start)
          .reversed()
          .thenComparing(Connection::client)
          .thenComparingInt(Connection::clientPort)
          .thenComparing(Connection::server)
          .thenComparingInt(Connection::serverPort);

  private final Queries queries;
  private final Supplier<Snapshot> data;
  private final EdgeSource self;
  private final FanOut cluster;
  private final ApiConfig.BackendLookup backendLookup;

  private NativeRoutes(
      Queries queries,
      Supplier<Snapshot> data,
      EdgeSource self,
      FanOut cluster,
      ApiConfig.BackendLookup backendLookup) {
    this.queries = queries;
    this.data = data;
    this.self = self;
    this.cluster = cluster;
    this.backendLookup = backendLookup;
  }

  static void register(
      Router router,
      Queries queries,
      Supplier<Snapshot> data,
      EdgeSource self,
      FanOut cluster,
      ApiConfig.BackendLookup backendLookup) {
    NativeRoutes routes = new NativeRoutes(queries, data, self, cluster, backendLookup);
    router.get("/api/v1/connections", routes::connections).get("/api/v1/graph", routes::graph);
  }

  /** This agent's own connections, also in a cluster (they are records, not totals). */
  private Answer connections(QueryParams params) {
    TimeRange range = queries.range(params);
    EdgeFilter filter = Queries.filter(params);
    int limit = limit(params.get("limit"));
    Snapshot snapshot = data.get();
    List<Connection> matching = new ArrayList<>();
    for (ConnectionRecord r : queries.records(snapshot)) {
      Connection c = r.connection();
      if (range.overlaps(c.start(), c.end()) && filter.test(r.client(), r.server())) {
        matching.add(c);
      }
    }
    matching.sort(NEWEST_FIRST);
    ObjectNode out = header(range, snapshot.asOf(), snapshot.losses());
    out.put("total", matching.size());
    out.put("truncated", matching.size() > limit);
    ArrayNode list = out.putArray("connections");
    matching.stream().limit(limit).forEach(c -> list.add(Json.connection(c)));
    return Answer.json(out);
  }

  /**
   * The graph; for the whole cluster when the directory lists peers (see {@link FanOut}), then with
   * {@code answeredPeers} (names) and {@code missingPeers} ({@code name, node, address, reason,
   * message}).
   */
  private Answer graph(QueryParams params) {
    TimeRange range = queries.range(params);
    EdgeFilter filter = Queries.filter(params, params.get("workload"));
    Grouping grouping = Grouping.parse(params.get("group"));
    Optional<ClusterEdges> merged = cluster.collect(range);
    ObjectNode out;
    List<EdgeStats> all;
    if (merged.isEmpty()) {
      PeerEdges own = self.edges(range);
      all = own.bothSides();
      out = header(range, own.asOf(), own.losses());
      own.effective().ifPresent(effective -> effective(out, effective));
    } else {
      ClusterEdges c = merged.get();
      all = c.edges();
      out = header(range, c.asOf(), c.losses());
      ArrayNode answered = out.putArray("answeredPeers");
      c.answered().forEach(peer -> answered.add(peer.name()));
      ArrayNode missing = out.putArray("missingPeers");
      c.missing().forEach(m -> missing.add(missingPeer(m)));
    }
    List<EdgeStats> edges = new ArrayList<>();
    for (EdgeStats e : all) {
      if (filter.test(e.key().client(), e.key().server())) {
        edges.add(e);
      }
    }
    if (merged.isPresent()) {
      edges.sort((a, b) -> a.key().compareTo(b.key())); // a local aggregation comes sorted
    }
    out.put("group", grouping.wireName());
    if (grouping == Grouping.POD) {
      ArrayNode nodes = out.putArray("nodes");
      nodesByNewest(edges).values().forEach(endpoint -> nodes.add(withBackends(endpoint)));
      ArrayNode edgeList = out.putArray("edges");
      edges.forEach(e -> edgeList.add(Json.edge(e)));
    } else {
      writeGrouped(out, GroupedEdges.group(edges, grouping));
    }
    return Answer.json(out);
  }

  /** Nodes (by id) and edges of a grouped graph; a Service node lists its backends. */
  private void writeGrouped(ObjectNode out, List<GroupEdge> edges) {
    Map<String, GroupNode> nodes = new TreeMap<>();
    for (GroupEdge e : edges) {
      nodes.put(e.client().id(), e.client());
      nodes.put(e.server().id(), e.server());
    }
    ArrayNode nodeList = out.putArray("nodes");
    for (GroupNode n : nodes.values()) {
      ObjectNode node = Json.groupNode(n);
      if (n.kind().equals("service")) {
        node.set("backends", backends(n.namespace(), n.name()));
      }
      nodeList.add(node);
    }
    ArrayNode edgeList = out.putArray("edges");
    edges.forEach(e -> edgeList.add(Json.groupEdge(e)));
  }

  private ObjectNode withBackends(Endpoint endpoint) {
    ObjectNode node = Json.endpoint(endpoint);
    if (endpoint.kind() == Endpoint.Kind.SERVICE) {
      node.set("backends", backends(endpoint.namespace(), endpoint.name()));
    }
    return node;
  }

  /** The workloads behind a Service: {@code [{workload {kind, name}, ready, endpoints}]}. */
  private ArrayNode backends(String namespace, String service) {
    ArrayNode list = Json.mapper().createArrayNode();
    for (Backend b : backendLookup.backends(namespace, service)) {
      ObjectNode node = list.addObject();
      ObjectNode workload = node.putObject("workload");
      workload.put("kind", b.workload().kind());
      workload.put("name", b.workload().name());
      node.put("ready", b.ready());
      node.put("endpoints", b.endpoints());
    }
    return list;
  }

  static ObjectNode missingPeer(MissingPeer missing) {
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

  /** A node: its IP, then its id (several processes may share one IP). */
  private record NodeKey(IpAddress ip, String id) implements Comparable<NodeKey> {
    static NodeKey of(Endpoint endpoint) {
      return new NodeKey(endpoint.ip(), endpoint.nodeId());
    }

    @Override
    public int compareTo(NodeKey other) {
      int c = ip.compareTo(other.ip);
      return c != 0 ? c : id.compareTo(other.id);
    }
  }

  /**
   * One node per node id (the IP, or {@code comm@IP} for a process), ordered by IP then id, named
   * as in the newest edge that mentions it.
   */
  private static Map<NodeKey, Endpoint> nodesByNewest(List<EdgeStats> edges) {
    List<EdgeStats> oldestFirst = new ArrayList<>(edges);
    oldestFirst.sort(Comparator.comparing(EdgeStats::lastSeen));
    Map<NodeKey, Endpoint> nodes = new TreeMap<>();
    for (EdgeStats e : oldestFirst) {
      EdgeKey key = e.key();
      nodes.put(NodeKey.of(key.client()), key.client());
      nodes.put(NodeKey.of(key.server()), key.server());
    }
    return nodes;
  }

  /**
   * {@code from}, {@code to}, {@code asOf} and {@code losses}: what every answer is relative to.
   */
  static ObjectNode header(TimeRange range, Instant asOf, Map<String, Long> losses) {
    ObjectNode out = Json.object();
    out.put("from", Queries.from(range));
    out.put("to", Queries.to(range));
    out.put("asOf", Json.time(asOf));
    out.set("losses", Json.losses(losses));
    return out;
  }

  /**
   * {@code effectiveFrom} and {@code effectiveTo}: the range the history summed, when it widened
   * the one asked for to whole buckets.
   */
  private static void effective(ObjectNode out, TimeRange effective) {
    out.put("effectiveFrom", Queries.from(effective));
    out.put("effectiveTo", Queries.to(effective));
  }

  static int limit(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 0 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below, with the same message as an out-of-range number
    }
    throw QueryException.forParameter(
        "limit", "not an integer from 0 to " + MAX_LIMIT + ": " + shorten(text));
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
