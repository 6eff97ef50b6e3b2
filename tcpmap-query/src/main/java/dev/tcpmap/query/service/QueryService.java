package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.cluster.BackendLookup;
import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.LateNames;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.GroupedEdges;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.query.filter.FilterField.Level;
import dev.tcpmap.query.k8spacket.EdgeRecord;
import dev.tcpmap.query.k8spacket.EdgeRecords;
import dev.tcpmap.query.k8spacket.NodeGraphs;
import dev.tcpmap.query.service.Answers.Certificates;
import dev.tcpmap.query.service.Answers.Connections;
import dev.tcpmap.query.service.Answers.Graph;
import dev.tcpmap.query.service.Answers.GroupedGraph;
import dev.tcpmap.query.service.Answers.Handshakes;
import dev.tcpmap.query.service.Answers.Header;
import dev.tcpmap.query.service.Answers.K8spacketGraph;
import dev.tcpmap.query.service.Answers.NamedConnection;
import dev.tcpmap.query.service.Answers.NamedHandshake;
import dev.tcpmap.query.service.Answers.PodGraph;
import dev.tcpmap.query.service.Answers.TlsConnections;
import dev.tcpmap.query.service.Answers.TlsDetail;
import dev.tcpmap.query.tls.ServerCertificate;
import dev.tcpmap.query.tls.TlsConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The one query model every front end calls — k8spacket's routes, the native API, the CLI: a
 * window, filters, a grouping or a stats type in; an {@link Answers} value out. It reads this
 * agent's data through a {@link LocalView} and the cluster's through a {@link ClusterView}, and
 * never formats anything (the wire formats are the API module's writers). Filters arrive compiled
 * (an {@link EdgeFilter} compiles its patterns once per request, {@link #filter} the {@code
 * filter=} expression), before any data is read. Thread-safe.
 *
 * <p>On an edge an expression means "the edges made of connections that pass": a capture's edges
 * are summed from the records that pass; the history's and the cluster's edges are sums already, so
 * there only an expression reading what an edge knows ({@link Level#EDGE}: the ends and the server
 * port) can run, and any other is refused with the fields that can be used.
 */
public final class QueryService {

  /**
   * @param defaultWindow when a request gives neither {@code from} nor {@code to}, it covers the
   *     last this long; {@link Duration#ZERO} means all time (as k8spacket)
   * @param clock the time the default window ends at, and of answers with no data
   * @param persistent a connection lasting at least this long is persistent (the filter field)
   */
  public record Options(Duration defaultWindow, InstantSource clock, Duration persistent) {
    public Options {
      Checks.nonNull("defaultWindow clock persistent", defaultWindow, clock, persistent);
      if (defaultWindow.isNegative()) {
        throw new IllegalArgumentException("defaultWindow is negative: " + defaultWindow);
      }
    }
  }

  /** Newest first; ties in a fixed order so that answers are reproducible. */
  private static final Comparator<Connection> NEWEST_FIRST =
      Comparator.comparing(Connection::start)
          .reversed()
          .thenComparing(Connection::client)
          .thenComparingInt(Connection::clientPort)
          .thenComparing(Connection::server)
          .thenComparingInt(Connection::serverPort);

  /** What an expression over the cluster's edges runs on, for a refusal's message. */
  private static final String CLUSTER_EDGES = "the cluster's edges, summed by each agent";

  private final LocalView local;
  private final ClusterView cluster;
  private final Resolver names;
  private final Resolver resolver;
  private final BackendLookup backends;
  private final Options options;

  /** The graph's source in the Prometheus query mode; null for an agent or a capture. */
  private final WorkloadView workloads;

  /**
   * @param names names the ends that were unknown when named ({@link LateNames})
   * @param resolver names the ends of TLS records, as the cluster and the lookups know them
   * @param backends the workloads behind a Service
   */
  public QueryService(
      LocalView local,
      ClusterView cluster,
      Resolver names,
      Resolver resolver,
      BackendLookup backends,
      Options options) {
    this.local = Objects.requireNonNull(local, "local");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.names = Objects.requireNonNull(names, "names");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.backends = Objects.requireNonNull(backends, "backends");
    this.options = Objects.requireNonNull(options, "options");
    this.workloads = null;
  }

  private QueryService(WorkloadView workloads, Options options) {
    this.local = WorkloadGraphs.NO_RECORDS;
    this.cluster = ClusterView.NONE;
    this.names = Resolver.IP_ONLY;
    this.resolver = Resolver.IP_ONLY;
    this.backends = BackendLookup.NONE;
    this.options = Objects.requireNonNull(options, "options");
    this.workloads = Objects.requireNonNull(workloads, "workloads");
  }

  /**
   * The query service of {@code tcpmap query}: the graphs at workload and namespace level from
   * {@code workloads}; what the workload series cannot know (pods, addresses, connections, TLS
   * handshakes) answered with {@link ViewException.Reason#NOT_KNOWN}.
   */
  public static QueryService ofWorkloads(WorkloadView workloads, Options options) {
    return new QueryService(workloads, options);
  }

  /**
   * The window of {@code from} and {@code to} (epoch milliseconds, as Grafana sends them); when
   * both are missing or empty, the configured default window ending now (or all time).
   *
   * @throws QueryException naming the parameter when it is not a window
   */
  public TimeRange window(String from, String to) {
    TimeRange range = TimeRange.parse(from, to);
    if (range.hasFrom() || range.hasTo() || options.defaultWindow().isZero()) {
      return range;
    }
    long now = options.clock().millis();
    return new TimeRange(now - options.defaultWindow().toMillis(), TimeRange.UNBOUNDED_TO);
  }

  /**
   * Compiles a {@code filter=} expression ({@link ConnectionFilter#compile}); null or empty keeps
   * everything.
   *
   * @throws QueryException for {@code filter}, with the position of what is wrong
   */
  public ConnectionFilter filter(String text) {
    return ConnectionFilter.compile(text, options.persistent());
  }

  /** This agent's own edges: what it tells the other agents ({@code /api/v1/peer/edges}). */
  public PeerEdges peerEdges(TimeRange range) {
    return local.edges(range);
  }

  /** This agent's own TLS handshakes: what it tells the other agents. */
  public PeerTls peerTls(TimeRange range) {
    return local.tls(range);
  }

  /**
   * The graph of {@code range}: the cluster's when there are peers, else this agent's; edges
   * passing {@code filter}, at the level of {@code grouping}; a Service lists its backends.
   */
  public Graph graph(TimeRange range, EdgeFilter filter, Grouping grouping) {
    return graph(range, filter, ConnectionFilter.NONE, grouping);
  }

  /**
   * As {@link #graph(TimeRange, EdgeFilter, Grouping)}, of the edges made of connections passing
   * {@code expression}.
   */
  public Graph graph(
      TimeRange range, EdgeFilter filter, ConnectionFilter expression, Grouping grouping) {
    if (workloads != null) {
      return WorkloadGraphs.graph(workloads, range, filter, expression, grouping);
    }
    Optional<ClusterAnswer<List<EdgeStats>>> merged = cluster.edges(range);
    Header header;
    List<EdgeStats> all;
    if (merged.isEmpty()) {
      PeerEdges own = ownEdges(range, expression);
      all = own.bothSides();
      header = new Header(range, own.asOf(), own.losses(), own.effective(), Optional.empty());
    } else {
      expression.requireKnownOn(Level.EDGE, CLUSTER_EDGES);
      ClusterAnswer<List<EdgeStats>> c = merged.get();
      all = c.merged();
      header = Header.of(range, c);
    }
    List<EdgeStats> edges = new ArrayList<>();
    for (EdgeStats e : passing(all, expression)) {
      if (filter.test(e.key().client(), e.key().server())) {
        edges.add(e);
      }
    }
    if (merged.isPresent()) {
      edges.sort((a, b) -> a.key().compareTo(b.key())); // a local aggregation comes sorted
    }
    if (grouping == Grouping.POD) {
      List<Endpoint> nodes = List.copyOf(nodesByNewest(edges).values());
      Map<String, List<Backend>> lists = new TreeMap<>();
      for (Endpoint n : nodes) {
        if (n.kind() == Endpoint.Kind.SERVICE) {
          lists.put(n.nodeId(), backends.backends(n.namespace(), n.name()));
        }
      }
      return new PodGraph(header, nodes, edges, lists);
    }
    List<GroupEdge> grouped = GroupedEdges.group(edges, grouping);
    Map<String, GroupNode> nodes = new TreeMap<>();
    for (GroupEdge e : grouped) {
      nodes.put(e.client().id(), e.client());
      nodes.put(e.server().id(), e.server());
    }
    Map<String, List<Backend>> lists = new TreeMap<>();
    for (GroupNode n : nodes.values()) {
      if (n.kind().equals("service")) {
        lists.put(n.id(), backends.backends(n.namespace(), n.name()));
      }
    }
    return new GroupedGraph(header, grouping, List.copyOf(nodes.values()), grouped, lists);
  }

  /**
   * This agent's edges of {@code range} made of connections passing {@code expression}: an
   * expression an edge can answer is applied to the edges ({@link #passing}), any other to the
   * records they are summed from, where the view has them.
   */
  private PeerEdges ownEdges(TimeRange range, ConnectionFilter expression) {
    return expression.knownOn(Level.EDGE)
        ? local.edges(range)
        : local.edgesOfMatching(range, expression);
  }

  /** The edges an expression known on edges keeps; all for any other (applied to records). */
  private static List<EdgeStats> passing(List<EdgeStats> edges, ConnectionFilter expression) {
    if (expression.isNone() || !expression.knownOn(Level.EDGE)) {
      return edges;
    }
    List<EdgeStats> out = new ArrayList<>();
    for (EdgeStats e : edges) {
      if (expression.testEdge(e.key())) {
        out.add(e);
      }
    }
    return out;
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
   * k8spacket's node graph of {@code range} for {@code type}: the cluster's when there are peers
   * (the peers it lacks listed apart), else this agent's.
   */
  public K8spacketGraph k8spacketGraph(TimeRange range, EdgeFilter filter, StatsType type) {
    return k8spacketGraph(range, filter, ConnectionFilter.NONE, type);
  }

  /**
   * As {@link #k8spacketGraph(TimeRange, EdgeFilter, StatsType)}, of the edges made of connections
   * passing {@code expression} (k8spacket's regexes apply as well, to the merged records).
   */
  public K8spacketGraph k8spacketGraph(
      TimeRange range, EdgeFilter filter, ConnectionFilter expression, StatsType type) {
    if (workloads != null) {
      return new K8spacketGraph(
          WorkloadGraphs.k8spacketGraph(workloads, range, filter, expression, type), List.of());
    }
    Optional<ClusterAnswer<List<EdgeStats>>> merged = cluster.edges(range);
    if (merged.isEmpty()) {
      return new K8spacketGraph(
          NodeGraphs.build(edgeRecords(range, filter, expression), type), List.of());
    }
    expression.requireKnownOn(Level.EDGE, CLUSTER_EDGES);
    List<EdgeRecord> records =
        EdgeRecords.byHostPair(passing(merged.get().merged(), expression), filter);
    return new K8spacketGraph(NodeGraphs.build(records, type), merged.get().missing());
  }

  /** k8spacket's raw records of this agent's edges ({@code /nodegraph/connections}). */
  public List<EdgeRecord> edgeRecords(TimeRange range, EdgeFilter filter) {
    return edgeRecords(range, filter, ConnectionFilter.NONE);
  }

  /**
   * As {@link #edgeRecords(TimeRange, EdgeFilter)}, of the connections passing {@code expression}.
   */
  public List<EdgeRecord> edgeRecords(
      TimeRange range, EdgeFilter filter, ConnectionFilter expression) {
    return EdgeRecords.byHostPair(
        passing(ownEdges(range, expression).bothSides(), expression), filter);
  }

  /**
   * This agent's own connections whose lifetime overlaps {@code range} and whose ends pass {@code
   * filter} (they are records, not totals: also in a cluster), newest first, at most {@code limit}.
   */
  public Connections connections(TimeRange range, EdgeFilter filter, int limit) {
    return connections(range, filter, ConnectionFilter.NONE, limit);
  }

  /** As {@link #connections(TimeRange, EdgeFilter, int)}, of those passing {@code expression}. */
  public Connections connections(
      TimeRange range, EdgeFilter filter, ConnectionFilter expression, int limit) {
    Snapshot snapshot = local.snapshot();
    Predicate<ConnectionRecord> passes = expression.overRecords(snapshot.handshakes());
    List<Connection> matching = new ArrayList<>();
    for (ConnectionRecord r : snapshot.records()) {
      Connection c = r.connection();
      if (range.overlaps(c.start(), c.end())) {
        ConnectionRecord named = LateNames.of(r, names);
        if (filter.test(named.client(), named.server()) && passes.test(named)) {
          matching.add(c);
        }
      }
    }
    matching.sort(NEWEST_FIRST);
    Header header =
        new Header(range, snapshot.asOf(), snapshot.losses(), Optional.empty(), Optional.empty());
    return new Connections(
        header, matching.size(), matching.subList(0, Math.min(limit, matching.size())));
  }

  /** The handshakes of a window and what they are relative to. */
  private record Selected(Header header, List<TlsHandshake> handshakes) {}

  /**
   * The handshakes an answer shows: the cluster's when {@code clusterWide} and there are peers
   * (then with who answered), else this agent's.
   */
  private Selected select(TimeRange range, boolean clusterWide) {
    Optional<ClusterAnswer<List<TlsHandshake>>> merged =
        clusterWide ? cluster.tls(range) : Optional.empty();
    if (merged.isPresent()) {
      ClusterAnswer<List<TlsHandshake>> c = merged.get();
      Header header = Header.of(range, c);
      return new Selected(header, c.merged());
    }
    PeerTls own = local.tls(range);
    Header header = new Header(range, own.asOf(), own.losses(), Optional.empty(), Optional.empty());
    return new Selected(header, own.handshakes());
  }

  /**
   * k8spacket's TLS connections ({@code /tlsparser/...}): one per (client, server, port), its
   * newest handshake in the window, ordered by client, server, port; the cluster's when {@code
   * clusterWide}.
   */
  public TlsConnections tlsConnections(TimeRange range, boolean clusterWide) {
    Selected all = select(range, clusterWide);
    List<NamedConnection> out = new ArrayList<>();
    for (TlsConnection c : TlsConnection.of(all.handshakes(), range)) {
      TlsHandshake h = c.newest();
      out.add(new NamedConnection(c, name(h.client(), h), name(h.server(), h)));
    }
    return new TlsConnections(all.header(), out);
  }

  /** One TLS connection of {@link #tlsConnections} by its id (empty when unknown). */
  public TlsDetail tlsConnection(TimeRange range, String id, boolean clusterWide) {
    Selected all = select(range, clusterWide);
    return new TlsDetail(all.header(), TlsConnection.find(all.handshakes(), range, id));
  }

  /** The cluster's handshakes captured in {@code range}, newest first, at most {@code limit}. */
  public Handshakes handshakes(TimeRange range, int limit) {
    return handshakes(range, ConnectionFilter.NONE, limit);
  }

  /**
   * As {@link #handshakes(TimeRange, int)}, of those passing {@code expression}, over their ends as
   * named here.
   *
   * @throws QueryException for an expression reading what a handshake does not know
   */
  public Handshakes handshakes(TimeRange range, ConnectionFilter expression, int limit) {
    expression.requireKnownOn(Level.HANDSHAKE, "TLS handshakes");
    Selected all = select(range, true);
    List<TlsHandshake> matching = new ArrayList<>();
    for (TlsHandshake h : all.handshakes()) {
      if (range.overlaps(h.at(), h.at())
          && (expression.isNone()
              || expression.testHandshake(h, name(h.client(), h), name(h.server(), h)))) {
        matching.add(h);
      }
    }
    matching.sort(TlsConnection.NEWEST_FIRST);
    List<NamedHandshake> named = new ArrayList<>();
    for (TlsHandshake h : matching.subList(0, Math.min(limit, matching.size()))) {
      named.add(new NamedHandshake(h, name(h.client(), h), name(h.server(), h)));
    }
    return new Handshakes(all.header(), matching.size(), named);
  }

  /** The cluster's distinct server certificates of {@code range}, soonest expiry first. */
  public Certificates certificates(TimeRange range) {
    Selected all = select(range, true);
    return new Certificates(all.header(), ServerCertificate.of(all.handshakes(), range));
  }

  /** An end of a handshake as the cluster and the lookups name it at the connection's start. */
  private Endpoint name(IpAddress ip, TlsHandshake h) {
    return resolver.resolve(ip, h.connectionStart());
  }

  /** When this agent's data was taken: for answers that carry no data. */
  public Instant asOf() {
    return local.snapshot().asOf();
  }
}
