package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.ContainerIds;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/**
 * The containers of the cluster's pods by the ID their runtime gave them ({@code
 * status.containerStatuses[].containerID}, and those of init and ephemeral containers): what joins
 * a socket's cgroup, which is named by that ID on the node, to the pod's name for the container.
 * Fed by the pod informer's handlers; {@link #name} answers from any thread without a lock.
 *
 * <p>It also keeps each pod's namespace and labels, for {@link #matching}: which pods the agent
 * targets.
 *
 * <p>A container has an ID once it was started; a restarted container gets a new one, which the
 * pod's next status brings. IDs of a pod's earlier statuses are dropped with each update, and all
 * of them when the pod is deleted.
 */
public final class PodContainers {

  /** A pod's container, as the pod names it. */
  public record Container(String namespace, String pod, String name) {}

  /** What targeting reads of a pod: where it is, its labels, its containers' IDs. */
  private record Entry(String namespace, Map<String, String> labels, List<String> ids) {}

  /**
   * The pods a predicate on namespace and labels selects, and the IDs of their containers.
   *
   * @param pods how many pods match (on any node)
   * @param containerIds the IDs of their started containers
   */
  public record Matching(int pods, Set<String> containerIds) {}

  private final ConcurrentHashMap<String, Container> byId = new ConcurrentHashMap<>();

  /** Every pod (by uid). Guarded by "this". */
  private final Map<String, Entry> pods = new HashMap<>();

  public synchronized void put(Pod pod) {
    ObjectMeta meta = Objects.requireNonNullElseGet(pod.getMetadata(), ObjectMeta::new);
    String namespace = Objects.requireNonNullElse(meta.getNamespace(), "");
    String name = Objects.requireNonNullElse(meta.getName(), "");
    Map<String, Container> now = new HashMap<>();
    statuses(pod)
        .forEach(
            s -> {
              String id = ContainerIds.ofStatus(s.getContainerID());
              if (!id.isEmpty() && s.getName() != null) {
                now.put(id, new Container(namespace, name, s.getName()));
              }
            });
    String key = key(meta);
    Entry old = pods.get(key);
    for (String id : old == null ? List.<String>of() : old.ids()) {
      if (!now.containsKey(id)) {
        byId.remove(id);
      }
    }
    byId.putAll(now);
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels());
    pods.put(key, new Entry(namespace, labels, List.copyOf(now.keySet())));
  }

  public synchronized void remove(Pod pod) {
    ObjectMeta meta = Objects.requireNonNullElseGet(pod.getMetadata(), ObjectMeta::new);
    Entry old = pods.remove(key(meta));
    if (old != null) {
      old.ids().forEach(byId::remove);
    }
  }

  /** The pods whose namespace and labels {@code selects} accepts, and their containers' IDs. */
  public synchronized Matching matching(BiPredicate<String, Map<String, String>> selects) {
    int count = 0;
    Set<String> ids = new HashSet<>();
    for (Entry e : pods.values()) {
      if (selects.test(e.namespace(), e.labels())) {
        count++;
        ids.addAll(e.ids());
      }
    }
    return new Matching(count, Set.copyOf(ids));
  }

  /** The pod's name for the container with this ID, or "" when no pod lists it. */
  public String name(String containerId) {
    Container c = byId.get(containerId);
    return c == null ? "" : c.name();
  }

  /** The container with this ID, or null when no pod lists it. */
  public Container container(String containerId) {
    return byId.get(containerId);
  }

  /** Containers known. */
  public int size() {
    return byId.size();
  }

  private static String key(ObjectMeta meta) {
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }

  private static Stream<ContainerStatus> statuses(Pod pod) {
    PodStatus status = pod.getStatus();
    if (status == null) {
      return Stream.empty();
    }
    return Stream.of(
            status.getContainerStatuses(),
            status.getInitContainerStatuses(),
            status.getEphemeralContainerStatuses())
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .filter(Objects::nonNull);
  }
}
