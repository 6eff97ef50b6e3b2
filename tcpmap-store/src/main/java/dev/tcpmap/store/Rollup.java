package dev.tcpmap.store;

import dev.tcpmap.core.aggregate.EdgeKey;
import java.util.Objects;

/**
 * What one edge did in the bucket that contains {@code atMillis}: the store floors the time to its
 * bucket (see {@link StoreConfig}), so any instant of the bucket may be given.
 *
 * @param atMillis an instant in the bucket, epoch milliseconds
 * @param edge who connected to whom on which server port
 * @param counters what happened
 */
public record Rollup(long atMillis, EdgeKey edge, Counters counters) {

  public Rollup {
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(counters, "counters");
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis before the epoch: " + atMillis);
    }
  }
}
