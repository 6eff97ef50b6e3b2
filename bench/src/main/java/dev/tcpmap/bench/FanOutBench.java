package dev.tcpmap.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.metrics.PeerMetrics;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.api.wire.PeerEdgesJson;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.cluster.SidedEdge;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.query.service.LocalView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * The cluster-wide answer's fan-out over many agents, on loopback: does it answer within the
 * timeout plus one request time when some agents are slow?
 *
 * <pre>
 * FanOutBench [PEERS] [SLOW] [EDGES] [TIMEOUT_MS] [ROUNDS]     defaults 50 3 1000 1000 20
 * </pre>
 *
 * <p>Starts PEERS fake agents (the JDK's HTTP server, one port each) that answer {@code
 * /api/v1/peer/edges} with a canned answer of EDGES edges (pods with workloads and nodes, a third
 * of them server side; gzipped when asked, as the real API), SLOW of which wait ten timeouts before
 * answering. This agent answers for itself with as many edges from memory. Then measures, after
 * five warm-up rounds, ROUNDS fan-outs of each kind:
 *
 * <ul>
 *   <li>{@code one request}: a fan-out to a single fast peer (the time of one request: connect or
 *       reuse, answer, gunzip, parse);
 *   <li>{@code all fast}: every peer but the slow ones;
 *   <li>{@code with slow}: every peer; the bound is {@code timeout + one request (p50)}.
 * </ul>
 *
 * Prints a Markdown table of milliseconds (p50 / p90 / max).
 */
public final class FanOutBench {
  private static final int WARMUP = 5;

  private FanOutBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int peers = BenchArgs.intArg(args, 0, 50);
    int slow = BenchArgs.intArg(args, 1, 3);
    int edges = BenchArgs.intArg(args, 2, 1000);
    Duration timeout = Duration.ofMillis(BenchArgs.intArg(args, 3, 1000));
    int rounds = BenchArgs.intArg(args, 4, 20);

