package dev.tcpmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.core.testing.Privileged;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image, built here by {@code deploy/image/build-here.sh} (Debian bases made with
 * debootstrap, no registry), running {@code tcpmap agent} as the chart runs it: the chart's
 * capabilities only (no {@code --privileged}), the host network, a read-only root filesystem with a
 * tmpfs on /tmp, the node's tracefs and a data volume, as the image's non-root user. Real
 * connections between two test network namespaces must show in the container's API exactly: each
 * once, its bytes each way, its outcome, the processes at both ends. Without one needed capability
 * the agent says so in one line and exits 2.
 */
@Tag("privileged")
class PrivilegedContainerAgentTest {
  /** What values.yaml grants by default (capabilities true, capture on). */
  private static final List<String> CHART_CAPABILITIES =
      List.of("BPF", "PERFMON", "DAC_READ_SEARCH", "NET_RAW");

  private static final String IMAGE = "localhost/tcpmap:dev";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path work;

  @Test
  void imageRunsTheAgentWithTheChartsCapabilities_exactOnRealTraffic_andNamesAMissingOne()
      throws Exception {
    TrafficCapture.requireTools();
    for (String command : List.of("podman", "runc", "debootstrap")) {
      Privileged.requireCommand(command);
    }
    Instant buildStart = Instant.now();
    build();
    Duration buildTime = Duration.between(buildStart, Instant.now());

    int port = freePort();
    String name = "tcpmap-test-" + ProcessHandle.current().pid();
    Path data = Files.createDirectories(work.resolve("data"));
    // The image's user (65532) writes the history, as on a node's hostPath it would as root.
    run("chown", "65532:65532", data.toString());
    List<String> runArgs = new ArrayList<>(List.of("run", "-d", "--name", name));
    runArgs.addAll(asTheChartRunsIt(CHART_CAPABILITIES));
    runArgs.addAll(
        List.of("-v", data + ":/var/lib/tcpmap", IMAGE, "agent", "--port", String.valueOf(port)));
    Instant started = Instant.now();
    podman(Duration.ofSeconds(60), runArgs.toArray(String[]::new));
    try {
      awaitReady(port, name, Duration.ofSeconds(90));
      Duration readyAfter = Duration.between(started, Instant.now());
      JsonNode status = get(port, "/api/v1/status");
      assertThat(sourceState(status, "socket-tracer")).isEqualTo("running");
      assertThat(sourceState(status, "packet-capture")).isEqualTo("running");
      assertThat(sourceState(status, "history")).isEqualTo("running");
      assertThat(Files.exists(data.resolve("history.db"))).isTrue();

      long trafficStart = System.currentTimeMillis();
      try (TestNetwork network = TestNetwork.create(3, 2)) {
        TrafficCapture.Result result =
            TrafficCapture.runStandard(network, work.resolve("traffic.pcap"));
        Set<Long> ours = Set.of(network.netns(Side.A), network.netns(Side.B));
        List<JsonNode> observed = awaitOurs(port, trafficStart, ours, result.expected().size());
        assertThat(observed)
            .as("connections from the test's namespaces in the container's API")
            .hasSize(result.expected().size());
        assertThat(
                ExpectedConnection.problems(
                    result.expected(),
                    observed,
                    PrivilegedContainerAgentTest::tuple,
                    (e, c) -> mismatch(e, c, network, result.pids())))
            .isEmpty();
        Files.deleteIfExists(result.file());
      }
      System.out.printf(
          "container agent: image built in %d s, ready %d ms after podman run, resident %s%n",
          buildTime.toSeconds(), readyAfter.toMillis(), residentMemory(name));
    } finally {
      podmanQuietly("stop", "-t", "20", name);
      podmanQuietly("rm", "-f", name);
    }

    // The same image and mounts, CAP_PERFMON left out: one line saying what is missing, exit 2.
    List<String> without = new ArrayList<>(CHART_CAPABILITIES);
    without.remove("PERFMON");
    List<String> refusedArgs = new ArrayList<>(List.of("run", "--rm"));
    refusedArgs.addAll(asTheChartRunsIt(without));
    refusedArgs.addAll(
        List.of(IMAGE, "agent", "--port", String.valueOf(freePort()), "--data-dir", "none"));
    Outcome refused = podmanOutcome(Duration.ofSeconds(60), refusedArgs.toArray(String[]::new));
    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
    List<String> lines = refused.output().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(refused.output()).hasSize(1);
    assertThat(lines.getFirst()).contains("missing: CAP_PERFMON").contains("PERFMON");
  }

  /**
   * podman's options for a container as the chart's pod: the host network, a read-only root with a
   * tmpfs on /tmp, only {@code capabilities}, the node's tracefs. Seccomp unconfined, as a kubelet
   * runs a pod without a profile: podman's default profile here allows bpf(2) only with
   * CAP_SYS_ADMIN (values.yaml says more).
   */
  private static List<String> asTheChartRunsIt(List<String> capabilities) {
    return List.of(
        "--network",
        "host",
        "--read-only",
        "--tmpfs",
        "/tmp",
        "--security-opt",
        "seccomp=unconfined",
        "--cap-drop",
        "ALL",
        "--cap-add",
        String.join(",", capabilities),
        "-v",
        "/sys/kernel/tracing:/sys/kernel/tracing:ro");
  }

