package dev.tcpmap.kubernetes;

import java.util.List;

/**
 * The API resources tcpmap informs (list and watch), and nothing else: the ClusterRole in {@code
 * deploy/kubernetes/rbac.yaml} grants exactly get, list and watch on these, and a test holds the
 * two together.
 */
public final class InformedResources {

  /**
   * A resource as RBAC names it.
   *
   * @param group the API group, "" for the core group
   * @param resource the plural resource name
   */
  public record Resource(String group, String resource) {}

  public static final Resource PODS = new Resource("", "pods");
  public static final Resource SERVICES = new Resource("", "services");
  public static final Resource NODES = new Resource("", "nodes");
  public static final Resource ENDPOINT_SLICES = new Resource("discovery.k8s.io", "endpointslices");
  public static final Resource REPLICA_SETS = new Resource("apps", "replicasets");
  public static final Resource JOBS = new Resource("batch", "jobs");

  /** Every resource informed; peer discovery informs pods, which are in the list already. */
  public static final List<Resource> ALL =
      List.of(PODS, SERVICES, NODES, ENDPOINT_SLICES, REPLICA_SETS, JOBS);

  /** The verbs granted, all read-only: informers list and watch; get is for the odd lookup. */
  public static final List<String> VERBS = List.of("get", "list", "watch");

  private InformedResources() {}
}
