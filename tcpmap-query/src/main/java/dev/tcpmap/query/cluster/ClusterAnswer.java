package dev.tcpmap.query.cluster;

import dev.tcpmap.core.cluster.Peer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster-wide answer to any question ({@link ClusterMerge}): the merged records of every agent
 * that answered, and who did not. Immutable.
 *
 * @param merged what the call's merge made of the answers
 * @param losses the answering agents' losses, summed by reason
 * @param asOf the oldest snapshot among the answers (the time up to which all of them saw)
 * @param answered the peers that answered (this agent included), in directory order
 * @param missing the peers that did not, in directory order
 */
public record ClusterAnswer<R>(
    R merged,
    Map<String, Long> losses,
    Instant asOf,
    List<Peer> answered,
    List<MissingPeer> missing) {

  public ClusterAnswer {
    Objects.requireNonNull(merged, "merged");
    losses = Map.copyOf(losses);
    Objects.requireNonNull(asOf, "asOf");
    answered = List.copyOf(answered);
    missing = List.copyOf(missing);
  }
}
