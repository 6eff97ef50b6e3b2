package dev.tcpmap.query.cluster;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.query.edges.EdgeStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster-wide answer: the merged edges of every agent that answered (see {@link EdgeMerge}), and
 * who did not. Immutable.
 *
 * @param edges merged edges, each connection counted once, in no particular order
 * @param losses the answering agents' losses, summed by reason
 * @param asOf the oldest snapshot among the answers (the time up to which all of them saw)
 * @param answered the peers that answered (this agent included), in directory order
 * @param missing the peers that did not, in directory order
 */
public record ClusterEdges(
    List<EdgeStats> edges,
    Map<String, Long> losses,
    Instant asOf,
    List<Peer> answered,
    List<MissingPeer> missing) {

  public ClusterEdges {
    edges = List.copyOf(edges);
    losses = Map.copyOf(losses);
    Objects.requireNonNull(asOf, "asOf");
    answered = List.copyOf(answered);
    missing = List.copyOf(missing);
  }
}
