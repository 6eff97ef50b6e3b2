package dev.tcpmap.query.cluster;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.query.edges.EdgeStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the answers of the agents of a cluster so that each connection counts once.
 *
 * <p>Each agent observes the sockets of its own host, so a connection between two hosts is seen
 * twice: by the client's agent ({@link Side#CLIENT}) and by the server's ({@link Side#SERVER}). The
 * client side's record wins:
 *
 * <ul>
 *   <li>client-side edges count, summed across agents by {@link EdgeKey} (an agent reports only
 *       client ends on its own host, so equal keys from two agents are different connections);
 *   <li>a server-side edge counts only when its client is <em>not</em> observed by an answering
 *       agent: it is dropped when the client endpoint's {@code node()} is the node of an agent that
 *       answered (this one included), and kept otherwise &mdash; an external client, a client on a
 *       node whose agent is down, slow or absent. Nothing is lost to a missing peer.
 * </ul>
 *
 * <p>A connection to a Service's ClusterIP, client pod {@code web-1} on node {@code a}, backend pod
 * {@code api-7} on node {@code b}:
 *
 * <pre>
 *   web-1 (node a) ── 10.96.0.10:80 (svc api) ──DNAT──▶ api-7:8080 (node b)
 *
 *   agent on a, client side:  web-1 → svc.api :80     (the socket connected to the ClusterIP)
 *   agent on b, server side:  web-1 → api-7   :8080   (the accepted socket sees the pod)
 * </pre>
 *
 * Both agents answered, and the server-side record's client {@code web-1} is on node {@code a}: it
 * is dropped, and the connection counts once, as {@code web-1 → svc.api}. Had the agent on {@code
 * a} not answered, it would count once as {@code web-1 → api-7}.
 *
 * <p>Limits: a client the server's agent could not name (its Kubernetes view had not caught up, so
 * the client has no node) is kept as if it were external, and counts twice when its own agent
 * answered too. Records made from packets are all client side (they say nothing about sockets).
 */
public final class EdgeMerge {
  private final Map<EdgeKey, EdgeStats> merged = new HashMap<>();
  private final List<EdgeStats> serverSide = new ArrayList<>();

  /**
   * A merge to which answers are added as they arrive, on one thread: their client side is merged
   * at once, their server side when {@link #finish} knows which agents answered.
   */
  public EdgeMerge() {}

  /** The merge of complete answers (see {@link #finish}). */
  public static List<EdgeStats> merge(Collection<PeerEdges> answers, Set<String> answeringNodes) {
    EdgeMerge merge = new EdgeMerge();
    answers.forEach(merge::add);
    return merge.finish(answeringNodes);
  }

  /** Adds one agent's answer. */
  public void add(PeerEdges answer) {
    for (SidedEdge edge : answer.edges()) {
      switch (edge.side()) {
        case CLIENT -> merged.merge(edge.stats().key(), edge.stats(), EdgeMerge::plus);
        case SERVER -> serverSide.add(edge.stats());
      }
    }
  }

  /**
   * The merged edges, in no particular order: sorting 50,000 edges cost more than merging them, and
   * each endpoint orders what it shows (after filtering) as it needs.
   *
   * @param answeringNodes the Kubernetes nodes of the agents that answered; "" (unknown) is
   *     ignored, since it is also the node of every client outside Kubernetes
   */
  public List<EdgeStats> finish(Set<String> answeringNodes) {
    for (EdgeStats edge : serverSide) {
      String clientNode = edge.key().client().node();
      if (clientNode.isEmpty() || !answeringNodes.contains(clientNode)) {
        merged.merge(edge.key(), edge, EdgeMerge::plus);
      }
    }
    serverSide.clear();
    return new ArrayList<>(merged.values());
  }

  /** The totals of two sets of connections of one edge. */
  static EdgeStats plus(EdgeStats a, EdgeStats b) {
    return new EdgeStats(
        a.key(),
        Math.addExact(a.connections(), b.connections()),
        a.outcomes().plus(b.outcomes()),
        Math.addExact(a.persistent(), b.persistent()),
        Math.addExact(a.bytesSent(), b.bytesSent()),
        Math.addExact(a.bytesReceived(), b.bytesReceived()),
        a.durationSum().plus(b.durationSum()),
        a.durationMax().compareTo(b.durationMax()) >= 0 ? a.durationMax() : b.durationMax(),
        a.firstStart().isBefore(b.firstStart()) ? a.firstStart() : b.firstStart(),
        a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen());
  }
}
