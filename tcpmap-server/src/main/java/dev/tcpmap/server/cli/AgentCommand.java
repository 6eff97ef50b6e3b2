package dev.tcpmap.server.cli;

import dev.tcpmap.aggregate.history.Histories;
import dev.tcpmap.api.ApiConfig;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.api.Status;
import dev.tcpmap.core.config.Settings;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.kubernetes.KubernetesSource;
import dev.tcpmap.packet.CaptureConfig;
import dev.tcpmap.query.HistoryView;
import dev.tcpmap.server.agent.Agent;
import dev.tcpmap.store.StoreConfig;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tcpmap agent}: observes this host's TCP sockets (eBPF socket tracer and iterator) and
 * serves the HTTP API on them until SIGTERM or Ctrl-C.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
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
  private final Context context;

  @Mixin private final ServeOptions api = new ServeOptions();

  @Option(
      names = "--max-sockets",
      paramLabel = "N",
      description = "tracer.max-sockets: sockets the tracer keeps state for (131072).")
  private String maxSockets;

  @Option(
      names = "--ring-buffer",
      paramLabel = "BYTES",
      description = "tracer.ring-buffer: BPF ring buffer size, power of two (8Mi).")
  private String ringBuffer;

  @Option(
      names = "--iterate-every",
      paramLabel = "DURATION",
      description = "tracer.iterate-every: how often live sockets' bytes are read (5s).")
  private String iterateEvery;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "agent.max-connections: closed connection records kept (250000).")
  private String maxConnections;

  @Option(
      names = "--interfaces",
      paramLabel = "SELECTION",
      description =
          "capture.interfaces: where TLS and DNS are captured: auto, any, names and globs"
              + " (eth0,veth*), ~regex, or none (auto).")
  private String interfaces;

  @Option(
      names = "--rescan-every",
      paramLabel = "DURATION",
      description = "capture.rescan-every: how often the interface list is read again (10s).")
  private String rescanEvery;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "store.data-dir: directory of the history database (the user's state directory;"
              + " none: in memory only).")
  private String dataDir;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubernetes.kubeconfig: name pods, workloads and Services from this cluster.")
  private String kubeconfig;

  AgentCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TcpmapConfig config = Cli.loadConfig(context, options());
    Optional<CaptureConfig> capture = CaptureConfig.from(config);
    SocketSource source = context.sources().open(config);
    context.out().println("tcpmap agent: observing this host's TCP sockets");
    serve(context, config, source, capture);
    return 0;
  }

  private Map<String, String> options() {
    Map<String, String> options = api.options();
    ServeOptions.put(options, Settings.TRACER_MAX_SOCKETS.key(), maxSockets);
    ServeOptions.put(options, Settings.TRACER_RING_BUFFER.key(), ringBuffer);
    ServeOptions.put(options, Settings.TRACER_ITERATE_EVERY.key(), iterateEvery);
    ServeOptions.put(options, Settings.AGENT_MAX_CONNECTIONS.key(), maxConnections);
    ServeOptions.put(options, Settings.CAPTURE_INTERFACES.key(), interfaces);
    ServeOptions.put(options, Settings.CAPTURE_RESCAN_EVERY.key(), rescanEvery);
    ServeOptions.put(options, Settings.KUBECONFIG.key(), kubeconfig);
    ServeOptions.put(options, Settings.STORE_DATA_DIR.key(), dataDir);
    return options;
  }

  /**
   * Runs the agent on an opened source (and live capture, unless {@code capture} is empty) and
   * serves the API on it until the process is asked to stop (or, in tests, returns with the agent
   * running; the test runs the shutdown hook). Capture that cannot start leaves its source failed.
   */
  static void serve(
      Context context, TcpmapConfig config, SocketSource source, Optional<CaptureConfig> capture) {
    StoreConfig checked = Histories.storeConfig(config); // a bad combination stops here, exit 2
    Agent agent =
        Agent.start(
            config,
            context.environment(),
            source,
            capture,
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
          ApiConfig.from(config)
              .withResolver(agent.resolver())
              .withNames(agent.names())
              .withPeers(cluster.peers(), config.peerTimeout())
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
    context
        .onShutdown()
        .accept(
            () -> {
              agent.stop();
              server.close();
              // Said after the drain: held closes are in these figures.
              context.err().println("tcpmap agent: stopped; " + summary(agent.status()));
            });
    Cli.printUrls(context, config, server, "/api/v1/status");
    if (context.onServing() != null) {
      context.onServing().accept(server);
      return;
    }
    Cli.waitForever();
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
