package dev.tcpmap.store;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Side;

/**
 * What one edge did in the bucket that contains {@code atMillis}: the store floors the time to its
 * bucket (see {@link StoreConfig}), so any instant of the bucket may be given.
 *
 * @param atMillis an instant in the bucket, epoch milliseconds
 * @param edge who connected to whom on which server port
 * @param side the end of the connections observed: {@link Side#SERVER} when only the server's
 *     socket was on this host
 * @param counters what happened
 */
public record Rollup(long atMillis, EdgeKey edge, Side side, Counters counters) {

  public Rollup {
    Checks.nonNull("edge side counters", edge, side, counters);
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis before the epoch: " + atMillis);
    }
  }

  /** A rollup observed from the client's side (or from packets, which have no sides). */
  public Rollup(long atMillis, EdgeKey edge, Counters counters) {
    this(atMillis, edge, Side.CLIENT, counters);
  }

  StoredEdge stored() {
    return new StoredEdge(edge, side);
  }
}
