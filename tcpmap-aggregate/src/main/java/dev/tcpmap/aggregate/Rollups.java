package dev.tcpmap.aggregate;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.StoreConfig;
import dev.tcpmap.store.StoredEdge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The history's side of the aggregator: each connection's contributions per bucket ({@link
 * Counters}), held with the connection until their bucket is handed over, as the table of {@link
 * Counters} says: {@code opened} in the bucket of the start, bytes in the bucket in which a
 * progress (or the close) reported them, the outcome, persistence and duration in the bucket of the
 * end.
 *
 * <pre>
 *   bucket:   |  b0   |  b1   |  b2   |  b3   |
 *   events:    opened   progress      progress  closed
 *               (0,0)   (100,5)       (400,9)   (450,9)
 *   rollups:   opened 1  +100/+5        +300/+4  +50/+0, closed 1, duration
 * </pre>
 *
 * <p><b>What is not attributed.</b> Bytes that flowed before the agent watched are in no bucket: a
 * connection that predates the agent ({@code startSeen} false), or one first seen by a progress
 * (its opening lost), gets a baseline at its first byte report, and only the increase over it is
 * counted ({@code history/baseline}). A report below what was already attributed adds nothing in
 * that direction ({@code history/backwards-progress}). A time before the epoch or a sum past {@code
 * long} is left out ({@code history/out-of-range}).
 *
 * <p><b>Names.</b> A contribution is held with its connection until its bucket is handed over (or
 * the connection ends), so that it is counted under the connection's edge as best known then: a
 * connection's first event may not name both ends yet (the other end's process comes with a later
 * record).
 *
 * <p><b>Memory.</b> Pending rollups are at most (buckets not yet drained) × (edges active in them):
 * with {@link #drain} every second, about {@code 2 + grace / width} buckets.
 */
final class Rollups {
  /** Loss source of what the history did not attribute. */
  static final String LOSS_SOURCE = "history";

  static final String BASELINE = "baseline",
      BACKWARDS = "backwards-progress",
      OUT_OF_RANGE = "out-of-range";

  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private final long width;
  private final long graceMillis;
  private final long persistentNanos;
  private final Consumer<String> lose;
  private final Set<Open> dirty = new HashSet<>();
  private final NavigableMap<Long, Map<StoredEdge, Counters>> pending = new TreeMap<>();

  /**
   * @param lose counts one loss by its {@code history/<reason>} token
   */
  Rollups(StoreConfig config, Duration grace, Duration persistent, Consumer<String> lose) {
    if (grace.isNegative() || persistent.isNegative()) {
      throw new IllegalArgumentException(
          "persistent threshold and grace must not be negative: " + persistent + ", " + grace);
    }
    this.width = config.fineMillis();
    this.graceMillis = grace.toMillis();
    this.persistentNanos = persistent.toNanos();
    this.lose = lose;
  }

  /** A connection seen opening: its {@code opened} count in the bucket of its start. */
  void opened(Open t) {
    if (t.startSeen) {
      hold(t, t.key.start(), Counters.opened(1));
    }
  }

  /** The increase over what was attributed, into the bucket of {@code at}; never negative. */
  void attribute(Open t, Instant at, long sent, long received) {
    if (t.baselinePending) {
      t.baselinePending = false;
      t.attributedSent = sent;
      t.attributedReceived = received;
      lose(BASELINE);
      // Nothing to count, but the edge is there: a row of zeros shows it in this bucket.
      hold(t, at, Counters.ZERO);
      return;
    }
    if (sent < t.attributedSent || received < t.attributedReceived) {
      lose(BACKWARDS);
    }
    long dSent = Math.max(0, sent - t.attributedSent);
    long dReceived = Math.max(0, received - t.attributedReceived);
    t.attributedSent = Math.max(sent, t.attributedSent);
    t.attributedReceived = Math.max(received, t.attributedReceived);
    if (dSent > 0 || dReceived > 0) {
      hold(t, at, Counters.bytes(dSent, dReceived));
    }
  }

  /** The end of {@code c}, tracked as {@code t}: its bytes, its outcome, all handed over. */
  void closed(Open t, Connection c) {
    if (c.startSeen() && !t.openedCounted) {
      hold(t, c.start(), Counters.opened(1));
    }
    attribute(t, c.end(), c.bytesSent(), c.bytesReceived());
    Counters.End end = endOf(c.outcome());
    if (end != null) {
      // Saturated: Duration.toNanos fails past 292 years, which only a broken clock reports.
      long nanos = c.duration().compareTo(MAX_NANOS) > 0 ? Long.MAX_VALUE : c.duration().toNanos();
      hold(t, c.end(), Counters.ended(end, nanos, nanos >= persistentNanos));
    }
    flush(t, Long.MAX_VALUE);
    dirty.remove(t);
  }

  /** The end counted for an outcome; null for {@code open}: the connection has not ended. */
  private static Counters.End endOf(Outcome outcome) {
    return switch (outcome) {
      case CLOSED -> Counters.End.CLOSED;
      case RESET -> Counters.End.RESET;
      case REFUSED -> Counters.End.REFUSED;
      case TIMEOUT -> Counters.End.TIMEOUT;
      case UNKNOWN -> Counters.End.UNKNOWN;
      // The buckets have five ends; a connect that an ICMP error failed is a refused attempt
      // there (docs/storage.md), until the store has a column of its own for it.
      case UNREACHABLE -> Counters.End.REFUSED;
      case OPEN -> null;
    };
  }

  /**
   * Returns and forgets the rollups of every bucket that ended at or before {@code now - grace}, so
   * that the caller writes each bucket once, in one batch. An event that comes later for such a
   * bucket makes a new rollup for it, returned by a later drain (the store sums).
   */
  List<Rollup> drain(Instant now) {
    long boundary = StoreConfig.floor(now.toEpochMilli() - graceMillis, width);
    for (Iterator<Open> it = dirty.iterator(); it.hasNext(); ) {
      Open t = it.next();
      flush(t, boundary);
      if (t.unflushed.isEmpty()) {
        it.remove();
      }
    }
    NavigableMap<Long, Map<StoredEdge, Counters>> done = pending.headMap(boundary, false);
    List<Rollup> out = rollups(done);
    done.clear();
    return out;
  }

  /**
   * Returns and forgets every pending rollup, the bucket in flight included. The connections still
   * open keep their bytes so far in the buckets of their progress; they have not ended.
   */
  List<Rollup> finish() {
    dirty.forEach(t -> flush(t, Long.MAX_VALUE));
    dirty.clear();
    List<Rollup> out = rollups(pending);
    pending.clear();
    return out;
  }

  /** The rollups not yet drained, oldest bucket first (a copy). */
  List<Rollup> pending() {
    NavigableMap<Long, Map<StoredEdge, Counters>> all = new TreeMap<>();
    pending.forEach((bucket, edges) -> all.put(bucket, new HashMap<>(edges)));
    for (Open t : dirty) {
      t.unflushed.forEach(
          (bucket, c) ->
              all.computeIfAbsent(bucket, b -> new HashMap<>()).merge(t.edge, c, Counters::plus));
    }
    return rollups(all);
  }

  private static List<Rollup> rollups(NavigableMap<Long, Map<StoredEdge, Counters>> buckets) {
    List<Rollup> out = new ArrayList<>();
    buckets.forEach(
        (start, edges) ->
            edges.forEach((edge, c) -> out.add(new Rollup(start, edge.key(), edge.side(), c))));
    return out;
  }

  /**
   * Holds a contribution with its connection until its bucket is drained or the connection ends. A
   * time before the epoch, or a sum past {@code long} (a broken clock or counter, never real
   * traffic), is counted as {@value #OUT_OF_RANGE} and left out, so that one bad event cannot fail
   * a whole batch.
   */
  private void hold(Open t, Instant at, Counters counters) {
    if (at.isBefore(Instant.EPOCH)) {
      lose(OUT_OF_RANGE);
      return;
    }
    try {
      long bucket = StoreConfig.floor(at.toEpochMilli(), width);
      t.unflushed.put(bucket, t.unflushed.getOrDefault(bucket, Counters.ZERO).plus(counters));
      dirty.add(t);
    } catch (ArithmeticException e) {
      lose(OUT_OF_RANGE);
    }
  }

  /**
   * Hands the connection's contributions to buckets before {@code boundary} to the pending ones.
   */
  private void flush(Open t, long boundary) {
    NavigableMap<Long, Counters> due = t.unflushed.headMap(boundary, false);
    due.forEach((bucket, c) -> add(bucket, t.edge, c));
    due.clear();
  }

  private void add(long bucket, StoredEdge edge, Counters counters) {
    try {
      Map<StoredEdge, Counters> edges = pending.computeIfAbsent(bucket, b -> new HashMap<>());
      edges.put(edge, edges.getOrDefault(edge, Counters.ZERO).plus(counters));
    } catch (ArithmeticException e) {
      lose(OUT_OF_RANGE);
    }
  }

  private void lose(String reason) {
    lose.accept(LOSS_SOURCE + "/" + reason);
  }
}
