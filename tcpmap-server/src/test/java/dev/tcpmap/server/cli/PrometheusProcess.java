package dev.tcpmap.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.ebpf.TracerSourceFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on loopback, for tests: it scrapes the
 * given targets every second and takes remote writes. Its storage and log are in the test's
 * directory; {@link #close} ends the process.
 */
final class PrometheusProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");

  /** A bound on waiting for Prometheus, not a timing assertion. */
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts Prometheus scraping {@code 127.0.0.1:<port>/metrics} of each of {@code targets}. */
  static PrometheusProcess start(Path dir, List<Integer> targets) throws Exception {
    Files.createDirectories(dir);
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
                + "  - job_name: tcpmap\n    static_configs:\n      - targets: [");
    for (int i = 0; i < targets.size(); i++) {
      config.append(i == 0 ? "" : ", ").append("'127.0.0.1:").append(targets.get(i)).append("'");
    }
    config.append("]\n");
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(process, log, port);
    prometheus.awaitReady();
    return prometheus;
  }

  /** Its base URL, e.g. {@code http://127.0.0.1:9091}. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The remote-write receiver's URL. */
  String remoteWriteUrl() {
    return url() + "/api/v1/write";
  }

  /** The {@code data.result} of an instant query. */
  JsonNode query(String promql) throws Exception {
    return data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .get("result");
  }

  /**
   * The values of {@code label} on the series {@code match} selects, as Grafana's {@code
   * label_values(match, label)} asks for them.
   */
  List<String> labelValues(String label, String match) throws Exception {
    List<String> values = new ArrayList<>();
    data("/api/v1/label/"
            + label
            + "/values?match[]="
            + URLEncoder.encode(match, StandardCharsets.UTF_8))
        .forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The {@code data} of a successful answer of Prometheus' HTTP API at {@code pathAndQuery}. */
  private JsonNode data(String pathAndQuery) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode doc = Json.mapper().readTree(answer.body());
    if (answer.statusCode() != 200 || !doc.path("status").asText().equals("success")) {
      throw new AssertionError(pathAndQuery + " failed: " + answer.body());
    }
    return doc.get("data");
  }

  /** The single value of a query that sums to one sample, or empty when it has none. */
  OptionalDouble value(String promql) throws Exception {
    JsonNode result = query(promql);
    if (result.isEmpty()) {
      return OptionalDouble.empty();
    }
    if (result.size() != 1) {
      throw new AssertionError(promql + " has " + result.size() + " samples: " + result);
    }
    return OptionalDouble.of(Double.parseDouble(result.get(0).get("value").get(1).asText()));
  }

  /** Queries every 250 ms until the value satisfies {@code done}; the last value. */
  double await(String promql, DoublePredicate done) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    OptionalDouble last;
    do {
      last = value(promql);
      if (last.isPresent() && done.test(last.getAsDouble())) {
        return last.getAsDouble();
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(
        "no value as expected from " + promql + ": " + last + "\n" + logTail());
  }

  /** Queries every 250 ms until the answer has samples (a rate needs two scrapes); the answer. */
  JsonNode awaitSamples(String promql) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    do {
      JsonNode result = query(promql);
      if (!result.isEmpty()) {
        return result;
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("no samples from " + promql + "\n" + logTail());
  }

  /**
   * Queries every 250 ms until {@code done} accepts the answer's {@code data.result} (a panel that
   * needs a later scrape); the last answer, which the caller asserts on.
   */
  JsonNode awaitResult(String promql, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    JsonNode result;
    do {
      result = query(promql);
      if (done.test(result)) {
        return result;
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    return result;
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited: " + logTail());
      }
      try {
        HttpResponse<Void> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus not ready: " + logTail());
  }

  String logTail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    http.close();
  }

  /** Fails unless the tools a traffic test needs, and Prometheus, are here. */
  static void requireTools() {
    TrafficCapture.requireTools();
    org.assertj.core.api.Assertions.assertThat(BINARY)
        .as("Debian's prometheus (run-tests installs it)")
        .exists();
  }

  /**
   * A multi-value variable's "All", as Grafana writes it into a regex matcher: the values, regex
   * characters escaped, as one alternation (the escapes doubled for PromQL's string literal).
   */
  static String allOf(List<String> values) {
    return values.stream()
        .map(v -> v.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\\\\\$0"))
        .collect(java.util.stream.Collectors.joining("|", "(", ")"));
  }

  /**
   * The traced agent (root only) serving on {@code port} for Prometheus to scrape, with no packet
   * capture; after checking that the tools a traffic test needs, and Prometheus, are here.
   */
  static CliRun tracedAgent(int port, Map<String, String> environment) {
    requireTools();
    return CliRun.run(
        environment,
        new TracerSourceFactory(),
        "agent",
        "--port",
        Integer.toString(port),
        "--interfaces",
        "none");
  }
}
