package dev.tcpmap.api.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The bound on one family's series: label sets are kept as they come until their series (each label
 * set makes {@code seriesPerLabelSet}: 1 for a counter, 2 for a summary's {@code _count} and {@code
 * _sum}, a histogram's buckets and both) would pass {@code maxSeries}; any later one is folded by
 * the family's rule into a label set of {@code other} values, and each fold is counted in {@code
 * tcpmap_metric_series_folded_total{family}}. A family so holds at most {@code maxSeries} series
 * and its fold's, whatever the traffic (a scan, a flood of distinct peers).
 *
 * <p>Label sets are never forgotten: counters are totals since start, and a series that vanished
 * and came back would read to Prometheus as a reset. Not thread-safe: the event path's one writer
 * admits.
 */
final class SeriesCap {
  /** The value a folded label takes. */
  static final String OTHER = "other";

  private final String family;
  private final int maxLabelSets;
  private final Counter folded;
  private final UnaryOperator<List<String>> fold;
  private final Set<List<String>> kept = new HashSet<>();

  /**
   * @param fold turns a label set into its fold (the values that make series distinct become {@link
   *     #OTHER}; bounded ones such as an outcome may stay)
   */
  SeriesCap(
      String family,
      int maxSeries,
      int seriesPerLabelSet,
      Counter folded,
      UnaryOperator<List<String>> fold) {
    if (maxSeries < 1 || seriesPerLabelSet < 1) {
      throw new IllegalArgumentException(
          "maxSeries and seriesPerLabelSet must be positive: "
              + maxSeries
              + ", "
              + seriesPerLabelSet);
    }
    this.family = family;
    this.maxLabelSets = Math.max(1, maxSeries / seriesPerLabelSet);
    this.folded = folded;
    this.fold = fold;
  }

  /** The label values to record {@code labels} under: themselves, or their fold (counted). */
  List<String> admit(List<String> labels) {
    if (kept.contains(labels)) {
      return labels;
    }
    if (kept.size() < maxLabelSets) {
      kept.add(List.copyOf(labels));
      return labels;
    }
    folded.labelValues(family).inc();
    return fold.apply(labels);
  }

  /** The fold that makes every label {@link #OTHER} but those at the indexes {@code kept}. */
  static UnaryOperator<List<String>> otherBut(int... kept) {
    return labels -> {
      String[] out = new String[labels.size()];
      Arrays.fill(out, OTHER);
      for (int i : kept) {
        out[i] = labels.get(i);
      }
      return List.of(out);
    };
  }

  /** Label sets kept as they are. */
  int size() {
    return kept.size();
  }

  /** The counter every family's folds go to. */
  static Counter foldCounter() {
    return Counter.builder()
        .name("tcpmap_metric_series_folded_total")
        .help(
            "Observations recorded under an 'other' series because their family reached"
                + " metrics.max-series label sets")
        .labelNames("family")
        .withoutExemplars()
        .build();
  }
}
