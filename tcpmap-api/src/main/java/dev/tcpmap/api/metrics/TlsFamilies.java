package dev.tcpmap.api.metrics;

import static dev.tcpmap.api.metrics.K8spacketTls.EXPIRY;
import static dev.tcpmap.api.metrics.K8spacketTls.EXPIRY_COUNT;
import static dev.tcpmap.api.metrics.K8spacketTls.EXPIRY_LABELS;
import static dev.tcpmap.api.metrics.K8spacketTls.RECORD;
import static dev.tcpmap.api.metrics.K8spacketTls.RECORD_LABELS;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * k8spacket's TLS families as counters over the event stream, as k8spacket keeps them:
 *
 * <ul>
 *   <li>{@code k8s_packet_tls_record{ns, src, src_name, dst, dst_name, dst_port, domain,
 *       tls_version, cipher_suite}}: handshakes seen since start;
 *   <li>{@code k8s_packet_tls_cert_expiry{dst, dst_port, domain}}: the {@code notAfter} of the last
 *       chain seen or probed, unix milliseconds (k8spacket's unit);
 *   <li>{@code k8s_packet_tls_cert_expiry_count{dst, dst_port, domain}}: chains seen or probed
 *       since start. It grows at each one, so the certificate-expiry dashboard's {@code rate(...) >
 *       0} finds the servers in use.
 * </ul>
 *
 * Both counters keep k8spacket's names and are exposed {@code untyped}: client_java would add
 * {@code _total} to a counter's name, and k8spacket's queries use the bare names. Each family holds
 * at most {@code maxSeries} series and an {@code other} fold ({@link SeriesCap}). Written by the
 * event path's one writer; scraped from any thread.
 */
final class TlsFamilies implements MultiCollector {

  /** One certificate series: chains counted, the last one's notAfter (unix milliseconds). */
  private static final class Expiry {
    final AtomicLong count = new AtomicLong();
    volatile double notAfter;
  }

  private final MetricsSettings.Config config;
  private final Resolver names;
  private final Map<List<String>, AtomicLong> records = new ConcurrentHashMap<>();
  private final Map<List<String>, Expiry> expiries = new ConcurrentHashMap<>();
  private final SeriesCap recordCap;
  private final SeriesCap expiryCap;

  TlsFamilies(MetricsSettings.Config config, Resolver names, Counter folded) {
    this.config = config;
    this.names = names;
    // Versions and cipher suites are few; what names an end or a server is folded.
    recordCap = new SeriesCap(RECORD, config.maxSeries(), 1, folded, SeriesCap.otherBut(7, 8));
    expiryCap = new SeriesCap(EXPIRY, config.maxSeries(), 1, folded, SeriesCap.otherBut());
  }

  /** Counts a handshake, and its chain when it carried one (or a probe's cached one). */
  void handshake(TlsHandshake h) {
    if (config.tlsRecords()) {
      List<String> labels = K8spacketTls.recordLabels(h, names);
      records.computeIfAbsent(recordCap.admit(labels), k -> new AtomicLong()).incrementAndGet();
    }
    h.certificate().ifPresent(chain -> chain(h.server(), h.serverPort(), h.sni(), chain));
  }

  /** Counts a chain a probe fetched for {@code server:port} with {@code sni}. */
  void chain(IpAddress server, int port, String sni, CertificateChain chain) {
    if (!config.tlsExpiration()) {
      return;
    }
    List<String> labels = List.of(server.toString(), Integer.toString(port), sni);
    Expiry expiry = expiries.computeIfAbsent(expiryCap.admit(labels), k -> new Expiry());
    expiry.notAfter = K8spacketTls.notAfter(chain);
    expiry.count.incrementAndGet();
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> out = new ArrayList<>();
    if (config.tlsRecords()) {
      UnknownSnapshot.Builder b =
          UnknownSnapshot.builder().name(RECORD).help("TLS handshakes seen (k8spacket's counter)");
      sorted(records)
          .forEach(
              e -> b.dataPoint(K8spacketTls.count(RECORD_LABELS, e.getKey(), e.getValue().get())));
      out.add(b.build());
    }
    if (config.tlsExpiration()) {
      List<Map.Entry<List<String>, Expiry>> all = sorted(expiries);
      GaugeSnapshot.Builder gauge =
          GaugeSnapshot.builder().name(EXPIRY).help(K8spacketTls.EXPIRY_HELP);
      UnknownSnapshot.Builder count =
          UnknownSnapshot.builder()
              .name(EXPIRY_COUNT)
              .help("Server certificate chains seen or probed (k8spacket's counter)");
      for (Map.Entry<List<String>, Expiry> e : all) {
        gauge.dataPoint(K8spacketTls.expiry(e.getKey(), e.getValue().notAfter));
        count.dataPoint(K8spacketTls.count(EXPIRY_LABELS, e.getKey(), e.getValue().count.get()));
      }
      out.add(gauge.build());
      out.add(count.build());
    }
    return new MetricSnapshots(out);
  }

  private static <V> List<Map.Entry<List<String>, V>> sorted(Map<List<String>, V> map) {
    List<Map.Entry<List<String>, V>> entries = new ArrayList<>(map.entrySet());
    entries.sort(Comparator.comparing(e -> String.join("\0", e.getKey())));
    return entries;
  }
}
