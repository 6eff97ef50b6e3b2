package dev.tcpmap.core.cluster;

import java.util.List;

/**
 * The agents of the cluster that a cluster-wide answer asks, as currently known. Implementations
 * are thread-safe and answer from memory (an informer's cache), never with a request per call.
 */
public interface PeerDirectory {

  /** No peers: an agent outside Kubernetes answers for itself alone. */
  PeerDirectory NONE =
      new PeerDirectory() {
        @Override
        public List<Peer> peers() {
          return List.of();
        }

        @Override
        public String selfName() {
          return "";
        }
      };

  /** Every agent that should answer, including this one when the directory lists it. */
  List<Peer> peers();

  /**
   * This agent's own pod name (from the downward API), so that it answers for itself without a
   * request; "" when unknown (it is then asked over HTTP like any peer, and de-duplication keeps
   * its records once).
   */
  String selfName();
}
