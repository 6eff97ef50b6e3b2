package dev.tcpmap.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole buckets of the levels above the coarse width (10 min, 1 h) as a query read them from
 * SQLite, least recently used first out, at most {@code maxRows} rows (about 100 bytes each: the
 * edge id and the row's {@link CountersBlob}). A 24 h query over 5,000 edges reads 115,000 hourly
 * rows, a third of its time in SQLite; the next query over the same hours reads them here.
 *
 * <p><b>Consistency.</b> A query must see whole transactions. The writer commits and {@link
 * #invalidate}s the buckets it touched while holding this object's monitor; a query takes its
 * {@link #generation} and begins its read transaction under the same monitor, and {@link #put}
 * refuses what it read if any commit came after that. So every entry holds what the latest commit
 * holds, and a query never mixes a cached bucket older or newer than its own snapshot.
 *
 * <p>Not thread-safe beyond that: one reader (queries are serialized) and one writer.
 */
final class RowCache {

  /** One bucket's rows: edge ids and their blobs, in the same order. */
  record Rows(long[] edgeIds, byte[][] blobs) {}

  private final long maxRows;
  private final LinkedHashMap<Slot, Rows> buckets = new LinkedHashMap<>(64, 0.75f, true);
  private long rows;
  private long generation;

  RowCache(long maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("cache rows must not be negative: " + maxRows);
    }
    this.maxRows = maxRows;
  }

  boolean enabled() {
    return maxRows > 0;
  }

  /** Counts commits; read it under this monitor together with the start of a read transaction. */
  synchronized long generation() {
    return generation;
  }

  synchronized Rows get(Slot slot) {
    return buckets.get(slot);
  }

  /** Keeps {@code read} if no commit came since {@code readAt}; the least recently used go. */
  synchronized void put(Slot slot, Rows read, long readAt) {
    if (readAt != generation || read.edgeIds().length > maxRows) {
      return;
    }
    Rows old = buckets.put(slot, read);
    rows += read.edgeIds().length - (old == null ? 0 : old.edgeIds().length);
    Iterator<Map.Entry<Slot, Rows>> eldest = buckets.entrySet().iterator();
    while (rows > maxRows) {
      rows -= eldest.next().getValue().edgeIds().length;
      eldest.remove();
    }
  }

  /** After a commit that wrote these buckets: call holding this monitor since before the commit. */
  synchronized void invalidate(Collection<Slot> written) {
    generation++;
    for (Slot slot : written) {
      Rows old = buckets.remove(slot);
      if (old != null) {
        rows -= old.edgeIds().length;
      }
    }
  }

  /** After a commit that deleted or rebuilt rows (maintenance). */
  synchronized void clear() {
    generation++;
    buckets.clear();
    rows = 0;
  }

  synchronized long rows() {
    return rows;
  }
}
