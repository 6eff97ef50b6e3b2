package dev.tcpmap.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Bucket arithmetic shared by the stores, so that both answer alike. */
final class Buckets {

  private Buckets() {}

  /**
   * The batch summed per fine bucket and edge, before anything is stored: a batch of 400,000
   * rollups for 5,000 edges becomes 5,000 rows, and an overflow fails the batch, not half of it.
   */
  static Map<Slot, Map<StoredEdge, Counters>> merge(Collection<Rollup> batch, long width) {
    Map<Slot, Map<StoredEdge, Counters>> out = new TreeMap<>();
    for (Rollup r : batch) {
      Slot slot = new Slot(StoreConfig.floor(r.atMillis(), width), width);
      out.computeIfAbsent(slot, s -> new HashMap<>())
          .merge(r.stored(), r.counters(), Counters::plus);
    }
    return out;
  }

  /**
   * The range a query sums: {@code from} floored and {@code to} raised to whole buckets, of the
   * coarse width below {@code coarseBefore} (where maintain has downsampled) and of the fine width
   * from it on. {@code coarseBefore} is a multiple of the coarse width, so both widths agree on it.
   */
  static Window effective(Window requested, StoreConfig config, long coarseBefore) {
    if (requested.isEmpty()) {
      return requested;
    }
    long from = requested.fromMillis();
    long to = requested.toMillis();
    long fromWidth = from < coarseBefore ? config.coarseMillis() : config.fineMillis();
    long toWidth = to <= coarseBefore ? config.coarseMillis() : config.fineMillis();
    return new Window(StoreConfig.floor(from, fromWidth), StoreConfig.ceil(to, toWidth));
  }

  static Window checked(long fromMillis, long toMillis) {
    if (fromMillis < 0) {
      throw new IllegalArgumentException("from before the epoch: " + fromMillis);
    }
    return new Window(fromMillis, toMillis);
  }
}
