package dev.tcpmap.query.service;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.GroupEdge;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.OutcomeCounts;
import java.time.Duration;
import java.time.Instant;

/**
 * One edge of the workload series: what the agents counted between two workload-level ends on one
 * server port when connections ended. Immutable.
 *
 * @param outcomes the connections that ended, by how ({@code open} is 0: the series count ends)
 * @param persistent how many of them lasted longer than the persistent threshold's bucket bound
 * @param durationSum their durations, summed
 * @param durationMax an upper bound of the longest: the bound of the smallest duration bucket that
 *     holds them all, or {@code durationSum} when that is smaller (the series keep no maximum)
 */
public record WorkloadEdge(
    GroupNode client,
    GroupNode server,
    int serverPort,
    OutcomeCounts outcomes,
    long persistent,
    long bytesSent,
    long bytesReceived,
    Duration durationSum,
    Duration durationMax) {

  /** The address the ends of {@link #toGroupEdge}'s key carry: the series have none. */
  private static final IpAddress NO_ADDRESS = IpAddress.parse("0.0.0.0");

  public WorkloadEdge {
    Checks.nonNull("client server outcomes", client, server, outcomes);
    Checks.nonNull("durationSum durationMax", durationSum, durationMax);
  }

  /**
   * The node a workload series names by its {@code *_namespace} and {@code *_workload} labels, the
   * inverse of the graph's workload grouping: {@code Kind/name} in a namespace is a workload,
   * {@code svc.name} a Service, {@code node.name} a node; {@code other} in both is a family's fold;
   * any other name without a namespace is an end outside Kubernetes (an external address, or a
   * process on a host without Kubernetes: the series do not say which). Ids are names, not
   * addresses: {@code workload:<namespace>/<Kind>/<name>} as the agents' graph, {@code
   * service:<namespace>/<name>}, {@code node:<name>}, {@code external:<name>}, {@code other}.
   */
  public static GroupNode node(String namespace, String title) {
    if (namespace.equals("other") && title.equals("other")) {
      return new GroupNode("other", "other", "other", "", Endpoint.Workload.NONE, "other");
    }
    if (!namespace.isEmpty()) {
      if (title.startsWith("svc.")) {
        String name = title.substring(4);
        return new GroupNode(
            "service:" + namespace + "/" + name,
            "service",
            name,
            namespace,
            Endpoint.Workload.NONE,
            title);
      }
      int slash = title.indexOf('/');
      Endpoint.Workload workload =
          slash > 0
              ? new Endpoint.Workload(title.substring(0, slash), title.substring(slash + 1))
              : new Endpoint.Workload("Pod", title);
      return GroupNode.workload(namespace, workload);
    }
    if (title.startsWith("node.")) {
      String name = title.substring(5);
      return new GroupNode("node:" + name, "node", name, "", Endpoint.Workload.NONE, title);
    }
    return new GroupNode("external:" + title, "external", title, "", Endpoint.Workload.NONE, title);
  }

  /** How many connections ended. */
  public long connections() {
    return outcomes.total();
  }

  /** The sum of both, under this edge's ends. */
  public WorkloadEdge plus(WorkloadEdge other) {
    return new WorkloadEdge(
        client,
        server,
        serverPort,
        outcomes.plus(other.outcomes),
        persistent + other.persistent,
        bytesSent + other.bytesSent,
        bytesReceived + other.bytesReceived,
        durationSum.plus(other.durationSum),
        durationMax.compareTo(other.durationMax) >= 0 ? durationMax : other.durationMax);
  }

  /**
   * As the graph's grouped edge; {@code members} 0 (the series do not know the pod-level edges) and
   * first and last seen the window's ends (the series do not say when within it). The totals' key,
   * which no answer writes, names the ends at the unspecified address.
   */
  GroupEdge toGroupEdge(Instant from, Instant to) {
    EdgeKey key =
        new EdgeKey(
            new Endpoint(NO_ADDRESS, Endpoint.Kind.EXTERNAL, client.id(), client.namespace()),
            new Endpoint(NO_ADDRESS, Endpoint.Kind.EXTERNAL, server.id(), server.namespace()),
            serverPort);
    EdgeStats totals =
        new EdgeStats(
            key,
            connections(),
            outcomes,
            persistent,
            bytesSent,
            bytesReceived,
            durationSum,
            durationMax,
            from,
            to);
    return new GroupEdge(client, server, serverPort, totals, 0);
  }
}
