package dev.tcpmap.kubernetes;

import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.kubernetes.index.ClusterIndex;
import dev.tcpmap.kubernetes.index.ServiceBackends;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Names addresses from the Kubernetes API, as they were at the given time: pods (with namespace,
 * workload and node), Services (name and namespace), nodes (name, and node = name); anything the
 * cluster does not know goes to {@code fallback} (the agent's names local processes). Thread-safe
 * and lock-free: a map lookup on the event path.
 *
 * <p>The index is read when asked, so connections recorded while the API was unreachable are named
 * once it answers again.
 */
public final class KubernetesResolver implements Resolver {

  private final ClusterIndex index;
  private final ServiceBackends backends;
  private final Resolver fallback;

  public KubernetesResolver(ClusterIndex index, ServiceBackends backends, Resolver fallback) {
    this.index = Objects.requireNonNull(index, "index");
    this.backends = Objects.requireNonNull(backends, "backends");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public Endpoint resolve(IpAddress ip, Instant at) {
    Endpoint known = index.resolve(ip, at);
    return known != null ? known : fallback.resolve(ip, at);
  }

  @Override
  public Endpoint resolveClient(Connection connection) {
    Endpoint known = index.resolve(connection.client(), connection.start());
    return known != null ? known : fallback.resolveClient(connection);
  }

  /** Port-aware: a host-network pod that declares the server port is named, not its node. */
  @Override
  public Endpoint resolveServer(Connection connection) {
    Endpoint known =
        index.resolveServer(connection.server(), connection.serverPort(), connection.start());
    return known != null ? known : fallback.resolveServer(connection);
  }

  /**
   * The workloads behind a Service with their ready endpoint counts (see {@link ServiceBackends}),
   * so that a connection to a ClusterIP can be seen through.
   */
  public List<Backend> backends(String namespace, String service) {
    return backends.backends(namespace, service);
  }
}
