package dev.tcpmap.kubernetes;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How tcpmap talks to the Kubernetes API and finds its peer agents.
 *
 * @param kubeconfig a kubeconfig file to use; empty: fabric8's auto-configuration, i.e. the pod's
 *     service account when running in a cluster, else {@code $KUBECONFIG} or {@code ~/.kube/config}
 * @param tombstoneGrace how long a pod, Service or node that left an address still names
 *     connections that started before it left
 * @param maxTombstones at most this many ended tenures are kept; the oldest go first (counted)
 * @param peerNamespace where the peer agents run; "" for every namespace
 * @param peerLabelSelector a label selector for the peer agents' pods (k8spacket's {@code
 *     K8S_PACKET_API_LABEL_SELECTOR}); "" turns peer discovery off
 * @param peerFieldSelector a field selector for them (k8spacket's {@code
 *     K8S_PACKET_API_FIELD_SELECTOR}), e.g. {@code status.phase=Running}; "" for none
 * @param peerPort the port of the peers' HTTP API
 * @param selfName this agent's pod name (downward API), "" when unknown
 */
public record KubernetesOptions(
    Optional<Path> kubeconfig,
    Duration tombstoneGrace,
    int maxTombstones,
    String peerNamespace,
    String peerLabelSelector,
    String peerFieldSelector,
    int peerPort,
    String selfName) {

  public KubernetesOptions {
    Checks.nonNull("kubeconfig selfName", kubeconfig, selfName);
    Checks.nonNull("peerNamespace peerLabelSelector", peerNamespace, peerLabelSelector);
    if (tombstoneGrace.isNegative()) {
      throw new IllegalArgumentException("tombstoneGrace is negative: " + tombstoneGrace);
    }
    if (maxTombstones < 0) {
      throw new IllegalArgumentException("maxTombstones is negative: " + maxTombstones);
    }
    Ports.checkConnectable(peerPort, "peerPort");
    FieldSelector.parse(peerFieldSelector);
  }

  /**
   * Auto-configured client; tombstones for an hour (a pod's connections stay named for an hour
   * after it is gone), at most 50,000 of them (about 10 MB); no peer discovery; port 6676.
   */
  public static KubernetesOptions defaults() {
    return new KubernetesOptions(
        Optional.empty(), Duration.ofHours(1), 50_000, "", "", "", 6676, "");
  }

  public KubernetesOptions withPeers(
      String namespace, String labelSelector, String fieldSelector, int port, String self) {
    return new KubernetesOptions(
        kubeconfig,
        tombstoneGrace,
        maxTombstones,
        namespace,
        labelSelector,
        fieldSelector,
        port,
        self);
  }

  public boolean discoversPeers() {
    return !peerLabelSelector.isBlank();
  }
}
