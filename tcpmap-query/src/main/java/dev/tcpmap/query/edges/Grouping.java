package dev.tcpmap.query.edges;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.WireNames;

/**
 * How far the graph groups endpoints: the {@code group} parameter of {@code /api/v1/graph}.
 *
 * <p>Only pods are grouped: a Service, a node, an external address and a local process are the same
 * node at every level, because merging them would hide what a platform engineer asks about (which
 * Service, which outside address). A Service stays a Service so that its clients are shown talking
 * to it, as they did; its backing workloads are listed on it.
 */
public enum Grouping {
  /** One node per address (per process on the host): k8spacket's view. */
  POD,
  /** Pods merged into their workload (Deployment, StatefulSet, DaemonSet, CronJob, …). */
  WORKLOAD,
  /** Pods merged into their namespace. */
  NAMESPACE;

  /** The parameter value, e.g. {@code "workload"}. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the {@code group} parameter; missing or empty means {@link #POD}.
   *
   * @throws QueryException for any other value
   */
  public static Grouping parse(String text) {
    return WireNames.parse(
        text,
        POD,
        unknown -> {
          String shown = unknown.length() > 40 ? unknown.substring(0, 40) + "…" : unknown;
          return QueryException.forParameter(
              "group", "unknown value '" + shown + "' (expected pod, workload or namespace)");
        });
  }

  /** The node {@code endpoint} belongs to at this level. */
  public GroupNode nodeOf(Endpoint endpoint) {
    if (endpoint.kind() != Endpoint.Kind.POD || this == POD) {
      return GroupNode.of(endpoint);
    }
    if (this == NAMESPACE) {
      return GroupNode.namespace(endpoint.namespace());
    }
    Endpoint.Workload workload = endpoint.workload();
    // A pod the index could not place (owner unknown) is its own workload.
    return workload.equals(Endpoint.Workload.NONE)
        ? GroupNode.workload(endpoint.namespace(), new Endpoint.Workload("Pod", endpoint.name()))
        : GroupNode.workload(endpoint.namespace(), workload);
  }
}
