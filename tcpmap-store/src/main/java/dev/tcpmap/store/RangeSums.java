package dev.tcpmap.store;

import dev.tcpmap.core.model.EdgeKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a range query: per edge and side, the sum of every bucket in the effective range.
 *
 * @param requested the range asked for
 * @param effective the range actually summed: the requested one widened to whole buckets at both
 *     ends ({@link #widened()} says whether it differs)
 * @param sided the sums, only edges with at least one bucket in range (unmodifiable)
 */
public record RangeSums(Window requested, Window effective, Map<StoredEdge, EdgeSums> sided) {

  public RangeSums {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(effective, "effective");
    sided = Map.copyOf(sided);
  }

  /** Whether a partial bucket at either end was included whole. */
  public boolean widened() {
    return !requested.equals(effective);
  }

  /** The counters per edge, both sides summed. */
  public Map<EdgeKey, Counters> edges() {
    Map<EdgeKey, Counters> out = new HashMap<>();
    sided.forEach((edge, sums) -> out.merge(edge.key(), sums.counters(), Counters::plus));
    return out;
  }
}
