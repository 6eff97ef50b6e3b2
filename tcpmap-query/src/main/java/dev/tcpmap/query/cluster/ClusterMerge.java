package dev.tcpmap.query.cluster;

import dev.tcpmap.core.cluster.Peer;
import java.util.List;

/**
 * Merges the answers of the agents of a cluster to one question (their edges, their TLS
 * handshakes). Used by one thread: {@link #add} as answers arrive (in no particular order), then
 * {@link #finish} once.
 *
 * @param <T> one agent's answer
 * @param <R> the merged answer
 */
public interface ClusterMerge<T extends PeerAnswer, R> {
  void add(T answer);

  /**
   * @param answered the peers whose answers were added (this agent included), in directory order
   */
  R finish(List<Peer> answered);
}
