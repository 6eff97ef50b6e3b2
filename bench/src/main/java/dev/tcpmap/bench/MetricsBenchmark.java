package dev.tcpmap.bench;

import dev.tcpmap.api.metrics.EventMetrics;
import dev.tcpmap.api.metrics.MetricsSettings;
import dev.tcpmap.api.metrics.remote.SnapshotSeries;
import dev.tcpmap.api.metrics.remote.WriteRequests;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.xerial.snappy.Snappy;

/**
 * {@code /metrics} at 10,000 edges: 10,000 distinct client → server edges, each closed once,
 * through {@link EventMetrics}; then
 *
 * <ul>
 *   <li>{@code scrape}: one scrape in the text format (what Prometheus pulls; its size is printed
 *       at set-up),
 *   <li>{@code remoteWrite}: the same registry as remote write's compressed requests (the series,
 *       the protobuf, snappy), without the network,
 *   <li>{@code observe}: one more connection closing on an edge already seen (the event path's
 *       cost), as the aggregator hands its named record on (the naming is the aggregator's, done
 *       once for both).
 * </ul>
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 MetricsBenchmark</pre>
 */
public class MetricsBenchmark extends ThroughputBenchmark {
  private static final int EDGES = 10_000;
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer =
      PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();
  private EventMetrics metrics;
  private ConnectionRecord[] records;
  private int next;

  @Setup
  public void setUp() throws IOException {
    metrics =
        new EventMetrics(
            new MetricsSettings.Config(true, true, true, true, EDGES),
            Resolver.IP_ONLY,
            Duration.ofSeconds(10));
    metrics.register(registry);
    records = new ConnectionRecord[EDGES];
    for (int i = 0; i < EDGES; i++) {
      records[i] =
          ConnectionRecord.named(
              new Connection(
                  IpAddress.v4(0x0A00_0000 + i / 100),
                  40_000,
                  IpAddress.v4(0x0A01_0000 + i % 100),
                  8080,
                  T0,
                  Duration.ofMillis(1 + i % 5000),
                  1000 + i,
                  2000 + i,
                  Outcome.CLOSED,
                  true,
                  SocketDetails.NONE),
              Resolver.IP_ONLY);
      metrics.closed(records[i]);
    }
    int series = SnapshotSeries.of(registry.scrape(), Map.of(), 0).size();
    System.err.printf(
        "%nMetricsBenchmark: %d edges, %d samples, text %d bytes, remote write %d bytes in %d"
            + " requests%n",
        EDGES, series, scrape(), remoteWrite(), (series + 1_999) / 2_000);
  }

  @Benchmark
  public int scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 22);
    writer.write(out, registry.scrape());
    return out.size();
  }

  @Benchmark
  public int remoteWrite() throws IOException {
    List<WriteRequests.Series> series =
        SnapshotSeries.of(registry.scrape(), Map.of("cluster", "c", "node", "n"), 1);
    int bytes = 0;
    for (int from = 0; from < series.size(); from += 2_000) {
      bytes +=
          Snappy.compress(
                  WriteRequests.encode(series.subList(from, Math.min(series.size(), from + 2_000))))
              .length;
    }
    return bytes;
  }

  @Benchmark
  public void observe() {
    metrics.closed(records[next]);
    next = (next + 1) % EDGES;
  }
}
