package dev.tcpmap.query.service;

import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.MissingPeer;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.k8spacket.NodeGraph;
import dev.tcpmap.query.tls.ServerCertificate;
import dev.tcpmap.query.tls.TlsConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the {@link QueryService} answers: immutable values for the wire formats to write. */
public final class Answers {
  private Answers() {}

  /**
   * What every answer is relative to.
   *
   * @param range the window asked for (after the default window was applied)
   * @param asOf when the data was taken (the oldest answer's, in a cluster)
   * @param losses what the answering agents lost, by {@code source/reason}
   * @param effective the window the history summed, when it widened the one asked for to whole
   *     buckets
   * @param cluster who answered and who did not, for a cluster-wide answer
   */
  public record Header(
      TimeRange range,
      Instant asOf,
      Map<String, Long> losses,
      Optional<TimeRange> effective,
      Optional<Peers> cluster) {
    public Header {
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(asOf, "asOf");
      losses = Map.copyOf(losses);
      Objects.requireNonNull(effective, "effective");
      Objects.requireNonNull(cluster, "cluster");
    }

    /** The header of a cluster-wide answer: who answered, who did not, their losses summed. */
    static Header of(TimeRange range, ClusterAnswer<?> answer) {
      return new Header(
          range,
          answer.asOf(),
          answer.losses(),
          Optional.empty(),
          Optional.of(new Peers(answer.answered(), answer.missing())));
    }

    /** The peers a cluster-wide answer lacks; none for this agent's own. */
    public List<MissingPeer> missing() {
      return cluster.map(Peers::missing).orElse(List.of());
    }
  }

  /**
   * The agents that answered a cluster-wide question (this one included), and those that did not.
   */
  public record Peers(List<Peer> answered, List<MissingPeer> missing) {
    public Peers {
      answered = List.copyOf(answered);
      missing = List.copyOf(missing);
    }
  }

  /** The native graph ({@code /api/v1/graph}), at the level asked for. */
  public sealed interface Graph {
    Header header();

    /** The workloads behind each Service node, by node id. */
    Map<String, List<Backend>> backends();
  }

  /** One node per address (per process on the host): the ends as named, and their edges. */
  public record PodGraph(
      Header header,
      List<Endpoint> nodes,
      List<EdgeStats> edges,
      Map<String, List<Backend>> backends)
      implements Graph {
    public PodGraph {
      nodes = List.copyOf(nodes);
      edges = List.copyOf(edges);
      backends = Map.copyOf(backends);
    }
  }

  /** Pods merged into their workloads or namespaces. */
  public record GroupedGraph(
      Header header,
      Grouping grouping,
      List<GroupNode> nodes,
      List<GroupEdge> edges,
      Map<String, List<Backend>> backends)
      implements Graph {
    public GroupedGraph {
      nodes = List.copyOf(nodes);
      edges = List.copyOf(edges);
      backends = Map.copyOf(backends);
    }
  }

  /** k8spacket's node graph, and the peers it lacks (its shape has no place for them). */
  public record K8spacketGraph(NodeGraph graph, List<MissingPeer> missing) {
    public K8spacketGraph {
      Objects.requireNonNull(graph, "graph");
      missing = List.copyOf(missing);
    }
  }

  /** This agent's connections of a window, newest first, at most the limit asked for. */
  public record Connections(Header header, int total, List<Connection> connections) {
    public Connections {
      connections = List.copyOf(connections);
    }

    public boolean truncated() {
      return total > connections.size();
    }
  }

  /** A handshake with its ends named. */
  public record NamedHandshake(TlsHandshake handshake, Endpoint client, Endpoint server) {}

  /** k8spacket's TLS connections: the newest handshake per (client, server, port), named. */
  public record TlsConnections(Header header, List<NamedConnection> connections) {
    public TlsConnections {
      connections = List.copyOf(connections);
    }
  }

  /** One TLS connection by its id, when there is one in the window. */
  public record TlsDetail(Header header, Optional<TlsConnection> connection) {}

  /** One TLS connection of k8spacket's list, its ends named by its newest handshake. */
  public record NamedConnection(TlsConnection connection, Endpoint client, Endpoint server) {}

  /** TLS handshakes of a window, newest first, at most the limit asked for. */
  public record Handshakes(Header header, int total, List<NamedHandshake> handshakes) {
    public Handshakes {
      handshakes = List.copyOf(handshakes);
    }

    public boolean truncated() {
      return total > handshakes.size();
    }
  }

  /** The distinct server certificates of a window, soonest expiry first. */
  public record Certificates(Header header, List<ServerCertificate> certificates) {
    public Certificates {
      certificates = List.copyOf(certificates);
    }
  }
}
