package dev.tcpmap.server.agent;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.LiveCounts;
import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.Histories;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.metrics.EventMetrics;
import dev.tcpmap.api.metrics.MetricsSettings;
import dev.tcpmap.capture.track.TrackerSettings;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.ebpf.TracerSettings;
import dev.tcpmap.ebpf.TracerSource;
import dev.tcpmap.ebpf.cgroup.CgroupContainers;
import dev.tcpmap.ebpf.cgroup.CgroupTargets;
import dev.tcpmap.ebpf.cgroup.ContainerNames;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.enrich.AddressNames;
import dev.tcpmap.enrich.AddressNamesResolver;
import dev.tcpmap.enrich.NamesSettings;
import dev.tcpmap.enrich.ProcessResolver;
import dev.tcpmap.enrich.TrafficNames;
import dev.tcpmap.enrich.probe.CertificateProbes;
import dev.tcpmap.enrich.probe.ProbeSettings;
import dev.tcpmap.enrich.probe.ProbeSockets;
import dev.tcpmap.enrich.probe.TlsProbe;
import dev.tcpmap.kubernetes.KubernetesSettings;
import dev.tcpmap.kubernetes.KubernetesSource;
import dev.tcpmap.kubernetes.TargetSettings;
import dev.tcpmap.kubernetes.index.PodContainers;
import dev.tcpmap.packet.CaptureSettings;
import dev.tcpmap.packet.PacketCaptureFactory;
import dev.tcpmap.packet.PacketCaptureSource;
import dev.tcpmap.query.service.Status;
import dev.tcpmap.store.StoreSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live agent, wired: its sources, the enrich stages and the aggregator with its history.
 *
 * <pre>
 *   kubernetes ─┐   (names, peers; its losses)
 *   tracer ─────┤                              ┌▶ CertificateProbes ─▶ TrafficNames ─▶ Aggregator ─▶ History
 *   capture ────┼──▶ Pipeline (one lock) ──────┘      (stages)                          (snapshots)
 *   probes ─────┤   (their chains)
 *   names ──────┘   (their losses)
 * </pre>
 */
public final class Agent {
  private final Pipeline pipeline;
  private final History history;
  private final KubernetesSource kubernetes;
  private final Resolver names;
  private final Resolver resolver;
  private final Optional<AddressNames> lookups;
  private final EventMetrics metrics;
  private final String version;
  private final Instant startedAt;

  private Agent(
      Pipeline pipeline,
      History history,
      KubernetesSource kubernetes,
      Resolver resolver,
      Resolver names,
      Optional<AddressNames> lookups,
      EventMetrics metrics,
      String version,
      Instant startedAt) {
    this.lookups = lookups;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.history = history;
    this.kubernetes = kubernetes;
    this.resolver = resolver;
    this.names = names;
    this.version = version;
    this.startedAt = startedAt;
  }

  /**
   * Starts the agent on an opened socket source, with live capture unless {@code
   * capture.interfaces} is {@code none}. Starting never waits for the Kubernetes API; capture that
   * cannot start leaves its source failed (said on {@code log}).
   */
  public static Agent start(
      Configuration config,
      Map<String, String> environment,
      SocketSource socket,
      PacketCaptureFactory captures,
      InstantSource clock,
      PrintStream log,
      String version) {
    AggregateSettings.Config aggregate = config.get(AggregateSettings.AREA);
    StoreSettings.Config store = config.get(StoreSettings.AREA);
    ApiSettings.Config api = config.get(ApiSettings.AREA);
    History history =
        Histories.open(store, aggregate.agent().handshakes(), environment, clock, log);
    KubernetesSource kubernetes =
        KubernetesSource.connect(
            config.get(KubernetesSettings.AREA),
            api.port(),
            api.bind(),
            environment,
            new ProcessResolver(Resolver.IP_ONLY),
            log);
    Optional<AddressNames> lookups = AddressNames.start(config.get(NamesSettings.AREA), clock);
    Resolver resolver =
        lookups
            .<Resolver>map(n -> AddressNamesResolver.over(kubernetes.resolver(), n))
            .orElse(kubernetes.resolver());
    TrafficNames traffic = new TrafficNames(aggregate.agent().handshakes());
    Resolver names = traffic.over(resolver);
    ProbeSettings.Config probing = config.get(ProbeSettings.AREA);
    Optional<CertificateProbes> probes = probes(probing, clock);

    List<EventStage> stages = new ArrayList<>();
    probes.ifPresent(stages::add);
    stages.add(traffic);
    EventMetrics metrics =
        new EventMetrics(
            config.get(MetricsSettings.AREA).families(), names, aggregate.persistent());
    stages.add(metrics);
    Aggregator aggregator =
        new Aggregator(
            new Aggregator.Options(
                "agent",
                aggregate.agent().connections(),
                aggregate.agent().handshakes(),
                Optional.of(
                    new Aggregator.Options.History(
                        store.buckets(), History.GRACE, aggregate.persistent()))),
            names,
            clock,
            metrics::closed);
    // A handshake stays in memory until a probe of its server (connect, then handshake, each
    // within tls.probe-timeout) has had time to attach its chain.
    Duration tlsSettle = probing.timeout().multipliedBy(2).plusSeconds(2);
    Pipeline pipeline = new Pipeline(stages, aggregator, Optional.of(history), tlsSettle, clock);

    List<Source> sources = new ArrayList<>();
    sources.add(kubernetes);
    TracerSettings.Config tracer = config.get(TracerSettings.AREA);
    TargetSettings.Targets targets = config.get(TargetSettings.AREA);
    Optional<CgroupContainers> cgroups = cgroups(tracer, kubernetes);
    checkTargeting(targets, cgroups.isPresent(), kubernetes);
    ContainerNames containers = cgroups.<ContainerNames>map(c -> c).orElse(ContainerNames.NONE);
    sources.add(
        new TracerSource(
            socket, containers, tracer.tracer().maxSockets(), tracer.iterateEvery(), log));
    if (!targets.isEverything()) {
      sources.add(targeting(targets, kubernetes, cgroups.orElseThrow(), socket));
    }
    Duration idle = config.get(TrackerSettings.AREA).idleTimeout();
    config
        .get(CaptureSettings.AREA)
        .ifPresent(c -> sources.add(new PacketCaptureSource(c, idle, captures)));
    probes.ifPresent(sources::add);
    lookups.ifPresent(sources::add);
    pipeline.start(sources);
    sources.stream()
        .filter(s -> s instanceof PacketCaptureSource)
        .map(s -> ((PacketCaptureSource) s).failure())
        .flatMap(Optional::stream)
        .forEach(
            reason -> log.println("tcpmap: " + PacketCaptureSource.NAME + " failed: " + reason));
    return new Agent(
        pipeline, history, kubernetes, resolver, names, lookups, metrics, version, clock.instant());
  }

