package dev.tcpmap.api.metrics;

import static dev.tcpmap.api.metrics.K8spacketTls.EXPIRY;
import static dev.tcpmap.api.metrics.K8spacketTls.EXPIRY_COUNT;
import static dev.tcpmap.api.metrics.K8spacketTls.EXPIRY_LABELS;
import static dev.tcpmap.api.metrics.K8spacketTls.RECORD;
import static dev.tcpmap.api.metrics.K8spacketTls.RECORD_LABELS;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * k8spacket's TLS metrics, computed from the current snapshot's handshakes at each scrape:
 *
 * <ul>
 *   <li>{@code k8s_packet_tls_record{ns, src, src_name, dst, dst_name, dst_port, domain,
 *       tls_version, cipher_suite}}: handshakes seen;
 *   <li>{@code k8s_packet_tls_cert_expiry{dst, dst_port, domain}}: the {@code notAfter} of the
 *       newest chain's leaf, unix milliseconds (k8spacket's unit);
 *   <li>{@code k8s_packet_tls_cert_expiry_count{dst, dst_port, domain}}: handshakes that carried a
 *       chain.
 * </ul>
 *
 * <p>Names and labels are k8spacket's. Its two counters are exposed {@code untyped}: a counter in
 * client_java's text format gains a {@code _total} suffix, which would break queries written for
 * k8spacket, and a count over a snapshot is not monotonic anyway (it is what the snapshot holds: a
 * served capture's totals, or the handshakes a live source still keeps). {@code ns} is the client's
 * namespace; names are display names ({@code pod.web-1}) resolved at the connection's start; {@code
 * tls_version} and {@code cipher_suite} are {@code ""} without a ServerHello.
 *
 * <p>Cardinality: each metric keeps at most {@code maxSeries} label sets, those seen most recently;
 * how many were left out is {@code tcpmap_tls_metric_series_dropped{metric}}. Thread-safe: a scrape
 * reads one published snapshot.
 */
public final class TlsMetrics implements MultiCollector {
  /** Label sets per metric unless configured: about 2 MB of exposition text at most. */
  public static final int DEFAULT_MAX_SERIES = 10_000;

  private final Supplier<Snapshot> data;
  private final Resolver resolver;
  private final int maxSeries;

  public TlsMetrics(Supplier<Snapshot> data, Resolver resolver, int maxSeries) {
    if (maxSeries < 0) {
      throw new IllegalArgumentException("maxSeries is negative: " + maxSeries);
    }
    this.data = data;
    this.resolver = resolver;
    this.maxSeries = maxSeries;
  }

  /** One label set's tally: how many, the newest time, and the newest value. */
  private static final class Tally {
    long count;
    Instant newest = Instant.MIN;
    double value;

    void add(Instant at, double newValue) {
      count++;
      if (!at.isBefore(newest)) {
        newest = at;
        value = newValue;
      }
    }
  }

  @Override
  public MetricSnapshots collect() {
    Map<List<String>, Tally> records = new HashMap<>();
    Map<List<String>, Tally> expiries = new HashMap<>();
    for (TlsHandshake h : data.get().handshakes()) {
      List<String> record = K8spacketTls.recordLabels(h, resolver);
      String port = record.get(5);
      records.computeIfAbsent(record, k -> new Tally()).add(h.at(), 0);
      if (h.certificate().isPresent()) {
        CertificateChain chain = h.certificate().get();
        double notAfter = K8spacketTls.notAfter(chain);
        expiries
            .computeIfAbsent(List.of(h.server().toString(), port, h.sni()), k -> new Tally())
            .add(h.at(), notAfter);
      }
    }
    List<MetricSnapshot> out = new ArrayList<>();
    Map<String, Integer> dropped = new HashMap<>();
    List<Map.Entry<List<String>, Tally>> kept = capped(records, RECORD, dropped);
    List<Map.Entry<List<String>, Tally>> keptExpiries = capped(expiries, EXPIRY, dropped);
    dropped.put(EXPIRY_COUNT, dropped.get(EXPIRY));
    if (!kept.isEmpty()) {
      out.add(untyped(RECORD, "TLS handshakes seen (k8spacket's counter)", RECORD_LABELS, kept));
    }
    if (!keptExpiries.isEmpty()) {
      out.add(expiryGauge(keptExpiries));
      out.add(
          untyped(
              EXPIRY_COUNT,
              "TLS handshakes that carried the server's certificate chain (k8spacket's counter)",
              EXPIRY_LABELS,
              keptExpiries));
    }
    out.add(droppedGauge(dropped));
    return new MetricSnapshots(out);
  }

  /** The {@code maxSeries} most recent label sets, in label order; counts what was left out. */
  private List<Map.Entry<List<String>, Tally>> capped(
      Map<List<String>, Tally> all, String metric, Map<String, Integer> dropped) {
    List<Map.Entry<List<String>, Tally>> entries = new ArrayList<>(all.entrySet());
    entries.sort(
        Comparator.comparing((Map.Entry<List<String>, Tally> e) -> e.getValue().newest)
            .reversed()
            .thenComparing(e -> String.join("\0", e.getKey())));
    dropped.put(metric, Math.max(0, entries.size() - maxSeries));
    List<Map.Entry<List<String>, Tally>> kept =
        new ArrayList<>(entries.subList(0, Math.min(maxSeries, entries.size())));
    kept.sort(Comparator.comparing(e -> String.join("\0", e.getKey())));
    return kept;
  }

  private static UnknownSnapshot untyped(
      String name, String help, String[] labels, List<Map.Entry<List<String>, Tally>> series) {
    UnknownSnapshot.Builder builder = UnknownSnapshot.builder().name(name).help(help);
    for (Map.Entry<List<String>, Tally> e : series) {
      builder.dataPoint(K8spacketTls.count(labels, e.getKey(), e.getValue().count));
    }
    return builder.build();
  }

  private static GaugeSnapshot expiryGauge(List<Map.Entry<List<String>, Tally>> series) {
    GaugeSnapshot.Builder builder =
        GaugeSnapshot.builder().name(EXPIRY).help(K8spacketTls.EXPIRY_HELP);
    for (Map.Entry<List<String>, Tally> e : series) {
      builder.dataPoint(K8spacketTls.expiry(e.getKey(), e.getValue().value));
    }
    return builder.build();
  }

  private static GaugeSnapshot droppedGauge(Map<String, Integer> dropped) {
    GaugeSnapshot.Builder builder =
        GaugeSnapshot.builder()
            .name("tcpmap_tls_metric_series_dropped")
            .help("Label sets of the k8s_packet_tls_* metrics left out at the last scrape (cap)");
    dropped.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                builder.dataPoint(
                    GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("metric", e.getKey()))
                        .value(e.getValue())
                        .build()));
    return builder.build();
  }
}
