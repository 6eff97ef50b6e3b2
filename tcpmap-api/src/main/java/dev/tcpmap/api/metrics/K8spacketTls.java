package dev.tcpmap.api.metrics;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.EndpointNames;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.List;

/**
 * k8spacket's TLS families, their names and labels, written once for the agent's counters ({@link
 * TlsFamilies}) and a served capture's totals ({@link TlsMetrics}).
 */
final class K8spacketTls {
  static final String RECORD = "k8s_packet_tls_record";
  static final String EXPIRY = "k8s_packet_tls_cert_expiry";
  static final String EXPIRY_COUNT = "k8s_packet_tls_cert_expiry_count";
  static final String[] RECORD_LABELS = {
    "ns", "src", "src_name", "dst", "dst_name", "dst_port", "domain", "tls_version", "cipher_suite"
  };
  static final String[] EXPIRY_LABELS = {"dst", "dst_port", "domain"};

  /** The expiry gauge's help text, one for the agent and a served capture. */
  static final String EXPIRY_HELP =
      "NotAfter of the server's certificate (the newest chain seen), unix milliseconds";

  private K8spacketTls() {}

  /** {@code chain}'s leaf's notAfter as the expiry gauge holds it: unix milliseconds. */
  static double notAfter(CertificateChain chain) {
    return chain.leaf().notAfter().toEpochMilli();
  }

  /**
   * The {@link #RECORD_LABELS} values of a handshake: its ends named by {@code names} as they were
   * at the connection's start ({@code ns} the client's namespace, names as k8spacket shows them).
   */
  static List<String> recordLabels(TlsHandshake h, Resolver names) {
    Endpoint src = names.resolve(h.client(), h.connectionStart());
    Endpoint dst = names.resolve(h.server(), h.connectionStart());
    return List.of(
        src.namespace(),
        h.client().toString(),
        EndpointNames.title(src),
        h.server().toString(),
        EndpointNames.title(dst),
        Integer.toString(h.serverPort()),
        h.sni(),
        h.version(),
        h.cipherSuite());
  }

  /** A point of an untyped family (k8spacket's counters keep their names: no {@code _total}). */
  static UnknownSnapshot.UnknownDataPointSnapshot count(
      String[] names, List<String> values, double value) {
    return UnknownSnapshot.UnknownDataPointSnapshot.builder()
        .labels(Labels.of(names, values.toArray(String[]::new)))
        .value(value)
        .build();
  }

  /**
   * A point of the expiry gauge: a certificate's notAfter in unix <em>milliseconds</em>, as
   * k8spacket sets it ({@code NotAfter.UnixMilli()}): its dashboards draw the value as a date
   * ({@code dateTimeAsIso}, {@code dateTimeFromNow}) and compare it with {@code time() * 1000}.
   */
  static GaugeSnapshot.GaugeDataPointSnapshot expiry(List<String> values, double notAfter) {
    return GaugeSnapshot.GaugeDataPointSnapshot.builder()
        .labels(Labels.of(EXPIRY_LABELS, values.toArray(String[]::new)))
        .value(notAfter)
        .build();
  }
}
