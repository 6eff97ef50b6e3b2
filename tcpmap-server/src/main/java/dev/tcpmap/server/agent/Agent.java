package dev.tcpmap.server.agent;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.LiveCounts;
import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.Histories;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.api.Status;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.ebpf.TracerSource;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.enrich.AddressNames;
import dev.tcpmap.enrich.AddressNamesResolver;
import dev.tcpmap.enrich.ProcessResolver;
import dev.tcpmap.enrich.TrafficNames;
import dev.tcpmap.enrich.probe.CertificateProbes;
import dev.tcpmap.enrich.probe.ProbeSockets;
import dev.tcpmap.enrich.probe.TlsProbe;
import dev.tcpmap.kubernetes.KubernetesSource;
import dev.tcpmap.packet.CaptureConfig;
import dev.tcpmap.packet.PacketCaptureFactory;
import dev.tcpmap.packet.PacketCaptureSource;
import java.io.PrintStream;
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
  private final String version;
  private final Instant startedAt;

  private Agent(
      Pipeline pipeline,
      History history,
      KubernetesSource kubernetes,
      Resolver resolver,
      Resolver names,
      Optional<AddressNames> lookups,
      String version,
      Instant startedAt) {
    this.lookups = lookups;
    this.pipeline = pipeline;
    this.history = history;
    this.kubernetes = kubernetes;
    this.resolver = resolver;
    this.names = names;
    this.version = version;
    this.startedAt = startedAt;
  }

  /**
   * Starts the agent on an opened socket source, with live capture when {@code capture} is given.
   * Starting never waits for the Kubernetes API; capture that cannot start leaves its source failed
   * (said on {@code log}).
   */
  public static Agent start(
      TcpmapConfig config,
      Map<String, String> environment,
      SocketSource socket,
      Optional<CaptureConfig> capture,
      PacketCaptureFactory captures,
      InstantSource clock,
      PrintStream log,
      String version) {
    History history = Histories.open(config, environment, clock, log);
    KubernetesSource kubernetes =
        KubernetesSource.connect(config, environment, new ProcessResolver(Resolver.IP_ONLY), log);
    Optional<AddressNames> lookups = AddressNames.start(config, clock);
    Resolver resolver =
        lookups
            .<Resolver>map(n -> new AddressNamesResolver(kubernetes.resolver(), n))
            .orElse(kubernetes.resolver());
    TrafficNames traffic = new TrafficNames(config.agentMaxHandshakes());
    Resolver names = traffic.over(resolver);
    Optional<CertificateProbes> probes = probes(config, clock);

    List<EventStage> stages = new ArrayList<>();
    probes.ifPresent(stages::add);
    stages.add(traffic);
    Aggregator aggregator =
        new Aggregator(
            new Aggregator.Options(
                "agent",
                config.agentMaxConnections(),
                config.agentMaxHandshakes(),
                Optional.of(
                    new Aggregator.Options.History(
                        Histories.storeConfig(config),
                        History.GRACE,
                        config.persistentDuration()))),
            names,
            clock);
    // A handshake stays in memory until a probe of its server (connect, then handshake, each
    // within tls.probe-timeout) has had time to attach its chain.
    Duration tlsSettle = config.tlsProbeTimeout().multipliedBy(2).plusSeconds(2);
    Pipeline pipeline = new Pipeline(stages, aggregator, Optional.of(history), tlsSettle, clock);

    List<Source> sources = new ArrayList<>();
    sources.add(kubernetes);
    sources.add(
        new TracerSource(socket, config.tracerMaxSockets(), config.tracerIterateEvery(), log));
    capture.ifPresent(c -> sources.add(new PacketCaptureSource(c, config.idleTimeout(), captures)));
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
        pipeline, history, kubernetes, resolver, names, lookups, version, clock.instant());
  }

  /** Only the live agent probes: a capture file may come from a network this host cannot reach. */
  private static Optional<CertificateProbes> probes(TcpmapConfig config, InstantSource clock) {
    if (!config.tlsProbeCertificates()) {
      return Optional.empty();
    }
    ProbeSockets sockets = new ProbeSockets();
    TlsProbe probe = new TlsProbe(config.tlsProbeTimeout(), clock, sockets);
    return Optional.of(
        new CertificateProbes(
            probe::probe,
            sockets,
            config.tlsCertificateCacheTtl(),
            config.tlsMaxProbedServers(),
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