  /**
   * The host's cgroup v2 tree, to name containers (by the pods' names for them when Kubernetes is
   * watched, else by their IDs) and to target them; none on a host without cgroup v2.
   */
  private static Optional<CgroupContainers> cgroups(
      TracerSettings.Config tracer, KubernetesSource kubernetes) {
    return CgroupContainers.root(tracer.cgroupRoot(), Path.of("/proc/self/mountinfo"))
        .map(
            root ->
                new CgroupContainers(
                    root, tracer.maxCgroups(), kubernetes::containerName, System::nanoTime));
  }

  /** What keeps the tracer's targets current: the cgroups of the selected pods' containers. */
  private static CgroupTargets targeting(
      TargetSettings.Targets targets,
      KubernetesSource kubernetes,
      CgroupContainers cgroups,
      SocketSource socket) {
    return new CgroupTargets(
        targets.describe(),
        () -> {
          PodContainers.Matching m = kubernetes.matching(targets);
          return new CgroupTargets.Selected(m.pods(), m.containerIds());
        },
        cgroups,
        socket::target);
  }

  /**
   * Refuses targeting where it cannot work: without cgroup v2, or without the Kubernetes API (then
   * the watch, already started, is stopped first).
   */
  private static void checkTargeting(
      TargetSettings.Targets targets, boolean cgroupV2, KubernetesSource kubernetes) {
    if (targets.isEverything()) {
      return;
    }
    String keys = TargetSettings.NAMESPACES.key() + ", " + TargetSettings.POD_SELECTOR.key();
    if (!cgroupV2) {
      throw new ConfigException(
          keys
              + ": targeting pods needs cgroup v2 (no cgroup2 mount in /proc/self/mountinfo,"
              + " and no tracer.cgroup-root)");
    }
    if (!kubernetes.watching()) {
      kubernetes.stop();
      throw new ConfigException(
          keys
              + ": targeting pods needs the Kubernetes API (a pod's service account, or"
              + " kubernetes.kubeconfig)");
    }
  }

  /** Only the live agent probes: a capture file may come from a network this host cannot reach. */
  private static Optional<CertificateProbes> probes(
      ProbeSettings.Config config, InstantSource clock) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    ProbeSockets sockets = new ProbeSockets();
    TlsProbe probe = new TlsProbe(config.timeout(), clock, sockets);
    return Optional.of(
        new CertificateProbes(
            probe::probe,
            sockets,
            config.cacheTtl(),
            config.maxServers(),
            CertificateProbes.MAX_IN_FLIGHT,
            clock));
  }

  /** The connections and losses as of now (the last ones once stopped). Any thread. */
  public Snapshot snapshot() {
    return pipeline.snapshot();
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public History history() {
    return history;
  }

  public KubernetesSource kubernetes() {
    return kubernetes;
  }

  /** Names addresses as the cluster and the lookups know them. */
  public Resolver resolver() {
    return resolver;
  }

  /** The lookups of names of external addresses, when {@code names.*} asks for them. */
  public Optional<AddressNames> lookups() {
    return lookups;
  }

  /** The families its event path counts, for {@code /metrics} and remote write. */
  public EventMetrics metrics() {
    return metrics;
  }

  /** Names addresses with all that is known now, the traffic's names included. */
  public Resolver names() {
    return names;
  }

  /** What {@code /api/v1/status} shows. Any thread. */
  public Status status() {
    long[] counts = pipeline.read(a -> new long[] {a.openConnections(), a.closedConnections()});
    Map<String, Long> losses = pipeline.read(Aggregator::losses);
    return new Status(
        version,
        startedAt,
        pipeline.status(),
        new LiveCounts(pipeline.events(), losses),
        counts[0],
        counts[1]);
  }

  /**
   * Stops gracefully (SIGTERM, SIGINT): each source stops and delivers what it still holds (the
   * tracer detaches and reports its held closes, capture the handshakes it still reads), the whole
   * history is written. Idempotent.
   */
  public void stop() {
    pipeline.stop();
  }
}
