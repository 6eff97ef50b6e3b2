package dev.tcpmap.kubernetes;

import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.LossReporter;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.kubernetes.index.PodContainers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether and how the agent uses the Kubernetes API: names for addresses (pods, workloads,
 * Services, nodes), the peer agents a cluster-wide answer asks, and the {@code kubernetes} source
 * of {@code /api/v1/status} with its losses (owners of addresses forgotten to stay in bounds,
 * {@code kubernetes/tombstone-dropped}). Without Kubernetes every part is the host-only default:
 * processes and IPs name the ends, no peers, no status.
 *
 * <p>Kubernetes is used when {@code kubernetes.disabled} is false and either {@code
 * kubernetes.kubeconfig} names a file or the agent runs in a pod ({@code KUBERNETES_SERVICE_HOST}
 * is set: the service account). Starting never waits for the API: names fill in once it answers.
 */
public final class KubernetesSource implements Source {
  private static final String TOMBSTONES_DROPPED = ClusterWatch.SOURCE + "/tombstone-dropped";

  private final ClusterWatch watch;
  private final Resolver resolver;
  private LossReporter losses;

  private KubernetesSource(ClusterWatch watch, Resolver resolver) {
    this.watch = watch;
    this.resolver = resolver;
  }

  /** The host-only setup: {@code hostResolver} names everything, no peers. */
  public static KubernetesSource none(Resolver hostResolver) {
    return new KubernetesSource(null, hostResolver);
  }

  /**
   * Starts watching the cluster when the configuration and environment say so (see the class
   * comment), naming what the cluster does not know with {@code hostResolver}; says on {@code err}
   * which API it watches.
   *
   * @throws ConfigException when the kubeconfig file is missing or a peer selector is invalid
   */
  public static KubernetesSource connect(
      KubernetesSettings.Config config,
      int apiPort,
      String apiBind,
      Map<String, String> environment,
      Resolver hostResolver,
      PrintStream err) {
    Optional<KubernetesOptions> options = options(config, apiPort, environment);
    if (options.isEmpty()) {
      return none(hostResolver);
    }
    ClusterWatch watch = ClusterWatch.start(options.get(), hostResolver);
    err.println(
        "tcpmap agent: watching the Kubernetes API ("
            + options
                .get()
                .kubeconfig()
                .map(p -> "kubeconfig " + p + " from " + kubeconfigOrigin(config))
                .orElse("service account")
            + (options.get().discoversPeers()
                ? "; peers: pods with " + describe(options.get())
                : "")
            + ")");
    if (options.get().discoversPeers() && isLoopback(apiBind)) {
      err.println(
          "tcpmap agent: api.bind is "
              + apiBind
              + ": other agents cannot ask this one; set TCPMAP_API_BIND=0.0.0.0 (or ::) in a"
              + " cluster");
    }
    return new KubernetesSource(watch, watch.resolver());
  }

  private static boolean isLoopback(String bind) {
    return bind.equals("localhost") || bind.startsWith("127.") || bind.equals("::1");
  }

  private static String kubeconfigOrigin(KubernetesSettings.Config config) {
    return config.kubeconfig().isEmpty() ? "KUBECONFIG" : KubernetesSettings.KUBECONFIG.key();
  }

  /**
   * The options to watch with, or empty when Kubernetes is not to be used: as kubectl, the
   * kubeconfig given ({@code --kubeconfig}), else the first file the {@code KUBECONFIG} variable
   * lists, else the pod's service account when in a cluster ({@code KUBERNETES_SERVICE_HOST}).
   */
  static Optional<KubernetesOptions> options(
      KubernetesSettings.Config config, int apiPort, Map<String, String> env) {
    if (config.disabled()) {
      return Optional.empty();
    }
    Optional<Path> kubeconfig = Optional.empty();
    String given = config.kubeconfig();
    String variable = env.getOrDefault("KUBECONFIG", "").strip();
    if (!given.isEmpty()) {
      kubeconfig = Optional.of(readable(Path.of(given), KubernetesSettings.KUBECONFIG.key()));
    } else if (!variable.isEmpty()) {
      // kubectl merges a list; the agent watches one cluster: the first file of the list.
      String first = variable.split(java.io.File.pathSeparator, -1)[0];
      kubeconfig = Optional.of(readable(Path.of(first), "KUBECONFIG"));
    } else if (env.getOrDefault("KUBERNETES_SERVICE_HOST", "").isEmpty()) {
      return Optional.empty();
    }
    int peerPort = config.peerPort() == 0 ? apiPort : config.peerPort();
    try {
      return Optional.of(
          new KubernetesOptions(
              kubeconfig,
              config.tombstoneGrace(),
              config.maxTombstones(),
              config.peerNamespace(),
              config.peerLabelSelector(),
              config.peerFieldSelector(),
              peerPort == 0 ? 6676 : peerPort,
              config.podName()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          KubernetesSettings.PEER_FIELD_SELECTOR.key() + ": " + e.getMessage());
    }
  }

  private static Path readable(Path path, String from) {
    if (!Files.isReadable(path)) {
      throw new ConfigException(from + ": no readable kubeconfig file at " + path);
    }
    return path;
  }

  private static String describe(KubernetesOptions o) {
    return "labels "
        + o.peerLabelSelector()
        + (o.peerFieldSelector().isEmpty() ? "" : ", fields " + o.peerFieldSelector())
        + (o.peerNamespace().isEmpty() ? " in any namespace" : " in namespace " + o.peerNamespace())
        + ", port "
        + o.peerPort();
  }

  /** Names the ends of connections. */
  public Resolver resolver() {
    return resolver;
  }

  /** The agents a cluster-wide answer asks; {@link PeerDirectory#NONE} without Kubernetes. */
  public PeerDirectory peers() {
    return watch == null ? PeerDirectory.NONE : watch.peers();
  }

  /** The workloads behind a Service; none without Kubernetes. */
  public List<Backend> backends(String namespace, String service) {
    return watch == null ? List.of() : watch.resolver().backends(namespace, service);
  }

  /**
   * The name a pod gives the container with this runtime ID ({@code containerd://ID} in its
   * status), or "" when no pod known lists it, or without Kubernetes. Any thread, lock-free.
   */
  public String containerName(String containerId) {
    return watch == null ? "" : watch.containers().name(containerId);
  }

  /**
   * The pods {@code targets} selects now, and their containers' IDs, as the informers know them;
   * none without Kubernetes. Any thread.
   */
  public PodContainers.Matching matching(TargetSettings.Targets targets) {
    return watch == null
        ? new PodContainers.Matching(0, java.util.Set.of())
        : watch.containers().matching(targets::selects);
  }

  /** Whether the Kubernetes API is watched (else names are the host's, there are no peers). */
  public boolean watching() {
    return watch != null;
  }

  /** Reports what the cluster index had to forget to stay in its bounds, once a second. */
  @Override
  public void start(EventSink sink) {
    if (watch != null) {
      losses = LossReporter.start("kubernetes-losses", this::losses, ClusterWatch.SOURCE, sink);
    }
  }

  /** The {@code kubernetes} source's state; none without Kubernetes. */
  @Override
  public List<SourceStatus> status() {
    return watch == null ? List.of() : List.of(watch.status());
  }

  private Map<String, Long> losses() {
    long dropped = watch == null ? 0 : watch.index().droppedTombstones();
    return dropped == 0 ? Map.of() : Map.of(TOMBSTONES_DROPPED, dropped);
  }

  @Override
  public void stop() {
    if (losses != null) {
      losses.close();
    }
    if (watch != null) {
      watch.close();
    }
  }
}
