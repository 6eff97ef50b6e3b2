package dev.tcpmap.api.metrics;

import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.GroupNode;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.query.service.WorkloadEdge;
import dev.tcpmap.query.service.WorkloadView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The graph from the agents' workload series in a Prometheus-compatible API ({@code tcpmap query}).
 * Four instant queries at the window's end {@code T} (or now), sent at once: {@code
 * tcpmap_connections_total} by edge and outcome, {@code tcpmap_bytes_total} by edge and direction,
 * and the duration histogram's {@code _sum} and {@code _bucket} by edge; each counter's growth over
 * the window {@code d = to - from} is
 *
 * <pre>
 *   clamp_min(last_over_time(x[d]) - (x offset d  or  0 * last_over_time(x[d])), 0)
 *             └ its last value in (T-d, T]   └ its value at T-d (5 min lookback), 0 if it had none
 * </pre>
 *
 * per agent's series, summed by edge. Not {@code increase()}: a counter series is born holding its
 * first count, which {@code increase()} (having nothing before it) would miss, and it extrapolates;
 * the difference is exact between two scrapes. So the window is the scrapes' (see docs/metrics.md):
 * a connection counts when its agent's first scrape after its close falls in {@code (T-d, T]}.
 * {@code clamp_min}: an agent restarted in the window counts nothing of it rather than a negative.
 * Without {@code from}: all time, the counters' values at {@code T}.
 *
 * <p>Persistent connections are read from the histogram: those above the bucket bound equal to the
 * persistent threshold (which must be a bound: checked at start-up); the longest duration is
 * bounded above by the smallest bucket holding all of them (or the sum). Thread-safe.
 */
public final class PrometheusView implements WorkloadView, AutoCloseable {
  private static final String EDGE =
      "client_namespace, client_workload, server_namespace, server_workload, server_port";

  private final PrometheusClient client;
  private final double persistentBound;
  private final InstantSource clock;

  /**
   * @param persistent the persistent threshold: one of the duration histogram's bounds
   * @throws IllegalArgumentException when it is not a bound, or the CA file cannot be read
   */
  public PrometheusView(
      PrometheusSettings.Config config, Duration persistent, InstantSource clock) {
    this.persistentBound = persistent.toNanos() / 1e9;
    if (Arrays.stream(ConnectionFamilies.DURATION_BOUNDS).noneMatch(b -> b == persistentBound)) {
      throw new IllegalArgumentException(
          "the query mode reads persistent connections from tcpmap_connection_duration_seconds,"
              + " whose bucket bounds (seconds) are "
              + Arrays.toString(ConnectionFamilies.DURATION_BOUNDS)
              + "; "
              + persistent
              + " is not one");
    }
    this.client = new PrometheusClient(config);
    this.clock = clock;
  }

  /** Adds {@code tcpmap_prometheus_queries_total} to {@code registry}. */
  public void register(PrometheusRegistry registry) {
    client.register(registry);
  }

  /**
   * A counter's growth over a window, as PromQL: {@code metric}'s series each, before they are
   * summed by edge.
   */
  @FunctionalInterface
  public interface Growth {
    /**
     * @param metric the counter's series name
     * @param window the window's length as a PromQL duration ({@code 86400000ms})
     */
    String of(String metric, String window);
  }

  /**
   * The growth this view asks for: exact between two scrapes, and kept for a series that stopped
   * within the window (an agent gone), at the cost of reading every sample of the window ({@code
   * last_over_time}).
   */
  public static final Growth SCRAPED =
      (metric, d) -> {
        String last = "last_over_time(" + metric + "[" + d + "])";
        return "clamp_min(" + last + " - (" + metric + " offset " + d + " or 0 * " + last + "), 0)";
      };

  /** The PromQL of the window {@code d} milliseconds long (0: all time). */
  static List<String> queries(long windowMillis) {
    return queries(windowMillis, SCRAPED);
  }

  /**
   * The four queries of the window {@code windowMillis} long (0: all time, the counters' values),
   * each family's {@code growth} summed by edge; public for the benchmark that compares forms.
   */
  public static List<String> queries(long windowMillis, Growth growth) {
    return List.of(
        sum(EDGE + ", outcome", "tcpmap_connections_total", windowMillis, growth),
        sum(EDGE + ", direction", "tcpmap_bytes_total", windowMillis, growth),
        sum(EDGE, "tcpmap_connection_duration_seconds_sum", windowMillis, growth),
        sum(EDGE + ", le", "tcpmap_connection_duration_seconds_bucket", windowMillis, growth));
  }

  private static String sum(String by, String metric, long windowMillis, Growth growth) {
    String series = windowMillis <= 0 ? metric : growth.of(metric, windowMillis + "ms");
    return "sum by (" + by + ") (" + series + ")";
  }

