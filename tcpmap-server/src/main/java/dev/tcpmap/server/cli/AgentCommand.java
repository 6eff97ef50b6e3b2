package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.AggregateSettings;
import dev.tcpmap.api.ApiConfig;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.ApiSettings;
import dev.tcpmap.api.StatusMetrics;
import dev.tcpmap.api.metrics.MetricsSettings;
import dev.tcpmap.api.metrics.remote.RemoteWriter;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.ebpf.TracerSettings;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.ebpf.tracer.SocketTracer;
import dev.tcpmap.kubernetes.KubernetesSettings;
import dev.tcpmap.kubernetes.KubernetesSource;
import dev.tcpmap.kubernetes.TargetSettings;
import dev.tcpmap.packet.CaptureSettings;
import dev.tcpmap.query.service.HistoryView;
import dev.tcpmap.query.service.Status;
import dev.tcpmap.server.agent.Agent;
import dev.tcpmap.store.StoreConfig;
import dev.tcpmap.store.StoreSettings;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tcpmap agent}: observes this host's TCP sockets (eBPF socket tracer and iterator) and
 * serves the HTTP API on them until SIGTERM or Ctrl-C.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    header = "Observes this host live and serves the HTTP API (eBPF and packet capture).",
    usageHelpWidth = 100,
    description = {
      "Observes this Linux host's TCP connections live (eBPF; root or CAP_BPF + CAP_PERFMON),",
      "TLS handshakes and DNS answers on its interfaces (packet capture; CAP_NET_RAW), and",
      "serves the HTTP API on them: k8spacket's endpoints, /api/v1 and /api/v1/status.",
      "In a pod (or with --kubeconfig) pods, workloads, Services and nodes name the ends and",
      "the graph answers for the whole cluster; elsewhere processes and IPs name them.",
      "SIGTERM or Ctrl-C detaches, reports held closes and stops."
    })
final class AgentCommand implements Callable<Integer> {
  /** Replaced, once the configuration is read, by one whose lines follow {@code log.*}. */
  private Context context;

  /** The settings this command offers as options. */
  static final List<Setting<?>> OPTIONS =
      SettingOptions.serving(
          TracerSettings.MAX_SOCKETS,
          TracerSettings.RING_BUFFER,
          TracerSettings.ITERATE_EVERY,
          AggregateSettings.AGENT_MAX_CONNECTIONS,
          CaptureSettings.INTERFACES,
          CaptureSettings.RESCAN_EVERY,
          StoreSettings.DATA_DIR,
          KubernetesSettings.KUBECONFIG,
          TargetSettings.NAMESPACES,
          TargetSettings.POD_SELECTOR);

  /**
   * Most cgroups the tracer targets when pods are targeted: the containers of the selected pods on
   * one node (a node runs a few hundred pods at most).
   */
  static final int MAX_TARGETS = 16_384;

  @Spec private CommandSpec spec;

  AgentCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Cli.Loaded loaded = Cli.load(context, SettingOptions.values(spec, OPTIONS), true);
    Configuration config = loaded.config();
    context = loaded.context();
    SocketTracer.Options tracer = config.get(TracerSettings.AREA).tracer();
    if (!config.get(TargetSettings.AREA).isEverything()) {
      tracer = tracer.targeting(MAX_TARGETS);
    }
    SocketSource source = context.sources().open(tracer);
    context.out().println("tcpmap agent: observing this host's TCP sockets");
    serve(context, config, source);
    return 0;
  }

  /**
   * Runs the agent on an opened source (and live capture, unless {@code capture} is empty) and
   * serves the API on it until the process is asked to stop (or, in tests, returns with the agent
   * running; the test runs the shutdown hook). Capture that cannot start leaves its source failed.
   */
  static void serve(Context context, Configuration config, SocketSource source) {
    StoreConfig checked = config.get(StoreSettings.AREA).buckets();
    Agent agent =
        Agent.start(
            config,
            context.environment(),
            source,
            context.captures(),
            InstantSource.system(),
            context.err(),
            version());
    context
        .out()
        .println(
            "tcpmap agent: history in "
                + agent.history().where()
                + ", buckets of "
                + shortText(checked.bucketWidth())
                + ", kept "
                + shortText(checked.retention()));
    ApiServer server;
    try {
      KubernetesSource cluster = agent.kubernetes();
      ApiConfig api =
          Cli.apiConfig(config)
              .withResolver(agent.resolver())
              .withNames(agent.names())
              .withPeers(cluster.peers(), config.get(KubernetesSettings.AREA).peerTimeout())
              .withBackends(cluster::backends);
      server =
          Cli.startApi(
              api,
              new HistoryView(agent.pipeline(), agent.names(), InstantSource.system()),
              agent::status);
    } catch (RuntimeException e) {
      agent.stop();
      throw e;
    }
    agent.lookups().ifPresent(n -> n.register(server.registry()));
    registerMetrics(agent, server.registry());
    Optional<RemoteWriter> remote;
    try {
      remote =
          config
              .get(MetricsSettings.AREA)
              .remoteWrite()
              .map(r -> RemoteWriter.start(r, server.registry(), InstantSource.system()));
    } catch (IllegalArgumentException e) {
      server.close();
      agent.stop();
      throw new UserError(
          MetricsSettings.REMOTE_WRITE_CREDENTIALS.caFile().key() + ": " + e.getMessage());
    }
    context
        .onShutdown()
        .accept(
            () -> {
              remote.ifPresent(RemoteWriter::close);
              agent.stop();
              server.close();
              // Said after the drain: held closes are in these figures.
              context.err().println("tcpmap agent: stopped; " + summary(agent.status()));
            });
    Cli.printUrls(context, config.get(ApiSettings.AREA), server, "/api/v1/status");
    if (context.onServing() != null) {
      context.onServing().accept(server);
      return;
    }
    Cli.waitForever();
  }

  /** The agent's families on {@code /metrics}: its event path's, its health, the JVM's. */
  private static void registerMetrics(Agent agent, PrometheusRegistry registry) {
    agent.metrics().register(registry);
    registry.register(
        new StatusMetrics(agent::status, agent.history()::writes, agent.history()::writeFailures));
    JvmMetrics.builder().register(registry);
  }

  /** One line: what was observed and lost, for the end of a run. */
  static String summary(Status status) {
    Map<String, Long> events = status.counts().events();
    return events.getOrDefault("closed", 0L)
        + " connections closed, "
        + status.open()
        + " open, "
        + (status.counts().losses().isEmpty()
            ? "nothing lost"
            : "lost " + status.counts().losses());
  }

  /** {@code 10s}, {@code 168h}: as the settings are written. */
  private static String shortText(java.time.Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }
}
