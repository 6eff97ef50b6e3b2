package dev.tcpmap.api.metrics.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.api.metrics.remote.WriteRequests.Series;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SnapshotSeriesTest {

  /**
   * The series remote write sends are those a scrape of the text format stores: same names, same
   * labels (le values as written), same values.
   */
  @Test
  void of_everyKind_sameSeriesAsTheTextFormat() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("c_total").labelNames("a").register(registry).labelValues("x").inc(3);
    Gauge.builder().name("g").register(registry).set(-2.5);
    Summary.builder().name("s").labelNames("a").register(registry).labelValues("y").observe(7);
    Histogram h =
        Histogram.builder()
            .name("h_seconds")
            .classicUpperBounds(0.0001, 0.5, 5)
            .classicOnly()
            .register(registry);
    h.observe(0.3);
    h.observe(2);
    h.observe(60);

    List<Series> series = SnapshotSeries.of(registry.scrape(), Map.of(), 1000);

    assertThat(new TreeSet<>(lines(series))).isEqualTo(new TreeSet<>(textLines(registry)));
  }

  @Test
  void of_externalLabels_addedButTheMetricsOwnWin() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("g").labelNames("node").register(registry).labelValues("own").set(1);
    Gauge.builder().name("h").register(registry).set(1);

    List<Series> series =
        SnapshotSeries.of(registry.scrape(), Map.of("node", "n1", "cluster", "c1"), 5);

    assertThat(series)
        .extracting(Series::labels)
        .containsExactlyInAnyOrder(
            List.of("__name__", "g", "cluster", "c1", "node", "own"),
            List.of("__name__", "h", "cluster", "c1", "node", "n1"));
    assertThat(series).extracting(Series::timestampMillis).containsOnly(5L);
  }

  private static List<String> lines(List<Series> series) {
    List<String> out = new ArrayList<>();
    for (Series s : series) {
      String name = "";
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < s.labels().size(); i += 2) {
        if (s.labels().get(i).equals("__name__")) {
          name = s.labels().get(i + 1);
        } else {
          labels.add(s.labels().get(i) + "=\"" + s.labels().get(i + 1) + "\"");
        }
      }
      out.add(
          name + (labels.isEmpty() ? "" : "{" + String.join(",", labels) + "}") + " " + s.value());
    }
    return out;
  }

  /** The text format's samples, values parsed, labels sorted by name. */
  private static List<String> textLines(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.builder()
        .setIncludeCreatedTimestamps(false)
        .build()
        .write(text, registry.scrape());
    List<String> out = new ArrayList<>();
    for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      double value = Double.parseDouble(line.substring(space + 1));
      int brace = series.indexOf('{');
      if (brace < 0) {
        out.add(series + " " + value);
        continue;
      }
      TreeSet<String> labels =
          new TreeSet<>(List.of(series.substring(brace + 1, series.length() - 1).split(",")));
      out.add(series.substring(0, brace) + "{" + String.join(",", labels) + "} " + value);
    }
    return out;
  }
}