  /** Builds the image (the base images are cached in podman's store between runs). */
  private static void build() throws IOException, InterruptedException {
    String m2 =
        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
    ProcessBuilder builder =
        new ProcessBuilder(Chart.REPO.resolve("deploy/image/build-here.sh").toString())
            .redirectErrorStream(true)
            .redirectInput(new File("/dev/null"));
    builder.environment().put("TCPMAP_M2", m2);
    Path log = Files.createTempFile("tcpmap-image-build", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
        List<String> all = Files.readAllLines(log);
        throw new AssertionError(
            "build-here.sh failed; last lines:\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size())));
      }
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static void awaitReady(int port, String name, Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response = send(port, "/readyz");
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Outcome state =
          podmanOutcome(Duration.ofSeconds(20), "inspect", "-f", "{{.State.Running}}", name);
      if (!state.output().strip().equals("true")) {
        Outcome logs = podmanOutcome(Duration.ofSeconds(20), "logs", name);
        throw new AssertionError(
            "the container stopped before it was ready: " + last + "\n" + logs.output());
      }
      Thread.sleep(250);
    }
    Outcome logs = podmanOutcome(Duration.ofSeconds(20), "logs", name);
    throw new AssertionError("not ready within " + limit + ": " + last + "\n" + logs.output());
  }

  /**
   * The container's records whose client socket is in one of {@code ours}, once at least {@code
   * expected} have arrived (a close is reported once both ends' records met, within seconds), or
   * what there is at the deadline.
   */
  private static List<JsonNode> awaitOurs(int port, long since, Set<Long> ours, int expected)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    List<JsonNode> found = List.of();
    while (Instant.now().isBefore(deadline)) {
      JsonNode answer = get(port, "/api/v1/connections?limit=100000&from=" + since);
      List<JsonNode> now = new ArrayList<>();
      for (JsonNode c : answer.path("connections")) {
        JsonNode client = c.path("clientProcess");
        if (!client.isMissingNode()
            && ours.contains(client.path("netns").asLong())
            && !c.path("outcome").asText().equals("open")) {
          now.add(c);
        }
      }
      found = now;
      if (found.size() >= expected) {
        return found;
      }
      Thread.sleep(250);
    }
    return found;
  }

  private static String mismatch(
      ExpectedConnection e, JsonNode c, TestNetwork network, Map<String, Long> pids) {
    if (c.path("bytesSent").asLong() != e.bytesSent()
        || c.path("bytesReceived").asLong() != e.bytesReceived()) {
      return "bytes "
          + c.path("bytesSent")
          + "/"
          + c.path("bytesReceived")
          + ", expected "
          + e.bytesSent()
          + "/"
          + e.bytesReceived();
    }
    String outcome = e.outcome().name().toLowerCase(Locale.ROOT);
    if (!c.path("outcome").asText().equals(outcome)) {
      return "outcome " + c.path("outcome") + ", expected " + outcome;
    }
    if (!c.path("startSeen").asBoolean()) {
      return "start not seen";
    }
    long clientPid = pids.get("client-" + network.sideOf(e.client()));
    JsonNode client = c.path("clientProcess");
    if (client.path("pid").asLong() != clientPid
        || !client.path("command").asText().equals("java")) {
      return "client process " + client + ", expected java " + clientPid;
    }
    boolean serverSocket = !outcome.equals("refused") && !outcome.equals("timeout");
    JsonNode server = c.path("serverProcess");
    if (serverSocket) {
      long serverPid = pids.get("server-" + network.sideOf(e.server()));
      if (server.path("pid").asLong() != serverPid) {
        return "server process " + server + ", expected java " + serverPid;
      }
    } else if (!server.isMissingNode() && !server.isNull()) {
      return "server process " + server + " for a connection without a server socket";
    }
    return null;
  }

  private static String tuple(JsonNode c) {
    return c.path("client").asText()
        + ":"
        + c.path("clientPort").asInt()
        + " -> "
        + c.path("server").asText()
        + ":"
        + c.path("serverPort").asInt();
  }

  private static String sourceState(JsonNode status, String name) {
    for (JsonNode source : status.path("sources")) {
      if (source.path("name").asText().equals(name)) {
        return source.path("state").asText();
      }
    }
    return "absent from " + status.path("sources");
  }

  /** VmRSS of the container's agent, read from the host's /proc. */
  private static String residentMemory(String name) throws IOException, InterruptedException {
    Outcome pid = podmanOutcome(Duration.ofSeconds(20), "inspect", "-f", "{{.State.Pid}}", name);
    Path status = Path.of("/proc", pid.output().strip(), "status");
    return Files.readAllLines(status).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> l.substring(6).strip())
        .findFirst()
        .orElse("unknown");
  }

  private static JsonNode get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(port, path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Outcome(int exitCode, String output) {}

  /** podman as this machine kind runs it (deploy/image/podman-here.sh), output and exit code. */
  private static Outcome podmanOutcome(Duration limit, String... args)
      throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                ". \"$0\" && podman_here \"$@\"",
                Chart.REPO.resolve("deploy/image/podman-here.sh").toString()));
    argv.addAll(List.of(args));
    Process process =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(new File("/dev/null"))
            .start();
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("podman " + String.join(" ", args) + " timed out");
      }
      return new Outcome(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static void podman(Duration limit, String... args)
      throws IOException, InterruptedException {
    Outcome outcome = podmanOutcome(limit, args);
    if (outcome.exitCode() != 0) {
      throw new IOException("podman " + String.join(" ", args) + ": " + outcome.output());
    }
  }

  private static void podmanQuietly(String... args) {
    try {
      podmanOutcome(Duration.ofSeconds(60), args);
    } catch (IOException | InterruptedException e) {
      System.err.println("podman " + String.join(" ", args) + ": " + e);
    }
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + ": " + out);
    }
  }
}
