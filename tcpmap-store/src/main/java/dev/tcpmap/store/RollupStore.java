package dev.tcpmap.store;

import java.util.Collection;

/**
 * Rollups of edges in fixed time buckets, summed on write and on read.
 *
 * <p><b>Buckets.</b> A rollup is written into the bucket {@code [start, start + width)} of the
 * configured {@link StoreConfig#bucketWidth()} that contains its time, {@code start = floor(t /
 * width) * width}. Writing the same bucket and edge again adds to it.
 *
 * <p><b>Ranges.</b> {@link #query} answers {@code [from, to)} with the per-edge sums of every
 * bucket that overlaps it. A bucket is never split: a partial bucket at either end is included
 * whole and the answer's effective range says so. Where the range reaches into downsampled time
 * (older than the boundary of the last {@link #maintain}), that end is widened to the coarse width
 * instead:
 *
 * <pre>
 *          coarse (1 min)        |     fine (10 s)
 *   ...|-----------|-----------|-+-|--|--|--|--|--|...
 *             [from ..................... to)
 *         [effective.from .........................)   from floored to 1 min, to raised to 10 s
 * </pre>
 *
 * A range spanning both resolutions is answered with the coarse buckets before the boundary and the
 * fine ones after it; the two never overlap, so the sum is exact.
 *
 * <p><b>Threading.</b> Every method may be called from any thread; writes and maintenance are
 * serialized, queries may run beside them and see whole transactions only.
 *
 * <p><b>Failure.</b> Storage failures are a {@link StoreException} with a {@link
 * StoreException.Kind}; a failed {@link #write} has written nothing of its batch. Invalid input is
 * an {@link IllegalArgumentException}, checked before anything is written.
 */
public interface RollupStore extends AutoCloseable {

  /** Adds every rollup into its bucket, all or nothing (one transaction). */
  void write(Collection<Rollup> batch);

  /**
   * The per-edge sums of all buckets overlapping {@code [fromMillis, toMillis)}; an empty range
   * ({@code from == to}) is answered with no edges and its effective range unchanged.
   *
   * @throws IllegalArgumentException when {@code to < from} or {@code from < 0}
   */
  RangeSums query(long fromMillis, long toMillis);

  /**
   * Drops the buckets that ended at or before {@code now - retention}, then folds the fine buckets
   * older than {@code now - downsampleAfter} (floored to the coarse width) into coarse buckets, in
   * one transaction. Meant to run once in a while (every coarse bucket, say); a later {@code now}
   * never undoes an earlier one.
   */
  MaintainResult maintain(long nowMillis);

  /** Rows, endpoints and bytes on disk. May scan the store: for status pages, not per request. */
  StoreStats stats();

  /** Releases files and connections; further calls fail. */
  @Override
  void close();
}
