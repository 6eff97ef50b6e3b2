package dev.tcpmap.store;

import java.util.Objects;

/**
 * One edge's sums over a range, and the span of the buckets that held them.
 *
 * @param counters the sum of the edge's buckets in the range
 * @param firstMillis the start of the earliest of those buckets
 * @param lastMillis the end of the latest of those buckets
 */
public record EdgeSums(Counters counters, long firstMillis, long lastMillis) {

  public EdgeSums {
    Objects.requireNonNull(counters, "counters");
    if (lastMillis < firstMillis) {
      throw new IllegalArgumentException(
          "span ends before it starts: " + firstMillis + " > " + lastMillis);
    }
  }

  /** Both summed (see {@link Counters#plus}), over the span covering both. */
  public EdgeSums plus(EdgeSums other) {
    return new EdgeSums(
        counters.plus(other.counters),
        Math.min(firstMillis, other.firstMillis),
        Math.max(lastMillis, other.lastMillis));
  }
}
