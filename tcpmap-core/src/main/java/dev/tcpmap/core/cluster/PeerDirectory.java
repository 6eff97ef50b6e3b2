package dev.tcpmap.core.cluster;

import java.util.List;
import java.util.Objects;

/**
 * The agents of the cluster that a cluster-wide answer asks, as currently known. Implementations
 * are thread-safe and answer from memory (an informer's cache), never with a request per call.
 */
public interface PeerDirectory {

  /** No peers: an agent outside Kubernetes answers for itself alone. */
  PeerDirectory NONE = of(List.of(), "");

  /** A directory that never changes: {@code peers}, this agent being {@code selfName}. */
  static PeerDirectory of(List<Peer> peers, String selfName) {
    List<Peer> fixed = List.copyOf(peers);
    Objects.requireNonNull(selfName, "selfName");
    return new PeerDirectory() {
      @Override
      public List<Peer> peers() {
        return fixed;
      }

      @Override
      public String selfName() {
        return selfName;
      }
    };
  }

  /** Every agent that should answer, including this one when the directory lists it. */
  List<Peer> peers();

  /**
   * This agent's own pod name (from the downward API), so that it answers for itself without a
   * request; "" when unknown (it is then asked over HTTP like any peer, and de-duplication keeps
   * its records once).
   */
  String selfName();
}
