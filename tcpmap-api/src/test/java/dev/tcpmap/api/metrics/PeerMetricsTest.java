package dev.tcpmap.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PeerMetrics metrics = new PeerMetrics(registry);

  private String text() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.builder().build().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void request_countsByPeerAndResult() throws IOException {
    metrics.request("agent-b", PeerMetrics.Result.OK);
    metrics.request("agent-b", PeerMetrics.Result.OK);
    metrics.request("agent-c", PeerMetrics.Result.TIMEOUT);

    assertThat(text())
        .contains("tcpmap_peer_requests_total{peer=\"agent-b\",result=\"ok\"} 2.0")
        .contains("tcpmap_peer_requests_total{peer=\"agent-c\",result=\"timeout\"} 1.0");
  }

  @Test
  void fanOut_setsUpAndMissing() throws IOException {
    metrics.fanOut(List.of("agent-a", "agent-b", "agent-c"), List.of("agent-c"));

    assertThat(text())
        .contains("tcpmap_peer_up{peer=\"agent-a\"} 1.0")
        .contains("tcpmap_peer_up{peer=\"agent-c\"} 0.0")
        .contains("tcpmap_peers_missing 1.0");
  }

  @Test
  void fanOut_peerGone_losesItsSeries() throws IOException {
    metrics.request("agent-old", PeerMetrics.Result.REFUSED);
    metrics.fanOut(List.of("agent-a", "agent-old"), List.of("agent-old"));

    metrics.fanOut(List.of("agent-a"), List.of());

    assertThat(text()).doesNotContain("agent-old").contains("tcpmap_peers_missing 0.0");
  }
}
