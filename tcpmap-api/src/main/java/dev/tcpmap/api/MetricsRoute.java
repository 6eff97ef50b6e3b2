package dev.tcpmap.api;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: the registry in Prometheus' text format 0.0.4, which every Prometheus
 * scrapes (k8spacket serves the same). No created timestamps: they double the series and the text
 * format has no place for them.
 */
final class MetricsRoute {
  private static final PrometheusTextFormatWriter WRITER =
      PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();

  private MetricsRoute() {}

  static void register(Router router, PrometheusRegistry registry) {
    router.get("/metrics", params -> Answer.text(WRITER.getContentType(), text(registry)));
  }

  private static byte[] text(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      WRITER.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
    }
    return out.toByteArray();
  }
}
