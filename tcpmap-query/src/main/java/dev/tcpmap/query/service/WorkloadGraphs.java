package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.query.k8spacket.GroupNodeGraphs;
import dev.tcpmap.query.k8spacket.NodeGraph;
import dev.tcpmap.query.service.Answers.GroupedGraph;
import dev.tcpmap.query.service.Answers.Header;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The graph answers of a {@link WorkloadView}: the native graph at the workload and namespace
 * levels and k8spacket's node graph, from edges between named workloads. Filters mean at this level
 * what they mean on the agents' graph, on what the level has: {@code namespace} an end's namespace,
 * {@code include}/{@code exclude} an end's title ({@code Deployment/web}, {@code svc.api}; there is
 * no IP to match), {@code workload} a workload's {@code Kind/name}. Stateless.
 */
final class WorkloadGraphs {
  private WorkloadGraphs() {}

  private static final String NO_PODS =
      "the Prometheus query mode knows workloads, not pods: ask with group=workload or"
          + " group=namespace";

  /**
   * The records of the Prometheus query mode: none. Its series count workload edges; connections,
   * addresses and TLS handshakes stay with the agents.
   */
  static final LocalView NO_RECORDS =
      new LocalView() {
        @Override
        public Snapshot snapshot() {
          throw ViewException.notKnown(
              "the Prometheus query mode has no connection records, only workload series: ask an"
                  + " agent");
        }

        @Override
        public PeerEdges edges(TimeRange range) {
          throw ViewException.notKnown(
              "the Prometheus query mode has no addresses, only workload series: ask an agent, or"
                  + " /nodegraph/api/graph/data here");
        }

        @Override
        public PeerTls tls(TimeRange range) {
          throw ViewException.notKnown(
              "the Prometheus query mode has no TLS handshakes, only workload series: ask an"
                  + " agent");
        }
      };

  private static final Comparator<WorkloadEdge> ORDER =
      Comparator.comparing((WorkloadEdge e) -> e.client().id())
          .thenComparing(e -> e.server().id())
          .thenComparingInt(WorkloadEdge::serverPort);

  /** The native graph of {@code range} at {@code grouping} (not {@code pod}: a 501). */
  static GroupedGraph graph(
      WorkloadView view,
      TimeRange range,
      EdgeFilter filter,
      ConnectionFilter expression,
      Grouping grouping) {
    if (grouping == Grouping.POD) {
      throw ViewException.notKnown(NO_PODS);
    }
    noExpression(expression);
    WorkloadView.Answer answer = view.edges(range);
    List<WorkloadEdge> edges = filtered(answer.edges(), filter);
    if (grouping == Grouping.NAMESPACE) {
      edges = byNamespace(edges);
    }
    Map<String, GroupNode> nodes = new TreeMap<>();
    for (WorkloadEdge e : edges) {
      nodes.put(e.client().id(), e.client());
      nodes.put(e.server().id(), e.server());
    }
    List<GroupEdge> grouped = grouped(edges, range, answer.asOf());
    Header header = new Header(range, answer.asOf(), Map.of(), Optional.empty(), Optional.empty());
    return new GroupedGraph(header, grouping, List.copyOf(nodes.values()), grouped, Map.of());
  }

  /** k8spacket's node graph of {@code range}: one node per workload-level end. */
  static NodeGraph k8spacketGraph(
      WorkloadView view,
      TimeRange range,
      EdgeFilter filter,
      ConnectionFilter expression,
      StatsType type) {
    noExpression(expression);
    WorkloadView.Answer answer = view.edges(range);
    return GroupNodeGraphs.build(
        grouped(filtered(answer.edges(), filter), range, answer.asOf()), type);
  }

  /** As grouped edges, first and last seen the window's start (or the epoch) and its end. */
  private static List<GroupEdge> grouped(List<WorkloadEdge> edges, TimeRange range, Instant asOf) {
    Instant from = range.hasFrom() ? Instant.ofEpochMilli(range.fromMs()) : Instant.EPOCH;
    Instant to = asOf.isBefore(from) ? from : asOf;
    List<GroupEdge> out = new ArrayList<>(edges.size());
    for (WorkloadEdge e : edges) {
      out.add(e.toGroupEdge(from, to));
    }
    return out;
  }

  /** {@code filter=} keeps connections by their fields, which the workload series do not have. */
  private static void noExpression(ConnectionFilter expression) {
    if (expression != ConnectionFilter.NONE) {
      throw ViewException.notKnown(
          "filter: the Prometheus query mode has workload series, not connections: use the"
              + " namespace, include, exclude and workload parameters");
    }
  }

  /** Workloads merged into their namespaces; the other ends stay themselves. */
  private static List<WorkloadEdge> byNamespace(List<WorkloadEdge> edges) {
    Map<List<Object>, WorkloadEdge> merged = new LinkedHashMap<>();
    for (WorkloadEdge e : edges) {
      GroupNode client = namespaceOf(e.client());
      GroupNode server = namespaceOf(e.server());
      WorkloadEdge moved =
          new WorkloadEdge(
              client,
              server,
              e.serverPort(),
              e.outcomes(),
              e.persistent(),
              e.bytesSent(),
              e.bytesReceived(),
              e.durationSum(),
              e.durationMax());
      merged.merge(List.of(client.id(), server.id(), e.serverPort()), moved, WorkloadEdge::plus);
    }
    List<WorkloadEdge> out = new ArrayList<>(merged.values());
    out.sort(ORDER);
    return out;
  }

  private static GroupNode namespaceOf(GroupNode node) {
    return node.kind().equals("workload") ? GroupNode.namespace(node.namespace()) : node;
  }

  /**
   * A workload series' node: searched by its title; its namespace and workload as it names them.
   */
  private static final EdgeFilter.Ends<GroupNode> NODES =
      new EdgeFilter.Ends<>() {
        @Override
        public String namespace(GroupNode end) {
          return end.namespace();
        }

        @Override
        public List<String> names(GroupNode end) {
          return List.of(end.title());
        }

        @Override
        public String workload(GroupNode end) {
          return end.workload().toString();
        }
      };

  private static List<WorkloadEdge> filtered(List<WorkloadEdge> edges, EdgeFilter filter) {
    if (filter.equals(EdgeFilter.NONE)) {
      return edges;
    }
    List<WorkloadEdge> out = new ArrayList<>();
    for (WorkloadEdge e : edges) {
      if (filter.test(e.client(), e.server(), NODES)) {
        out.add(e);
      }
    }
    return out;
  }
}
