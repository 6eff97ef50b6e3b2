package dev.tcpmap.bench;

import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.http.ClientCredentials;
import dev.tcpmap.api.metrics.PrometheusSettings;
import dev.tcpmap.api.metrics.PrometheusView;
import dev.tcpmap.api.metrics.remote.WriteRequests;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.GroupedEdges;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.service.WorkloadView;
import java.io.PrintStream;
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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xerial.snappy.Snappy;

/**
 * The 24 h cluster graph at workload level two ways, for N simulated nodes on loopback:
 *
 * <ul>
 *   <li><b>fan-out</b>: N fake agents (FanOutBench's, in a child JVM) each answer {@code
 *       /api/v1/peer/edges} with POD_EDGES pod-level edges (their 24 h sums); this JVM asks them
 *       all, merges (each connection once) and groups to workloads, as an agent answers {@code
 *       /api/v1/graph?group=workload};
 *   <li><b>PromQL</b>: a real Prometheus (Debian's) holding 24 h of the N agents' workload series
 *       (WORKLOAD_EDGES label sets per node, 20 series each: connections, bytes both ways, the
 *       duration histogram), remote-written at one sample every STEP seconds; {@code tcpmap
 *       query}'s view asks its four queries for the 24 h window.
 * </ul>
 *
 * <pre>
 * GraphScaleBench [NODES,…] [POD_EDGES] [WORKLOAD_EDGES] [STEP_S] [ROUNDS]   defaults 10,100,500 1000 20 300 5
 * </pre>
 *
 * Prints a Markdown table of milliseconds (p50 / max of ROUNDS after two warm-up rounds), and for
 * each node count what the PromQL side's queries cost Prometheus in each form ({@link
 * PromqlForms}).
 */
public final class GraphScaleBench {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final double[] BOUNDS = {
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600
  };
  private static final int WARMUP = 2;

  private GraphScaleBench() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int[] nodes =
        Arrays.stream((args.length > 0 ? args[0] : "10,100,500").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int podEdges = BenchArgs.intArg(args, 1, 1000);
    int workloadEdges = BenchArgs.intArg(args, 2, 20);
    int step = BenchArgs.intArg(args, 3, 300);
    int rounds = BenchArgs.intArg(args, 4, 5);
    List<String> rows = new ArrayList<>();
    for (int n : nodes) {
      long[] fanOut = fanOut(n, podEdges, rounds, out);
      long[] promql = promql(n, workloadEdges, step, rounds, out);
      rows.add(
          String.format(
              "| %d | %.0f | %.0f | %.0f | %.0f | %s |",
              n,
              fanOut[rounds / 2] / 1e6,
              fanOut[rounds - 1] / 1e6,
              promql[rounds / 2] / 1e6,
              promql[rounds - 1] / 1e6,
              fanOut[rounds / 2] <= promql[rounds / 2] ? "fan-out" : "PromQL"));
    }
    out.printf(
        "%n%d pod edges per agent (fan-out); %d workload label sets per node, 24 h at one sample"
            + " per %d s (PromQL); load %s%n",
        podEdges, workloadEdges, step, Files.readString(Path.of("/proc/loadavg")).strip());
    out.println(
        "| nodes | fan-out p50 ms | fan-out max ms | PromQL p50 ms | PromQL max ms | faster |");
    out.println("|---|---|---|---|---|---|");
    rows.forEach(out::println);
  }

  /** N agents answering from a child JVM (this one answers for itself from memory). */
  private static long[] fanOut(int n, int edges, int rounds, PrintStream out) throws Exception {
    try (FanOutBench.ChildAgents agents =
        FanOutBench.ChildAgents.start("2g", n - 1, 0, edges, Duration.ofSeconds(60))) {
      PeerEdges self = FanOutBench.answer(0, edges);
      try (FanOut fanOut =
          FanOutBench.fanOut(
              PeerDirectory.of(agents.peers(), "agent-0"), Duration.ofSeconds(60), self)) {
        long[] nanos = new long[rounds];
        int groups = 0;
        for (int i = -WARMUP; i < rounds; i++) {
          long started = System.nanoTime();
          ClusterAnswer<List<EdgeStats>> cluster = fanOut.edges(TimeRange.ALL).orElseThrow();
          groups = GroupedEdges.group(cluster.merged(), Grouping.WORKLOAD).size();
          long took = System.nanoTime() - started;
          if (!cluster.missing().isEmpty()) {
            throw new IllegalStateException(cluster.missing().size() + " agents did not answer");
          }
          if (i >= 0) {
            nanos[i] = took;
          }
        }
        out.printf(
            "fan-out %d agents: %s bytes per answer (%s gzipped), %d workload edges%n",
            n, agents.rawBytes(), agents.gzipBytes(), groups);
        Arrays.sort(nanos);
        return nanos;
      }
    }
  }

