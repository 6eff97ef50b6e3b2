package dev.tcpmap.api.metrics.remote;

import dev.tcpmap.api.metrics.remote.WriteRequests.Series;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape's snapshots as the series a Prometheus scraping the text format would store: the same
 * names ({@code _total} on counters, {@code _count}, {@code _sum} and {@code _bucket{le}} on
 * summaries and histograms, {@code _info}), the same label values ({@code le="5.0"}), plus the
 * external labels. A label of the metric wins over an external label of the same name, as in
 * Prometheus.
 */
public final class SnapshotSeries {
  private SnapshotSeries() {}

  /** Every sample of {@code snapshots} at {@code timestampMillis}. */
  public static List<Series> of(
      MetricSnapshots snapshots, Map<String, String> externalLabels, long timestampMillis) {
    List<Series> out = new ArrayList<>();
    for (MetricSnapshot snapshot : snapshots) {
      String name = snapshot.getMetadata().getPrometheusName();
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        Emitter emit = new Emitter(out, externalLabels, point.getLabels(), timestampMillis);
        switch (snapshot) {
          case CounterSnapshot c ->
              emit.sample(
                  name + "_total", ((CounterSnapshot.CounterDataPointSnapshot) point).getValue());
          case GaugeSnapshot g ->
              emit.sample(name, ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
          case UnknownSnapshot u ->
              emit.sample(name, ((UnknownSnapshot.UnknownDataPointSnapshot) point).getValue());
          case SummarySnapshot s ->
              summary(emit, name, (SummarySnapshot.SummaryDataPointSnapshot) point);
          case HistogramSnapshot h ->
              histogram(emit, name, (HistogramSnapshot.HistogramDataPointSnapshot) point);
          case InfoSnapshot i -> emit.sample(name + "_info", 1);
          case StateSetSnapshot s ->
              stateSet(emit, name, (StateSetSnapshot.StateSetDataPointSnapshot) point);
          default -> throw new IllegalStateException("no remote-write form for " + snapshot);
        }
      }
    }
    return out;
  }

  private static void summary(
      Emitter emit, String name, SummarySnapshot.SummaryDataPointSnapshot point) {
    for (Quantile q : point.getQuantiles()) {
      emit.sample(name, "quantile", Double.toString(q.getQuantile()), q.getValue());
    }
    if (point.hasCount()) {
      emit.sample(name + "_count", point.getCount());
    }
    if (point.hasSum()) {
      emit.sample(name + "_sum", point.getSum());
    }
  }

  private static void histogram(
      Emitter emit, String name, HistogramSnapshot.HistogramDataPointSnapshot point) {
    long cumulative = 0;
    for (ClassicHistogramBucket bucket : point.getClassicBuckets()) {
      cumulative += bucket.getCount();
      String le =
          bucket.getUpperBound() == Double.POSITIVE_INFINITY
              ? "+Inf"
              : Double.toString(bucket.getUpperBound());
      emit.sample(name + "_bucket", "le", le, cumulative);
    }
    emit.sample(name + "_count", point.getCount());
    if (point.hasSum()) {
      emit.sample(name + "_sum", point.getSum());
    }
  }

  private static void stateSet(
      Emitter emit, String name, StateSetSnapshot.StateSetDataPointSnapshot point) {
    for (int i = 0; i < point.size(); i++) {
      emit.sample(name, name, point.getName(i), point.isTrue(i) ? 1 : 0);
    }
  }

  /** Writes the samples of one data point: its labels, the external ones, the name. */
  private record Emitter(
      List<Series> out, Map<String, String> external, Labels labels, long timestampMillis) {

    void sample(String name, double value) {
      sample(name, null, null, value);
    }

    void sample(String name, String extraName, String extraValue, double value) {
      TreeMap<String, String> all = new TreeMap<>(external);
      for (Label label : labels) {
        all.put(label.getName(), label.getValue());
      }
      if (extraName != null) {
        all.put(extraName, extraValue);
      }
      all.put("__name__", name);
      List<String> flat = new ArrayList<>(all.size() * 2);
      all.forEach(
          (k, v) -> {
            flat.add(k);
            flat.add(v);
          });
      out.add(new Series(flat, value, timestampMillis));
    }
  }
}
