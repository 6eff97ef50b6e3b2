package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.Endpoint.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pod belongs to, by following controller owner references one step further than the pod's
 * own: Pod → ReplicaSet → Deployment (or whatever controls the ReplicaSet, e.g. an Argo Rollout),
 * Pod → Job → CronJob. StatefulSets, DaemonSets and other kinds (custom resources) are taken as the
 * pod names them; a ReplicaSet or Job whose owner is not (yet) known is its own workload; a pod
 * without owner is {@code Pod/<name>}.
 *
 * <p>Only ReplicaSets and Jobs are looked through, so only they are informed; what owns a
 * Deployment or a CronJob is not followed. Not thread-safe: the index calls it under its lock.
 */
final class Workloads {

  /** The kinds whose own controller names the workload of their pods. */
  static final List<String> LOOKED_THROUGH = List.of("ReplicaSet", "Job");

  /** "namespace/Kind/name" of a ReplicaSet or Job → its controller, or NONE when it has none. */
  private final Map<String, Workload> controllers = new HashMap<>();

  /**
   * Records a ReplicaSet or Job; true when what its pods resolve to changed (it was unknown, or its
   * controller changed), so that the index renames them.
   */
  boolean put(HasMetadata owner) {
    OwnerReference controller = controllerOf(owner.getMetadata());
    Workload workload =
        controller == null
            ? Workload.NONE
            : new Workload(controller.getKind(), controller.getName());
    return !workload.equals(controllers.put(key(owner), workload));
  }

  /** Forgets a ReplicaSet or Job; true when it was known. */
  boolean remove(HasMetadata owner) {
    return controllers.remove(key(owner)) != null;
  }

  /** The workload of a pod in {@code namespace} named {@code podName} with this controller. */
  Workload of(String namespace, String podName, OwnerReference controller) {
    if (controller == null) {
      return new Workload("Pod", podName);
    }
    String kind = Objects.requireNonNullElse(controller.getKind(), "");
    String name = Objects.requireNonNullElse(controller.getName(), "");
    if (LOOKED_THROUGH.contains(kind)) {
      Workload above = controllers.get(key(namespace, kind, name));
      if (above != null && !above.equals(Workload.NONE)) {
        return above;
      }
    }
    return new Workload(kind, name);
  }

  /**
   * The owner reference marked {@code controller: true}, else the first one (objects made by hand
   * may omit the flag), else null.
   */
  static OwnerReference controllerOf(ObjectMeta meta) {
    List<OwnerReference> refs = meta == null ? null : meta.getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return null;
    }
    for (OwnerReference ref : refs) {
      if (Boolean.TRUE.equals(ref.getController())) {
        return ref;
      }
    }
    return refs.getFirst();
  }

  static String key(String namespace, String kind, String name) {
    return namespace + "/" + kind + "/" + name;
  }

  private static String key(HasMetadata owner) {
    ObjectMeta meta = owner.getMetadata();
    return key(meta.getNamespace(), owner.getKind(), meta.getName());
  }
}
