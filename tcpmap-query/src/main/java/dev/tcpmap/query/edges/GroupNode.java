package dev.tcpmap.query.edges;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.query.EndpointNames;

/**
 * A node of a grouped graph: one endpoint, or a workload or namespace standing for its pods.
 *
 * @param id unique in a graph: the endpoint's node id (its IP, or {@code comm@IP}), {@code
 *     workload:<namespace>/<Kind>/<name>}, or {@code namespace:<name>}
 * @param kind {@code pod}, {@code service}, {@code node}, {@code external}, {@code process}, {@code
 *     workload} or {@code namespace}
 * @param name the pod, Service, node, process or workload name, the namespace's name, or the IP
 * @param namespace the Kubernetes namespace, "" when none
 * @param workload the workload (for {@code workload} nodes and pods), else {@link
 *     Endpoint.Workload#NONE}
 * @param title what a user reads: {@code pod.web-1}, {@code svc.api}, {@code Deployment/web},
 *     {@code namespace shop}, or an address
 */
public record GroupNode(
    String id,
    String kind,
    String name,
    String namespace,
    Endpoint.Workload workload,
    String title) {

  public GroupNode {
    Checks.nonNull(
        "id kind name namespace workload title", id, kind, name, namespace, workload, title);
  }

  static GroupNode of(Endpoint e) {
    return new GroupNode(
        e.nodeId(),
        e.kind().name().toLowerCase(java.util.Locale.ROOT),
        e.name(),
        e.namespace(),
        e.workload(),
        EndpointNames.title(e));
  }

  /** The node of a workload's pods. */
  public static GroupNode workload(String namespace, Endpoint.Workload workload) {
    return new GroupNode(
        "workload:" + namespace + "/" + workload,
        "workload",
        workload.name(),
        namespace,
        workload,
        workload.toString());
  }

  /** The node of a namespace's pods. */
  public static GroupNode namespace(String namespace) {
    return new GroupNode(
        "namespace:" + namespace,
        "namespace",
        namespace,
        namespace,
        Endpoint.Workload.NONE,
        "namespace " + namespace);
  }
}
