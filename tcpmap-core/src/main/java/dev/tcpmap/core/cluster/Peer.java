package dev.tcpmap.core.cluster;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Ports;

/**
 * Another tcpmap agent of the cluster, as the Kubernetes API names it.
 *
 * @param name the agent's pod name (what a response names when the peer did not answer)
 * @param node the Kubernetes node it runs on (and observes); "" when not yet scheduled
 * @param host the address to reach its HTTP API at (its pod IP)
 * @param port the port of its HTTP API
 */
public record Peer(String name, String node, String host, int port) {

  public Peer {
    Checks.nonNull("name node host", name, node, host);
    Ports.checkConnectable(port, "port");
  }
}