    try (ChildAgents agents = ChildAgents.start("1g", peers, slow, edges, timeout)) {
      List<Peer> all = agents.peers();
      Peer agent = all.getFirst();
      List<Peer> fast = all.subList(slow + 1, all.size());
      out.printf(
          "%d peers (%d slow), %d edges each: answer %s bytes, %s gzipped; timeout %d ms%n%n",
          peers, slow, edges, agents.rawBytes(), agents.gzipBytes(), timeout.toMillis());
      PeerEdges self = answer(0, edges);
      long[] one =
          run(PeerDirectory.of(List.of(fast.getFirst()), agent.name()), timeout, self, rounds, out);
      List<Peer> allFast = new ArrayList<>(fast);
      allFast.addFirst(all.getFirst());
      long[] fastOnly = run(PeerDirectory.of(allFast, agent.name()), timeout, self, rounds, out);
      long[] withSlow = run(PeerDirectory.of(all, agent.name()), timeout, self, rounds, out);
      long bound = timeout.toNanos() + percentile(one, 50);

      out.println("| fan-out | p50 ms | p90 ms | max ms | bound ms | within |");
      out.println("|---|---|---|---|---|---|");
      row(out, "one request (1 peer)", one, -1);
      row(out, "all fast (" + fast.size() + " peers + self)", fastOnly, -1);
      row(out, "with slow (" + peers + " peers + self)", withSlow, bound);
    }
  }

  /**
   * Fake agents answering from a child JVM, as agents run on other hosts: their heap and threads
   * are not the asking agent's. {@code peers} lists the asking agent first (it answers for itself,
   * its port is never asked), then the child's {@code count}, of which the first {@code slow}
   * answer after ten times {@code timeout}; {@code rawBytes} and {@code gzipBytes} are the size of
   * one answer.
   */
  record ChildAgents(Process process, List<Peer> peers, String rawBytes, String gzipBytes)
      implements AutoCloseable {

    static ChildAgents start(String maxHeap, int count, int slow, int edges, Duration timeout)
        throws IOException {
      Process child =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx" + maxHeap,
                  "-cp",
                  System.getProperty("java.class.path"),
                  FanOutBench.class.getName(),
                  "serve",
                  String.valueOf(count),
                  String.valueOf(slow),
                  String.valueOf(edges),
                  String.valueOf(timeout.toMillis()))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        String[] ready =
            new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                .readLine()
                .split(" ");
        List<Peer> peers = new ArrayList<>();
        peers.add(new Peer("agent-0", "node-0", "127.0.0.1", 1));
        for (int i = 1; i <= count; i++) {
          peers.add(
              new Peer("agent-" + i, "node-" + i, "127.0.0.1", Integer.parseInt(ready[i + 1])));
        }
        return new ChildAgents(child, List.copyOf(peers), ready[0], ready[1]);
      } catch (IOException | RuntimeException e) {
        child.destroy();
        throw e;
      }
    }

    @Override
    public void close() {
      process.destroy();
      process.onExit().join();
    }
  }

  /** The child: starts the fake agents, prints "RAW GZIP PORT...", serves until killed. */
  private static void serve(String[] args) throws Exception {
    int peers = BenchArgs.intArg(args, 0, 50);
    int slow = BenchArgs.intArg(args, 1, 3);
    int edges = BenchArgs.intArg(args, 2, 1000);
    Duration timeout = Duration.ofMillis(BenchArgs.intArg(args, 3, 1000));
    StringBuilder ready = new StringBuilder();
    for (int i = 1; i <= peers; i++) {
      byte[] raw =
          Json.mapper().writeValueAsBytes(PeerEdgesJson.write(TimeRange.ALL, answer(i, edges)));
      byte[] gzip = gzip(raw);
      if (i == 1) {
        ready.append(raw.length).append(' ').append(gzip.length);
      }
      HttpServer server =
          fakeAgent(raw, gzip, i <= slow ? timeout.multipliedBy(10) : Duration.ZERO);
      ready.append(' ').append(server.getAddress().getPort());
    }
    System.out.println(ready);
    System.out.flush();
    new java.util.concurrent.CountDownLatch(1).await();
  }

  /** The asking agent's fan-out, which answers for itself with {@code self}. */
  static FanOut fanOut(PeerDirectory directory, Duration timeout, PeerEdges self) {
    return new FanOut(
        directory,
        timeout,
        new LocalView() {
          @Override
          public Snapshot snapshot() {
            return Snapshot.empty(self.asOf());
          }

          @Override
          public PeerEdges edges(TimeRange range) {
            return self;
          }

          @Override
          public PeerTls tls(TimeRange range) {
            return new PeerTls(self.asOf(), Map.of(), List.of());
          }
        },
        new PeerMetrics(new PrometheusRegistry()),
        InstantSource.system());
  }

  private static long[] run(
      PeerDirectory directory, Duration timeout, PeerEdges self, int rounds, PrintStream out) {
    try (FanOut fanOut = fanOut(directory, timeout, self)) {
      long[] nanos = new long[rounds];
      Map<String, Integer> missing = new java.util.TreeMap<>();
      for (int i = -WARMUP; i < rounds; i++) {
        long started = System.nanoTime();
        ClusterAnswer<List<EdgeStats>> cluster = fanOut.edges(TimeRange.ALL).orElseThrow();
        long took = System.nanoTime() - started;
        if (i >= 0) {
          nanos[i] = took;
          cluster.missing().forEach(m -> missing.merge(m.reason().wireName(), 1, Integer::sum));
        }
      }
      out.printf(
          "%d peers: %d rounds, missing peers per round by reason %s%n",
          directory.peers().size(), rounds, missing.isEmpty() ? "none" : averages(missing, rounds));
      Arrays.sort(nanos);
      return nanos;
    }
  }

  private static String averages(Map<String, Integer> counts, int rounds) {
    StringBuilder text = new StringBuilder();
    counts.forEach((k, v) -> text.append(String.format("%s %.1f ", k, v / (double) rounds)));
    return text.toString().trim();
  }

  private static void row(PrintStream out, String name, long[] sorted, long bound) {
    long max = sorted[sorted.length - 1];
    out.printf(
        "| %s | %.1f | %.1f | %.1f | %s | %s |%n",
        name,
        percentile(sorted, 50) / 1e6,
        percentile(sorted, 90) / 1e6,
        max / 1e6,
        bound < 0 ? "" : String.format("%.1f", bound / 1e6),
        bound < 0 ? "" : max <= bound ? "yes" : "no");
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (sorted.length * p) / 100)];
  }

  /**
   * What agent {@code i} observed: pods of its node calling services and pods elsewhere (client
   * side), and pods elsewhere calling its pods (server side, a third).
   */
  static PeerEdges answer(int agent, int edges) {
    Random random = new Random(agent);
    Instant start = Instant.parse("2026-11-21T09:00:00Z");
    List<SidedEdge> list = new ArrayList<>(edges);
    for (int e = 0; e < edges; e++) {
      boolean server = e % 3 == 2;
      int other = random.nextInt(200);
      Endpoint local = pod(agent, e % 40);
      Endpoint remote =
          other < 20
              ? new Endpoint(
                  ip(96, 0, other), Endpoint.Kind.SERVICE, "svc-" + other, "ns-" + other % 7)
              : pod(other % 50, other);
      EdgeKey key =
          server
              ? new EdgeKey(remote, local, 8080)
              : new EdgeKey(local, remote, other < 20 ? 80 : 1000 + e);
      long n = 1 + random.nextInt(500);
      long closed = n / 2;
      list.add(
          new SidedEdge(
              server ? Side.SERVER : Side.CLIENT,
              new EdgeStats(
                  key,
                  n,
                  new OutcomeCounts(closed, n - closed, 0, 0, 0, 0),
                  random.nextLong(n + 1),
                  random.nextLong(1L << 32),
                  random.nextLong(1L << 36),
                  Duration.ofNanos(n * 1_234_567_891L),
                  Duration.ofNanos(1_234_567_891L),
                  start.plusNanos(random.nextLong(1L << 40)),
                  start.plusSeconds(3600).plusNanos(random.nextLong(1L << 40)))));
    }
    return new PeerEdges(start.plusSeconds(7200), Map.of("tracer/ring-buffer-full", 1L), list);
  }

  private static Endpoint pod(int node, int index) {
    return new Endpoint(
        ip(node / 250 + 1, node % 250, index),
        Endpoint.Kind.POD,
        "app-" + index + "-7d4b9c8f6-x" + node,
        "ns-" + index % 7,
        new Endpoint.Workload("Deployment", "app-" + index),
        "node-" + node);
  }

  private static IpAddress ip(int b, int c, int d) {
    return IpAddress.v4((10 << 24) | (b << 16) | (c << 8) | d);
  }

  /** A fake agent: the canned answer (gzipped when asked), after {@code delay}. */
  private static HttpServer fakeAgent(byte[] raw, byte[] gzip, Duration delay) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        FanOut.EDGES_PATH,
        exchange -> {
          try (exchange) {
            sleep(delay);
            boolean zipped = accepts(exchange, "gzip");
            byte[] body = zipped ? gzip : raw;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (zipped) {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } catch (IOException e) {
            // the fan-out gave up on this answer
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }

  private static boolean accepts(HttpExchange exchange, String coding) {
    String header = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    return header != null && header.contains(coding);
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(raw);
    }
    return buffer.toByteArray();
  }
}
