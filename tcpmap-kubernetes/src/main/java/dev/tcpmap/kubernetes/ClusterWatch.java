package dev.tcpmap.kubernetes;

import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.kubernetes.index.ClusterIndex;
import dev.tcpmap.kubernetes.index.PodContainers;
import dev.tcpmap.kubernetes.index.ServiceBackends;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the Kubernetes API with fabric8 shared informers (a list, then a watch; never a request
 * per event) for exactly the {@link InformedResources}, and feeds a {@link ClusterIndex} and {@link
 * ServiceBackends}; optionally informs the peer agents' pods for an {@link AgentPeers} directory.
 *
 * <p>{@link #start} does not wait for the API: the agent starts capturing at once, names fill in
 * when the informers have listed, and connections recorded before are named too (the index is read
 * when asked). Informers retry every failure forever, with fabric8's back-off (the client's {@code
 * watchReconnectInterval}, doubling up to 32 times it). {@link #status()} says how it is going, and
 * each change of status is logged once, as one line.
 */
public final class ClusterWatch implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ClusterWatch.class.getName());

  /**
   * fabric8 logs every failed list or watch as a warning with a stack trace (one per informer and
   * retry: dozens a minute while the API is down), and the JDK HTTP client's WebSocket one more per
   * informer when a watch connection is cut ("Queued close did not succeed", harmless: status 1006
   * cannot be sent back). {@link #status()} and one log line per change of it say what they mean.
   * slf4j-jdk14 hands fabric8's logging to java.util.logging, where these two loggers are raised to
   * SEVERE when a watch starts. Held here because java.util.logging keeps loggers only weakly, and
   * a collected logger forgets its level.
   */
  private static final List<java.util.logging.Logger> FABRIC8_RETRY_LOGGERS =
      List.of(
          java.util.logging.Logger.getLogger(
              "io.fabric8.kubernetes.client.informers.impl.cache.Reflector"),
          java.util.logging.Logger.getLogger(
              "io.fabric8.kubernetes.client.jdkhttp.JdkWebSocketImpl"));

  /** The status's name, as the status endpoint lists it. */
  public static final String SOURCE = "kubernetes";

  private static final long LIST_PAGE = 500;

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final ClusterIndex index;
  private final PodContainers containers = new PodContainers();
  private final KubernetesResolver resolver;
  private final PeerDirectory peers;
  private final List<Informer> informers = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private volatile boolean closed;
  private Health logged;

  /** One informer and the last failure its exception handler saw. */
  private record Informer(String name, SharedIndexInformer<?> informer, Failure failure) {}

  private static final class Failure {
    volatile String reason = "";
  }

  private ClusterWatch(
      KubernetesClient client,
      boolean ownsClient,
      KubernetesOptions options,
      Resolver fallback,
      InstantSource clock) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.index = new ClusterIndex(clock, options.tombstoneGrace(), options.maxTombstones());
    ServiceBackends backends = new ServiceBackends(index::workloadOf);
    this.resolver = new KubernetesResolver(index, backends, fallback);
    // The informers' caches keep only the fields the index reads (a pod object is several KB,
    // mostly status and managedFields; a node lists its images): with 50k pods the whole
    // objects would not fit in the agent's heap.
    inform(
        "pods",
        client.pods().inAnyNamespace(),
        reduced(
            Pod.class,
            "metadata.uid",
            "metadata.labels",
            "metadata.ownerReferences",
            "spec.nodeName",
            "spec.hostNetwork",
            "spec.containers",
            "spec.initContainers",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.containerStatuses",
            "status.initContainerStatuses",
            "status.ephemeralContainerStatuses"),
        pod -> {
          index.putPod(pod);
          containers.put(pod);
        },
        pod -> {
          index.removePod(pod);
          containers.remove(pod);
        });
    inform(
        "services",
        client.services().inAnyNamespace(),
        reduced(Service.class, "metadata.uid", "spec.clusterIP", "spec.clusterIPs"),
        index::putService,
        index::removeService);
    inform(
        "nodes",
        client.nodes(),
        reduced(Node.class, "metadata.uid", "status.addresses"),
        index::putNode,
        index::removeNode);
    inform(
        "endpointslices",
        client.discovery().v1().endpointSlices().inAnyNamespace(),
        reduced(EndpointSlice.class, "metadata.uid", "metadata.labels", "endpoints"),
        backends::put,
        backends::remove);
    informOwners("replicasets", client.apps().replicaSets().inAnyNamespace(), ReplicaSet.class);
    informOwners("jobs", client.batch().v1().jobs().inAnyNamespace(), Job.class);
    if (options.discoversPeers()) {
      SharedIndexInformer<Pod> agents = AgentPeers.informer(client, options);
      informers.add(new Informer("agent pods", agents, watchFailures(agents)));
      this.peers = new AgentPeers(AgentPeers.from(agents.getStore()), options);
    } else {
      this.peers = PeerDirectory.NONE;
    }
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tcpmap-kubernetes").factory());
  }

  /**
   * Starts watching with a client made from {@code options} (a kubeconfig, or auto-configured:
   * in-cluster service account, {@code $KUBECONFIG}, {@code ~/.kube/config}); returns at once.
   */
  public static ClusterWatch start(KubernetesOptions options, Resolver fallback) {
    Config config =
        options
            .kubeconfig()
            .map(path -> Config.fromKubeconfig(path.toFile()))
            .orElseGet(() -> Config.autoConfigure(null));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return start(client, true, options, fallback, InstantSource.system());
  }

  /** Starts watching with {@code client}, which stays the caller's to close; returns at once. */
  public static ClusterWatch start(
      KubernetesClient client, KubernetesOptions options, Resolver fallback, InstantSource clock) {
    return start(client, false, options, fallback, clock);
  }

  private static ClusterWatch start(
      KubernetesClient client,
      boolean owns,
      KubernetesOptions options,
      Resolver fallback,
      InstantSource clock) {
    FABRIC8_RETRY_LOGGERS.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    ClusterWatch watch = new ClusterWatch(client, owns, options, fallback, clock);
    for (Informer i : watch.informers) {
      // start() lists and watches on fabric8's threads; the stage is not waited for
      i.informer().start();
    }
    watch.ticker.scheduleWithFixedDelay(watch::tick, 1, 1, TimeUnit.SECONDS);
    return watch;
  }

  /** Names addresses from what the informers have seen so far. */
  public KubernetesResolver resolver() {
    return resolver;
  }

  /** The pods' containers by their runtime IDs. */
  public PodContainers containers() {
    return containers;
  }

  /** The peer agents, or {@link PeerDirectory#NONE} when no peer label selector is set. */
  public PeerDirectory peers() {
    return peers;
  }

  /** The index behind the resolver (tombstone counts, for metrics and tests). */
  public ClusterIndex index() {
    return index;
  }

  /**
   * RUNNING when every informer has listed and is watching; DEGRADED with "not synced yet: …" while
   * some have not listed yet, or "watch lost: …; retrying" when a watch broke; STOPPED once closed.
   */
  public SourceStatus status() {
    return health().status();
  }

  /**
   * What {@link #status()} says, in parts: the log compares state and problem only, so that
   * informers syncing one after the other make no line each.
   */
  private record Health(SourceStatus.State state, String problem, List<String> resources) {
    SourceStatus status() {
      String names = String.join(", ", resources);
      String message =
          switch (state) {
            case RUNNING -> "watching " + names;
            case DEGRADED ->
                problem.startsWith("watch lost")
                    ? problem + " (" + names + "); retrying"
                    : problem + " (" + names + ")";
            case FAILED, STOPPED -> problem;
          };
      return new SourceStatus(SOURCE, state, message);
    }
  }

  private Health health() {
    if (closed) {
      return new Health(SourceStatus.State.STOPPED, "", List.of());
    }
    List<Informer> unsynced = new ArrayList<>();
    List<Informer> unwatched = new ArrayList<>();
    for (Informer i : informers) {
      if (!i.informer().hasSynced()) {
        unsynced.add(i);
      } else if (!i.informer().isWatching()) {
        unwatched.add(i);
      }
    }
    if (!unsynced.isEmpty()) {
      return degraded("not synced yet: ", unsynced, "waiting for the first list");
    }
    if (!unwatched.isEmpty()) {
      return degraded("watch lost: ", unwatched, "closed");
    }
    return new Health(SourceStatus.State.RUNNING, "", names(informers));
  }

  private static Health degraded(String what, List<Informer> informers, String otherwise) {
    String reason =
        informers.stream()
            .map(i -> i.failure().reason)
            .filter(r -> !r.isEmpty())
            .findFirst()
            .orElse(otherwise);
    return new Health(SourceStatus.State.DEGRADED, what + reason, names(informers));
  }

  private static List<String> names(List<Informer> informers) {
    return informers.stream().map(Informer::name).toList();
  }

  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    for (Informer i : informers) {
      i.informer().stop();
    }
    if (ownsClient) {
      client.close();
    }
  }

  /** A cache of {@code type} keeping only {@code fields} (and the name and namespace). */
  private <T extends HasMetadata> ItemStore<T> reduced(Class<T> type, String... fields) {
    return new ReducedStateItemStore<>(
        ReducedStateItemStore.NAME_KEY_STATE, type, client.getKubernetesSerialization(), fields);
  }

  /**
   * Objects that stand between a pod and its workload (a ReplicaSet's Deployment, a Job's CronJob):
   * the index needs their kind and owners only.
   */
  private <T extends HasMetadata> void informOwners(
      String name, Informable<T> source, Class<T> type) {
    inform(
        name,
        source,
        reduced(type, "kind", "metadata.uid", "metadata.ownerReferences"),
        index::putOwner,
        index::removeOwner);
  }

  private <T extends HasMetadata> void inform(
      String name, Informable<T> source, ItemStore<T> store, Consumer<T> put, Consumer<T> remove) {
    // Lists in pages, so that the first list of a large cluster is not one huge answer in memory.
    SharedIndexInformer<T> informer = source.withLimit(LIST_PAGE).runnableInformer(0);
    informer.itemStore(store);
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T object) {
            put.accept(object);
          }

          @Override
          public void onUpdate(T old, T object) {
            put.accept(object);
          }

          @Override
          public void onDelete(T object, boolean finalStateUnknown) {
            remove.accept(object);
          }
        });
    informers.add(new Informer(name, informer, watchFailures(informer)));
  }

  /** Retries every failure (fabric8 gives up on some at start) and keeps its reason for status. */
  private static Failure watchFailures(SharedIndexInformer<?> informer) {
    Failure failure = new Failure();
    informer.exceptionHandler(
        (started, t) -> {
          failure.reason = reason(t);
          return true;
        });
    return failure;
  }

  /**
   * The first exception of the chain that is not a wrapper, with its message, or with its cause
   * when it has none (the JDK's refused connection is a bare ConnectException caused by a
   * ClosedChannelException).
   */
  static String reason(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String text = e.getClass().getSimpleName();
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return text + ": " + e.getMessage().strip();
    }
    return e.getCause() == null || e.getCause() == e
        ? text
        : text + " (" + reason(e.getCause()) + ")";
  }

  private void tick() {
    try {
      index.purge();
      for (Informer i : informers) {
        if (i.informer().hasSynced() && i.informer().isWatching()) {
          i.failure().reason = "";
        }
      }
      Health now = health();
      if (logged == null
          || now.state() != logged.state()
          || !now.problem().equals(logged.problem())) {
        boolean failing = informers.stream().anyMatch(i -> !i.failure().reason.isEmpty());
        SourceStatus status = now.status();
        LOG.log(
            now.state() == SourceStatus.State.DEGRADED && failing ? Level.WARNING : Level.INFO,
            "Kubernetes API: " + status.state() + ": " + status.message());
        logged = now;
      }
    } catch (RuntimeException e) {
      // the ticker must survive: a scheduled task that throws is never run again
      LOG.log(Level.WARNING, "Kubernetes watch upkeep failed: " + e);
    }
  }
}