  @Override
  public Answer edges(TimeRange range) {
    Instant at = range.hasTo() ? Instant.ofEpochMilli(range.toMs()) : clock.instant();
    long window = range.hasFrom() ? Math.max(1, at.toEpochMilli() - range.fromMs()) : 0;
    List<List<PrometheusClient.Sample>> answers = client.query(queries(window), at);
    Map<List<String>, Sums> edges = new HashMap<>();
    for (PrometheusClient.Sample s : answers.get(0)) {
      Outcome outcome = outcome(s.labels().getOrDefault("outcome", ""));
      sums(edges, s).outcomes[outcome.ordinal()] += Math.round(s.value());
    }
    for (PrometheusClient.Sample s : answers.get(1)) {
      Sums sums = sums(edges, s);
      long bytes = Math.round(s.value());
      if ("received".equals(s.labels().get("direction"))) {
        sums.received += bytes;
      } else {
        sums.sent += bytes;
      }
    }
    for (PrometheusClient.Sample s : answers.get(2)) {
      sums(edges, s).durationSeconds += s.value();
    }
    for (PrometheusClient.Sample s : answers.get(3)) {
      double le = bound(s.labels().getOrDefault("le", "+Inf"));
      sums(edges, s).buckets.merge(le, Math.round(s.value()), Long::sum);
    }
    List<WorkloadEdge> out = new ArrayList<>(edges.size());
    edges.forEach((key, sums) -> out.add(sums.edge(key, persistentBound)));
    out.sort(
        Comparator.comparing((WorkloadEdge e) -> e.client().id())
            .thenComparing(e -> e.server().id())
            .thenComparingInt(WorkloadEdge::serverPort));
    return new Answer(at, out);
  }

  private static Sums sums(Map<List<String>, Sums> edges, PrometheusClient.Sample s) {
    Map<String, String> l = s.labels();
    List<String> key =
        List.of(
            l.getOrDefault("client_namespace", ""),
            l.getOrDefault("client_workload", ""),
            l.getOrDefault("server_namespace", ""),
            l.getOrDefault("server_workload", ""),
            l.getOrDefault("server_port", ""));
    return edges.computeIfAbsent(key, k -> new Sums());
  }

  /** An outcome label; a fold's or an unknown one counts as {@code unknown}. */
  private static Outcome outcome(String label) {
    for (Outcome o : Outcome.values()) {
      if (o.wireName().equals(label)) {
        return o;
      }
    }
    return Outcome.UNKNOWN;
  }

  private static double bound(String le) {
    try {
      return Double.parseDouble(le.replace("Inf", "Infinity"));
    } catch (NumberFormatException e) {
      return Double.POSITIVE_INFINITY;
    }
  }

  /** The running sums of one edge, local to one answer. */
  private static final class Sums {
    final long[] outcomes = new long[Outcome.values().length];
    long sent;
    long received;
    double durationSeconds;
    final TreeMap<Double, Long> buckets = new TreeMap<>();

    WorkloadEdge edge(List<String> key, double persistentBound) {
      GroupNode client = WorkloadEdge.node(key.get(0), key.get(1));
      GroupNode server = WorkloadEdge.node(key.get(2), key.get(3));
      int port = port(key.get(4));
      OutcomeCounts counts =
          new OutcomeCounts(
              outcomes[Outcome.CLOSED.ordinal()],
              outcomes[Outcome.RESET.ordinal()],
              outcomes[Outcome.REFUSED.ordinal()],
              outcomes[Outcome.TIMEOUT.ordinal()],
              outcomes[Outcome.OPEN.ordinal()],
              outcomes[Outcome.UNKNOWN.ordinal()],
              outcomes[Outcome.UNREACHABLE.ordinal()]);
      long all = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0L);
      long persistent =
          Math.clamp(all - buckets.getOrDefault(persistentBound, all), 0, counts.total());
      Duration sum = Duration.ofNanos(Math.round(Math.max(0, durationSeconds) * 1e9));
      Duration max = sum;
      for (Map.Entry<Double, Long> b : buckets.entrySet()) {
        if (b.getValue() >= all && !b.getKey().isInfinite()) {
          Duration bound = Duration.ofNanos(Math.round(b.getKey() * 1e9));
          max = bound.compareTo(sum) < 0 ? bound : sum;
          break;
        }
      }
      return new WorkloadEdge(client, server, port, counts, persistent, sent, received, sum, max);
    }

    /** A fold's {@code other} port is 0. */
    private static int port(String text) {
      try {
        int port = Integer.parseInt(text);
        return port >= 0 && port <= 65_535 ? port : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