  private static long[] promql(int n, int labelSets, int step, int rounds, PrintStream out)
      throws Exception {
    Path dir = Files.createTempDirectory("graph-scale-prometheus");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver",
                "--query.max-samples=500000000")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    URI url = URI.create("http://127.0.0.1:" + port);
    try (HttpClient http = HttpClient.newHttpClient()) {
      awaitReady(http, url);
      Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      long t0 = System.nanoTime();
      long samples = ingest(http, url, n, labelSets, step, end);
      out.printf(
          "PromQL %d nodes: %d series, %d samples written in %.0f s%n",
          n, (long) n * labelSets * 20, samples, (System.nanoTime() - t0) / 1e9);
      TimeRange day = new TimeRange(end.toEpochMilli() - 86_400_000L, end.toEpochMilli());
      try (PrometheusView view =
          new PrometheusView(
              new PrometheusSettings.Config(
                  Optional.of(url), Duration.ofMinutes(5), ClientCredentials.NONE),
              Duration.ofSeconds(10),
              InstantSource.system())) {
        long[] nanos = new long[rounds];
        int edges = 0;
        for (int i = -WARMUP; i < rounds; i++) {
          long started = System.nanoTime();
          WorkloadView.Answer answer = view.edges(day);
          long took = System.nanoTime() - started;
          edges = answer.edges().size();
          if (i >= 0) {
            nanos[i] = took;
          }
        }
        out.printf("PromQL %d nodes: %d workload edges%n", n, edges);
        // Where the time goes: what Prometheus reads and spends per form, against the wall time.
        PromqlForms.print(http, url, day.toMs() - day.fromMs(), end, out);
        Arrays.sort(nanos);
        return nanos;
      }
    } finally {
      prometheus.destroy();
      prometheus.waitFor();
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Remote-writes 24 h of every node's workload series, oldest first, one request per 20,000 series
   * of one timestamp. Counters grow linearly: edge k of a node closes k+1 connections per step,
   * each of 1,000 + k bytes sent and ten times that received, durations spread over the buckets.
   */
  private static long ingest(HttpClient http, URI url, int n, int labelSets, int step, Instant end)
      throws Exception {
    long samples = 0;
    int steps = 86_400 / step;
    List<WriteRequests.Series> batch = new ArrayList<>();
    for (int s = 0; s <= steps; s++) {
      long at = end.toEpochMilli() - (long) (steps - s) * step * 1000;
      for (int node = 0; node < n; node++) {
        for (int k = 0; k < labelSets; k++) {
          long connections = (long) (s + 1) * (k + 1);
          List<String> edge = edge(node, k);
          batch.add(series("tcpmap_connections_total", edge, List.of(), connections, at));
          batch.add(
              series(
                  "tcpmap_bytes_total",
                  edge,
                  List.of("direction", "received"),
                  connections * 10_000.0 * (k + 1),
                  at));
          batch.add(
              series(
                  "tcpmap_bytes_total",
                  edge,
                  List.of("direction", "sent"),
                  connections * 1_000.0 * (k + 1),
                  at));
          batch.add(
              series(
                  "tcpmap_connection_duration_seconds_sum",
                  edge,
                  List.of(),
                  connections * 0.5,
                  at));
          batch.add(
              series("tcpmap_connection_duration_seconds_count", edge, List.of(), connections, at));
          for (int b = 0; b <= BOUNDS.length; b++) {
            String le = b == BOUNDS.length ? "+Inf" : Double.toString(BOUNDS[b]);
            double cumulative =
                b == BOUNDS.length ? connections : Math.floor(connections * (b + 1.0) / 15);
            batch.add(
                series(
                    "tcpmap_connection_duration_seconds_bucket",
                    edge,
                    List.of("le", le),
                    cumulative,
                    at));
          }
          if (batch.size() >= 20_000) {
            samples += post(http, url, batch);
          }
        }
      }
      samples += post(http, url, batch);
    }
    return samples;
  }

  /** A node's edge k: a workload of that node to one of twenty Services. */
  private static List<String> edge(int node, int k) {
    return List.of(
        "client_namespace", "ns-" + k % 7,
        "client_workload", "Deployment/app-" + (node + k) % 40,
        "instance", "node-" + node,
        "job", "tcpmap",
        "outcome", "closed",
        "server_namespace", "ns-" + k % 5,
        "server_port", "80",
        "server_workload", "svc.svc-" + k % 20);
  }

  private static WriteRequests.Series series(
      String name, List<String> edge, List<String> more, double value, long at) {
    List<String> labels = new ArrayList<>();
    labels.add("__name__");
    labels.add(name);
    // Sorted by name: __name__, the edge's (alphabetical), then direction or le in their place.
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < edge.size(); i += 2) {
      pairs.add(List.of(edge.get(i), edge.get(i + 1)));
    }
    if (!more.isEmpty()) {
      pairs.add(more);
    }
    pairs.sort((a, b) -> a.get(0).compareTo(b.get(0)));
    pairs.forEach(labels::addAll);
    return new WriteRequests.Series(labels, value, at);
  }

  private static int post(HttpClient http, URI url, List<WriteRequests.Series> batch)
      throws Exception {
    if (batch.isEmpty()) {
      return 0;
    }
    byte[] body = Snappy.compress(WriteRequests.encode(batch));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(url.resolve("/api/v1/write"))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException("remote write: " + answer.statusCode() + " " + answer.body());
    }
    int written = batch.size();
    batch.clear();
    return written;
  }

  private static void awaitReady(HttpClient http, URI url) throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("prometheus not ready");
  }
}
