package dev.tcpmap.store;

import dev.tcpmap.core.aggregate.EdgeKey;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a range query: per edge, the sum of every bucket in the effective range.
 *
 * @param requested the range asked for
 * @param effective the range actually summed: the requested one widened to whole buckets at both
 *     ends ({@link #widened()} says whether it differs)
 * @param edges the sums, only edges with at least one bucket in range (unmodifiable)
 */
public record RangeSums(Window requested, Window effective, Map<EdgeKey, Counters> edges) {

  public RangeSums {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(effective, "effective");
    edges = Map.copyOf(edges);
  }

  /** Whether a partial bucket at either end was included whole. */
  public boolean widened() {
    return !requested.equals(effective);
  }
}
