package dev.tcpmap.core.model;

import java.util.Objects;

/**
 * What an IP address is, at the time of an event. Resolution never fails: an address nothing is
 * known about is {@link Kind#EXTERNAL} with its IP text as name.
 *
 * @param name the display name without kind prefix (pod name, service name, node name, a process's
 *     {@code comm}, or the IP text for an external endpoint)
 * @param namespace the Kubernetes namespace, or "" when there is none
 * @param workload what runs a pod (its controller after following owner references, e.g. {@code
 *     Deployment/web}; a pod without owner is its own workload, {@code Pod/<name>}); {@link
 *     Workload#NONE} for anything but a pod
 * @param node the Kubernetes node a pod runs on, or the node's own name for {@link Kind#NODE}; ""
 *     when unknown or not in Kubernetes
 */
public record Endpoint(
    IpAddress ip, Kind kind, String name, String namespace, Workload workload, String node) {

  /**
   * The controller a pod belongs to, by kind and name (in the pod's namespace).
   *
   * @param kind e.g. {@code Deployment}, {@code StatefulSet}, {@code DaemonSet}, {@code CronJob},
   *     {@code Job}, {@code ReplicaSet}, {@code Pod}; "" for none
   */
  public record Workload(String kind, String name) {
    public static final Workload NONE = new Workload("", "");

    public Workload {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }

    /** {@code kind/name}, or "" for none. */
    @Override
    public String toString() {
      return kind.isEmpty() ? "" : kind + "/" + name;
    }
  }

  public enum Kind {
    POD,
    SERVICE,
    NODE,
    EXTERNAL,
    /**
     * A process on the agent's host, named by its {@code comm}: the view without Kubernetes. Two
     * processes on one IP (127.0.0.1) are two endpoints.
     */
    PROCESS
  }

  public Endpoint {
    Checks.nonNull(
        "ip kind name namespace workload node", ip, kind, name, namespace, workload, node);
  }

  /** An endpoint without workload or node (anything outside Kubernetes, services). */
  public Endpoint(IpAddress ip, Kind kind, String name, String namespace) {
    this(ip, kind, name, namespace, Workload.NONE, "");
  }

  /**
   * The id of its node in tcpmap's own graph: the IP text, and for a process {@code comm@IP}, so
   * that two processes on one address stay apart.
   */
  // Written out: endpoints are the keys of every edge map a query builds, one lookup per record.
  // The generated versions go through the enum's identity hash and a chain of method handles; these
  // test identity first (the aggregator's records share their endpoints) and the cheap fields
  // first.
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Endpoint e
            && kind == e.kind
            && ip.equals(e.ip)
            && name.equals(e.name)
            && namespace.equals(e.namespace)
            && workload.equals(e.workload)
            && node.equals(e.node);
  }

  @Override
  public int hashCode() {
    int h = ip.hashCode();
    h = 31 * h + kind.ordinal();
    h = 31 * h + name.hashCode();
    h = 31 * h + namespace.hashCode();
    h = 31 * h + workload.hashCode();
    return 31 * h + node.hashCode();
  }

  public String nodeId() {
    return kind == Kind.PROCESS ? name + "@" + ip : ip.toString();
  }

  /** An endpoint known only by its address. */
  public static Endpoint ofIp(IpAddress ip) {
    return new Endpoint(ip, Kind.EXTERNAL, ip.toString(), "");
  }
}
