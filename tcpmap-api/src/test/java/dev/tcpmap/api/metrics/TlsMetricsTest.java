package dev.tcpmap.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
  private static final Certificate LEAF =
      new Certificate(
          "CN=a.test", "CN=ca", List.of(), T0, Instant.parse("2027-01-01T00:00:00Z"), "1");

  @Test
  void collect_countsPerLabelSet_expiryOfTheNewestChain() throws IOException {
    List<TlsHandshake> handshakes =
        List.of(
            handshake("10.0.0.1", 1, "10.0.0.2", T0, true),
            handshake("10.0.0.1", 2, "10.0.0.2", T0.plusSeconds(1), true),
            handshake("2001:db8::1", 3, "10.0.0.2", T0.plusSeconds(2), false));

    String text = scrape(handshakes, 10);

    assertThat(text)
        .contains(
            "k8s_packet_tls_record{cipher_suite=\"TLS_AES_128_GCM_SHA256\",domain=\"a.test\","
                + "dst=\"10.0.0.2\",dst_name=\"10.0.0.2\",dst_port=\"443\",ns=\"\",src=\"10.0.0.1\","
                + "src_name=\"10.0.0.1\",tls_version=\"TLS 1.3\"} 2.0")
        .contains(
            "k8s_packet_tls_cert_expiry{domain=\"a.test\",dst=\"10.0.0.2\",dst_port=\"443\"}"
                + " 1.7987616E12")
        .contains(
            "k8s_packet_tls_cert_expiry_count{domain=\"a.test\",dst=\"10.0.0.2\",dst_port=\"443\"}"
                + " 2.0")
        .contains("src=\"2001:db8::1\"")
        .contains("tcpmap_tls_metric_series_dropped{metric=\"k8s_packet_tls_record\"} 0.0");
  }

  @Test
  void collect_overTheCap_keepsTheNewestAndCountsTheRest() throws IOException {
    List<TlsHandshake> handshakes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      handshakes.add(handshake("10.0.0." + (i + 1), 1, "10.0.0.9", T0.plusSeconds(i), false));
    }

    String text = scrape(handshakes, 2);

    assertThat(text).contains("src=\"10.0.0.5\"").contains("src=\"10.0.0.4\"");
    assertThat(text).doesNotContain("src=\"10.0.0.3\"");
    assertThat(text)
        .contains("tcpmap_tls_metric_series_dropped{metric=\"k8s_packet_tls_record\"} 3.0");
  }

  @Test
  void collect_noHandshakes_onlyTheDroppedGauge() throws IOException {
    String text = scrape(List.of(), 10);

    assertThat(text)
        .doesNotContain("# TYPE k8s_packet_tls")
        .contains("tcpmap_tls_metric_series_dropped");
  }

  private static String scrape(List<TlsHandshake> handshakes, int cap) throws IOException {
    Snapshot snapshot = new Snapshot(List.of(), Map.of(), T0, handshakes, List.of());
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new TlsMetrics(() -> snapshot, Resolver.IP_ONLY, cap));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static TlsHandshake handshake(
      String client, int port, String server, Instant at, boolean chain) {
    return TestHandshakes.tls13(
        IpAddress.parse(client),
        port,
        IpAddress.parse(server),
        443,
        at,
        at,
        "a.test",
        chain
            ? Optional.of(new CertificateChain(CertificateChain.Source.PROBED, List.of(LEAF)))
            : Optional.empty());
  }
}
