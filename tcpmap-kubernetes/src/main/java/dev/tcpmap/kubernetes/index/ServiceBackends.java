package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.model.Endpoint.Workload;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Service → the workloads behind it, from {@code discovery.k8s.io/v1} EndpointSlices (found by
 * their {@code kubernetes.io/service-name} label; each endpoint's {@code targetRef} names a pod).
 * Computed when asked (a query, not the event path), so pods and ReplicaSets that arrive after the
 * slices are taken into account. Thread-safe.
 */
public final class ServiceBackends {

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** One endpoint of a slice: the pod it is (or its first address), and whether it is ready. */
  private record Member(String namespace, String pod, String address, boolean ready) {}

  /** "namespace/service" → slice name → its members. */
  private final Map<String, Map<String, List<Member>>> slices = new ConcurrentHashMap<>();

  /** (namespace, pod name) → workload of a live pod, or null when the pod is not known. */
  private final BiFunction<String, String, Workload> workloadOfPod;

  public ServiceBackends(BiFunction<String, String, Workload> workloadOfPod) {
    this.workloadOfPod = Objects.requireNonNull(workloadOfPod, "workloadOfPod");
  }

  public void put(EndpointSlice slice) {
    String service = serviceOf(slice);
    if (service == null) {
      return;
    }
    String namespace = slice.getMetadata().getNamespace();
    List<Member> members = new ArrayList<>();
    if (slice.getEndpoints() != null) {
      for (var endpoint : slice.getEndpoints()) {
        ObjectReference ref = endpoint.getTargetRef();
        boolean isPod = ref != null && "Pod".equals(ref.getKind()) && ref.getName() != null;
        String address =
            endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()
                ? ""
                : endpoint.getAddresses().getFirst();
        members.add(
            new Member(
                isPod ? Objects.requireNonNullElse(ref.getNamespace(), namespace) : namespace,
                isPod ? ref.getName() : "",
                address,
                ready(endpoint.getConditions())));
      }
    }
    slices
        .computeIfAbsent(namespace + "/" + service, k -> new ConcurrentHashMap<>())
        .put(slice.getMetadata().getName(), List.copyOf(members));
  }

  public void remove(EndpointSlice slice) {
    String service = serviceOf(slice);
    if (service == null) {
      return;
    }
    slices.computeIfPresent(
        slice.getMetadata().getNamespace() + "/" + service,
        (k, byName) -> {
          byName.remove(slice.getMetadata().getName());
          return byName.isEmpty() ? null : byName;
        });
  }

  /**
   * The workloads behind {@code namespace/service}, by workload name; empty when the Service has no
   * slices (unknown, headless without selector, or ExternalName). A pod that is not (yet) known is
   * counted as {@code Pod/<name>}.
   */
  public List<Backend> backends(String namespace, String service) {
    Map<String, List<Member>> byName = slices.getOrDefault(namespace + "/" + service, Map.of());
    // Each pod once: a dual-stack Service has one slice per address family listing the same pods.
    Map<String, Member> unique = new LinkedHashMap<>();
    for (List<Member> members : byName.values()) {
      for (Member m : members) {
        String id = m.pod().isEmpty() ? "address " + m.address() : m.namespace() + "/" + m.pod();
        unique.merge(id, m, (a, b) -> a.ready() ? a : b);
      }
    }
    Map<Workload, int[]> counts = new LinkedHashMap<>();
    for (Member m : unique.values()) {
      int[] c = counts.computeIfAbsent(workload(m), w -> new int[2]);
      c[0] += m.ready() ? 1 : 0;
      c[1]++;
    }
    List<Backend> out = new ArrayList<>();
    counts.forEach((w, c) -> out.add(new Backend(w, c[0], c[1])));
    out.sort(Comparator.comparing(b -> b.workload().toString()));
    return List.copyOf(out);
  }

  private Workload workload(Member m) {
    if (m.pod().isEmpty()) {
      return Workload.NONE;
    }
    Workload known = workloadOfPod.apply(m.namespace(), m.pod());
    return known != null ? known : new Workload("Pod", m.pod());
  }

  /** The API's advice: a missing ready condition is to be read as ready. */
  private static boolean ready(EndpointConditions conditions) {
    return conditions == null || !Boolean.FALSE.equals(conditions.getReady());
  }

  private static String serviceOf(EndpointSlice slice) {
    var labels = slice.getMetadata().getLabels();
    return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
  }
}
