package dev.tcpmap.kubernetes.index;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The closed tenures of every {@link History} of an index, oldest first, so that they can be
 * forgotten when their grace period ends or when there are more than {@code max} of them.
 *
 * <p>A tombstone is kept at least {@code grace} after it was closed (when the purge runs later, a
 * little longer), unless the bound pushes it out first; those are counted in {@link #dropped()}.
 * Not thread-safe: the index calls it under its write lock.
 */
final class Tombstones {

  private record Entry(History<?> history, Object key, long seq, long closedAt) {}

  private final long graceNanos;
  private final int max;
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private long dropped;

  Tombstones(Duration grace, int max) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("tombstone grace is negative: " + grace);
    }
    if (max < 0) {
      throw new IllegalArgumentException("max tombstones is negative: " + max);
    }
    this.graceNanos = saturatedNanos(grace);
    this.max = max;
  }

  <K> void add(History<K> history, K key, Tenure closed) {
    queue.addLast(new Entry(history, key, closed.seq(), closed.until()));
    while (queue.size() > max) {
      forget(queue.pollFirst());
      dropped++;
    }
  }

  /** Forgets the tombstones closed at least the grace period before {@code now}. */
  void purge(long now) {
    while (!queue.isEmpty() && now - queue.peekFirst().closedAt() >= graceNanos) {
      forget(queue.pollFirst());
    }
  }

  int size() {
    return queue.size();
  }

  /** How many tombstones were forgotten before their grace period ended, to respect the bound. */
  long dropped() {
    return dropped;
  }

  @SuppressWarnings("unchecked")
  private static void forget(Entry entry) {
    ((History<Object>) entry.history()).forget(entry.key(), entry.seq());
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
