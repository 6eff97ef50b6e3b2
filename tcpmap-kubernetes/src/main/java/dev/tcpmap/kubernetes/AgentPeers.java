package dev.tcpmap.kubernetes;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The tcpmap agents of the cluster: pods matching a label and a field selector (k8spacket's {@code
 * K8S_PACKET_API_LABEL_SELECTOR} and {@code K8S_PACKET_API_FIELD_SELECTOR}) that are Running and
 * have an IP, as {@code Peer(pod name, node name, pod IP, port)}, sorted by name. Answers from an
 * informer's cache; the field selector is also applied here (see {@link FieldSelector}).
 */
public final class AgentPeers implements PeerDirectory {

  private final Supplier<List<Pod>> pods;
  private final FieldSelector fields;
  private final int port;
  private final String selfName;

  AgentPeers(Supplier<List<Pod>> pods, KubernetesOptions options) {
    this.pods = Objects.requireNonNull(pods, "pods");
    this.fields = FieldSelector.parse(options.peerFieldSelector());
    this.port = options.peerPort();
    this.selfName = options.selfName();
  }

  /** An informer (not started) for the pods the options select, server-side as far as it can. */
  static SharedIndexInformer<Pod> informer(KubernetesClient client, KubernetesOptions options) {
    FilterWatchListDeletable<Pod, ?, PodResource> pods =
        options.peerNamespace().isBlank()
            ? client.pods().inAnyNamespace()
            : client.pods().inNamespace(options.peerNamespace());
    pods = pods.withLabelSelector(options.peerLabelSelector());
    for (FieldSelector.Requirement r :
        FieldSelector.parse(options.peerFieldSelector()).requirements()) {
      pods =
          r.negated()
              ? pods.withoutField(r.field(), r.value())
              : pods.withField(r.field(), r.value());
    }
    return pods.runnableInformer(0);
  }

  static Supplier<List<Pod>> from(Store<Pod> store) {
    return store::list;
  }

  @Override
  public List<Peer> peers() {
    return pods.get().stream()
        .filter(this::isAgent)
        .map(p -> new Peer(p.getMetadata().getName(), node(p), p.getStatus().getPodIP(), port))
        .sorted(Comparator.comparing(Peer::name))
        .toList();
  }

  @Override
  public String selfName() {
    return selfName;
  }

  private boolean isAgent(Pod pod) {
    return pod.getMetadata() != null
        && pod.getMetadata().getName() != null
        && pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getPodIP() != null
        && !pod.getStatus().getPodIP().isBlank()
        && fields.matches(pod);
  }

  private static String node(Pod pod) {
    return pod.getSpec() == null ? "" : Objects.requireNonNullElse(pod.getSpec().getNodeName(), "");
  }
}
