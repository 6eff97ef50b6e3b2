package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.source.SourceUnavailableException;
import dev.tcpmap.ebpf.FakeSocketSource;
import dev.tcpmap.ebpf.SocketSourceFactory;
import dev.tcpmap.ebpf.TracerSourceFactory;
import dev.tcpmap.packet.InterfaceStatus;
import dev.tcpmap.packet.PacketCaptureFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured streams; servers it starts are kept for the test. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;
  final List<ApiServer> servers;
  final List<Runnable> shutdownHooks;
  private final ByteArrayOutputStream outBuffer;
  private final ByteArrayOutputStream errBuffer;

  private CliRun(
      int exitCode,
      ByteArrayOutputStream out,
      ByteArrayOutputStream err,
      List<ApiServer> servers,
      List<Runnable> shutdownHooks) {
    this.exitCode = exitCode;
    this.outBuffer = out;
    this.errBuffer = err;
    this.out = out.toString(StandardCharsets.UTF_8);
    this.err = err.toString(StandardCharsets.UTF_8);
    this.servers = servers;
    this.shutdownHooks = shutdownHooks;
  }

  /**
   * Put in a run's environment (any value) to leave {@code names.*} at their defaults, for tests of
   * what the defaults do; removed before the run.
   */
  static final String DEFAULT_NAMES = "TEST_DEFAULT_NAMES";

  /** A source factory for runs that must not start the live agent. */
  static final SocketSourceFactory NO_LIVE_SOURCE =
      config -> {
        throw new SourceUnavailableException("no live source in this test");
      };

  static CliRun run(Map<String, String> environment, String... args) {
    return run(environment, NO_LIVE_SOURCE, args);
  }

  /** A capture that starts and sees no interface: the agent's tests that are not about capture. */
  static final PacketCaptureFactory NO_INTERFACES =
      (config, sink) ->
          new PacketCaptureFactory.Capture() {
            @Override
            public List<InterfaceStatus> interfaces() {
              return List.of();
            }

            @Override
            public void close() {}
          };

  static CliRun run(Map<String, String> environment, SocketSourceFactory sources, String... args) {
    return run(environment, sources, NO_INTERFACES, args);
  }

  static CliRun run(
      Map<String, String> environment,
      SocketSourceFactory sources,
      PacketCaptureFactory captures,
      String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<ApiServer> servers = new ArrayList<>();
    List<Runnable> hooks = new ArrayList<>();
    // Reverse DNS is on by default; these runs must not ask the host's resolver (tests send
    // traffic only to loopback or their own namespaces), unless a test configures it.
    Map<String, String> env = new java.util.HashMap<>(environment);
    if (env.remove(DEFAULT_NAMES) == null) {
      env.putIfAbsent("TCPMAP_NAMES_REVERSE_DNS", "false");
    }
    // Nor write history into the user's state directory, which later runs would read back.
    env.putIfAbsent("TCPMAP_STORE_DATA_DIR", "none");
    Context context =
        new Context(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            false,
            servers::add,
            sources,
            captures,
            hooks::add);
    int code = Main.run(context, args);
    return new CliRun(code, out, err, servers, hooks);
  }

  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** {@code tcpmap agent --port 0 OPTIONS}: the agent serving on a free port. */
  static CliRun agent(
      Map<String, String> environment,
      SocketSourceFactory sources,
      PacketCaptureFactory captures,
      String... options) {
    List<String> args = new ArrayList<>(List.of("agent", "--port", "0"));
    args.addAll(List.of(options));
    return run(environment, sources, captures, args.toArray(String[]::new));
  }

  /** {@code tcpmap agent --port 0 OPTIONS} with a capture that sees no interface. */
  static CliRun agent(
      Map<String, String> environment, SocketSourceFactory sources, String... options) {
    return agent(environment, sources, NO_INTERFACES, options);
  }

  /**
   * {@code tcpmap agent} on a scripted socket source, watching the cluster that {@code kubeconfig}
   * names, iterating every 100 ms so that cluster changes show within a test's patience.
   */
  static CliRun kubernetesAgent(FakeSocketSource source, Path kubeconfig) {
    return agent(
        Map.of(),
        config -> source,
        "--iterate-every",
        "100ms",
        "--kubeconfig",
        kubeconfig.toString());
  }

  /**
   * {@code tcpmap agent OPTIONS} capturing live on side A's veth end, inside its namespace, with a
   * scripted socket source (root only). No certificate probe: the servers live in the test
   * namespace, out of the agent's reach, and a probe would follow the host's default route
   * (PrivilegedAgentCertificateProbeTest probes).
   */
  static CliRun vethAgent(TestNetwork network, String... options) {
    Path namespace = Path.of("/run/netns", network.namespace(Side.A));
    PacketCaptureFactory inNamespace =
        (config, sink) -> PacketCaptureFactory.live().start(config.inNamespace(namespace), sink);
    List<String> args = new ArrayList<>(List.of("agent"));
    args.addAll(List.of(options));
    args.addAll(List.of("--interfaces", network.interfaceName(Side.A)));
    return run(
        Map.of("TCPMAP_TLS_PROBE_CERTIFICATES", "false"),
        config -> new FakeSocketSource(),
        inNamespace,
        args.toArray(String[]::new));
  }

  /** The live agent on the real eBPF socket tracer (root only). */
  static CliRun tracedAgent(String... options) {
    return agent(Map.of(), new TracerSourceFactory(), options);
  }

  /** The API server of a run that must have started (else the test fails with its stderr). */
  ApiServer server() {
    assertThat(exitCode).as(err).isZero();
    return servers.getFirst();
  }

  /** What was written to stderr so far (a shutdown hook may write after the run returned). */
  String errNow() {
    return errBuffer.toString(StandardCharsets.UTF_8);
  }

  /** What was written to stdout so far. */
  String outNow() {
    return outBuffer.toString(StandardCharsets.UTF_8);
  }

  /** Copies the bundled demo capture to {@code dir/demo.pcap}. */
  static Path demoCapture(Path dir) throws IOException {
    Path file = dir.resolve("demo.pcap");
    try (InputStream in = CliRun.class.getResourceAsStream(DemoCommand.RESOURCE)) {
      Files.copy(in, file);
    }
    return file;
  }

  /** {@code analyze --serve} of the demo capture (copied to {@code dir}) on a free port. */
  static CliRun serveDemo(Map<String, String> environment, Path dir) throws IOException {
    return run(
        environment,
        "analyze",
        "--serve",
        "--port",
        "0",
        "--no-progress",
        demoCapture(dir).toString());
  }

  static HttpResponse<String> get(ApiServer server, String pathAndQuery)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Runs the shutdown hooks the command registered (as SIGTERM would), then closes servers. */
  void closeServers() {
    shutdownHooks.forEach(Runnable::run);
    servers.forEach(ApiServer::close);
  }
}
