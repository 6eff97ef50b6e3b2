package dev.tcpmap.aggregate;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.core.model.SocketDetails;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a source's events into {@link Rollup}s per bucket and edge, as the table of {@link
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
 * <p>Opened, progress and close of one connection are matched by 4-tuple and start (a source gives
 * all three the same start). The edge is resolved once, when the connection is first seen, with the
 * time of its start: a name that changes later does not move the connection's counts.
 *
 * <p><b>What is not attributed.</b> Bytes that flowed before the agent watched are in no bucket: a
 * connection that predates the agent ({@code startSeen} false) gets a baseline at its first byte
 * report (its first progress, or its close), and only the increase over it is counted. The same
 * holds for a connection first seen by a progress (its opening lost). History counts what flowed
 * while watched; the connection record keeps its totals. A report below what was already attributed
 * adds nothing, in that direction, and is counted. Both are counted in {@link #losses()}, as is a
 * connection that found the table full.
 *
 * <p><b>Memory.</b> At most {@code maxTracked} open connections are tracked; a new one beyond it is
 * not (counted as {@code history/connection-table-full}), and its close, like a close never
 * preceded by an opening (a capture file reports closed connections only), puts all of its bytes in
 * the bucket of its end. Pending rollups are at most (buckets not yet drained) × (edges active in
 * them): with {@link #drain} every bucket width, about {@code 2 + grace / width} buckets.
 *
 * <p><b>Threading.</b> One writer (the agent's poll thread); not thread-safe.
 */
public final class RollupBuilder implements EventSink {

  /** Loss source of what the history did not attribute. */
  public static final String LOSS_SOURCE = "history";

  /** Loss reasons, under {@link #LOSS_SOURCE}. */
  public static final String TABLE_FULL = "connection-table-full",
      BASELINE = "baseline",
      BACKWARDS = "backwards-progress",
      OUT_OF_RANGE = "out-of-range";

  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private record Key(
      IpAddress client, int clientPort, IpAddress server, int serverPort, Instant start) {

    static Key of(Connection c) {
      return new Key(c.client(), c.clientPort(), c.server(), c.serverPort(), c.start());
    }
  }

  /**
   * A tracked connection: its edge as best known now, the bytes attributed so far (or the
   * baseline), and its contributions not yet handed to a bucket of {@code pending}.
   */
  private static final class Tracked {
    StoredEdge edge;
    final TreeMap<Long, Counters> unflushed = new TreeMap<>();
    boolean openedCounted;
    boolean baselinePending;
    long sent;
    long received;

    Tracked(StoredEdge edge, boolean openedCounted, boolean baselinePending) {
      this.edge = edge;
      this.openedCounted = openedCounted;
      this.baselinePending = baselinePending;
    }
  }

  private final long width;
  private final Resolver resolver;
  private final long persistentNanos;
  private final long graceMillis;
  private final int maxTracked;
  private final Map<Key, Tracked> tracked = new HashMap<>();
  private final Set<Tracked> dirty = new HashSet<>();
  private final NavigableMap<Long, Map<StoredEdge, Counters>> pending = new TreeMap<>();
  private final TreeMap<String, Long> losses = new TreeMap<>();

  /**
   * @param config gives the bucket width; the store floors the rollups to it
   * @param resolver names both ends at the connection's start
   * @param persistent an ended connection that lasted at least this is counted persistent
   * @param grace how long after its end a bucket is kept open for late events (e.g. 2 s)
   * @param maxTracked most open connections tracked at once
   */
  public RollupBuilder(
      StoreConfig config, Resolver resolver, Duration persistent, Duration grace, int maxTracked) {
    this.width = config.fineMillis();
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    if (persistent.isNegative() || grace.isNegative()) {
      throw new IllegalArgumentException(
          "persistent threshold and grace must not be negative: " + persistent + ", " + grace);
    }
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be positive: " + maxTracked);
    }
    this.persistentNanos = persistent.toNanos();
    this.graceMillis = grace.toMillis();
    this.maxTracked = maxTracked;
  }

  /** Adds one event; losses reported by sources are the agent's to count, not the history's. */
  @Override
  public void accept(Event event) {
    switch (event) {
      case ConnectionOpened o -> opened(o);
      case ConnectionProgress p -> progress(p);
      case ConnectionClosed c -> closed(c.connection());
      case EventsLost l -> {}
    }
  }

  private void opened(ConnectionOpened o) {
    Connection c =
        atStart(o.client(), o.clientPort(), o.server(), o.serverPort(), o.start(), o.details());
    Key key = Key.of(c);
    if (tracked.containsKey(key) || !roomFor()) {
      return;
    }
    Tracked t = new Tracked(edgeOf(c), o.startSeen(), !o.startSeen());
    tracked.put(key, t);
    if (o.startSeen()) {
      hold(t, o.start(), Counters.opened(1));
    }
  }

  private void progress(ConnectionProgress p) {
    Connection c =
        atStart(p.client(), p.clientPort(), p.server(), p.serverPort(), p.start(), p.details());
    Key key = Key.of(c);
    Tracked t = tracked.get(key);
    if (t == null) {
      if (!roomFor()) {
        return;
      }
      // Its opening was lost: whether it predates the agent is unknown, so it is baselined.
      t = new Tracked(edgeOf(c), false, true);
      tracked.put(key, t);
    } else {
      t.edge = edgeOf(c); // the details may name more now (the other end's process)
    }
    attribute(t, p.at(), p.bytesSent(), p.bytesReceived());
  }

  private void closed(Connection c) {
    Tracked t = tracked.remove(Key.of(c));
    if (t == null) {
      t = new Tracked(edgeOf(c), false, false);
    } else {
      t.edge = edgeOf(c);
    }
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

  /** The increase over what was attributed, into the bucket of {@code at}; never negative. */
  private void attribute(Tracked t, Instant at, long sent, long received) {
    if (t.baselinePending) {
      t.baselinePending = false;
      t.sent = sent;
      t.received = received;
      lose(BASELINE);
      // Nothing to count, but the edge is there: a row of zeros shows it in this bucket.
      hold(t, at, Counters.ZERO);
      return;
    }
    if (sent < t.sent || received < t.received) {
      lose(BACKWARDS);
    }
    long dSent = Math.max(0, sent - t.sent);
    long dReceived = Math.max(0, received - t.received);
    t.sent = Math.max(sent, t.sent);
    t.received = Math.max(received, t.received);
    if (dSent > 0 || dReceived > 0) {
      hold(t, at, Counters.bytes(dSent, dReceived));
    }
  }

  /** The end counted for an outcome; null for {@code open}: the connection has not ended. */
  private static Counters.End endOf(Outcome outcome) {
    return switch (outcome) {
      case CLOSED -> Counters.End.CLOSED;
      case RESET -> Counters.End.RESET;
      case REFUSED -> Counters.End.REFUSED;
      case TIMEOUT -> Counters.End.TIMEOUT;
      case UNKNOWN -> Counters.End.UNKNOWN;
      case OPEN -> null;
    };
  }

  /**
   * Returns and forgets the rollups of every bucket that ended at or before {@code now - grace}, so
   * that the caller writes each bucket once, in one batch. An event that comes later for such a
   * bucket makes a new rollup for it, returned by a later drain (the store sums).
   */
  public List<Rollup> drain(Instant now) {
    long before = now.toEpochMilli() - graceMillis;
    long boundary = StoreConfig.floor(before, width);
    for (Iterator<Tracked> it = dirty.iterator(); it.hasNext(); ) {
      Tracked t = it.next();
      flush(t, boundary);
      if (t.unflushed.isEmpty()) {
        it.remove();
      }
    }
    NavigableMap<Long, Map<StoredEdge, Counters>> done =
        pending.headMap(StoreConfig.floor(before, width), false);
    List<Rollup> out = rollups(done);
    done.clear();
    return out;
  }

  /**
   * At shutdown: returns and forgets every pending rollup, the bucket in flight included, and
   * forgets the open connections. Their bytes so far are already in the buckets of their progress;
   * they are not counted as ended, because they have not ended.
   */
  public List<Rollup> finish() {
    dirty.forEach(t -> flush(t, Long.MAX_VALUE));
    dirty.clear();
    List<Rollup> out = rollups(pending);
    pending.clear();
    tracked.clear();
    return out;
  }

  /** The rollups not yet drained, oldest bucket first (a copy; for tests and status). */
  public List<Rollup> pending() {
    NavigableMap<Long, Map<StoredEdge, Counters>> all = new TreeMap<>();
    pending.forEach((bucket, edges) -> all.put(bucket, new HashMap<>(edges)));
    for (Tracked t : dirty) {
      t.unflushed.forEach(
          (bucket, c) ->
              all.computeIfAbsent(bucket, b -> new HashMap<>()).merge(t.edge, c, Counters::plus));
    }
    return rollups(all);
  }

  /** Open connections tracked now. */
  public int tracked() {
    return tracked.size();
  }

  /**
   * What was not attributed, by {@code history/<reason>}: {@value #BASELINE} (connections whose
   * bytes before the first sight are in no bucket), {@value #BACKWARDS} (reports below what was
   * attributed), {@value #TABLE_FULL} (connections not tracked), {@value #OUT_OF_RANGE} (times
   * before the epoch, sums past {@code long}). A copy.
   */
  public Map<String, Long> losses() {
    return new TreeMap<>(losses);
  }

  private static List<Rollup> rollups(NavigableMap<Long, Map<StoredEdge, Counters>> buckets) {
    List<Rollup> out = new ArrayList<>();
    buckets.forEach(
        (start, edges) ->
            edges.forEach((edge, c) -> out.add(new Rollup(start, edge.key(), edge.side(), c))));
    return out;
  }

  /**
   * Adds into the bucket of {@code at}. A time before the epoch, or a sum past {@code long} (a
   * broken clock or counter, never real traffic), is counted as {@value #OUT_OF_RANGE} and left
   * out, so that one bad event cannot fail a whole batch.
   */
  private void add(Instant at, StoredEdge edge, Counters counters) {
    if (at.isBefore(Instant.EPOCH)) {
      lose(OUT_OF_RANGE);
      return;
    }
    try {
      long bucket = StoreConfig.floor(at.toEpochMilli(), width);
      Map<StoredEdge, Counters> edges = pending.computeIfAbsent(bucket, b -> new HashMap<>());
      edges.put(edge, edges.getOrDefault(edge, Counters.ZERO).plus(counters));
    } catch (ArithmeticException e) {
      lose(OUT_OF_RANGE);
    }
  }

  /**
   * Holds a contribution with its connection until its bucket is drained or the connection ends, so
   * that it is counted under the edge as best known then: a connection's first event may not yet
   * name both ends (the other end's process comes with a later record). Out of range as {@link
   * #add}.
   */
  private void hold(Tracked t, Instant at, Counters counters) {
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

  /** Hands the connection's contributions to buckets before {@code boundary} to {@code pending}. */
  private void flush(Tracked t, long boundary) {
    NavigableMap<Long, Counters> due = t.unflushed.headMap(boundary, false);
    due.forEach((bucket, c) -> add(Instant.ofEpochMilli(bucket), t.edge, c));
    due.clear();
  }

  private StoredEdge edgeOf(Connection c) {
    return new StoredEdge(
        new EdgeKey(resolver.resolveClient(c), resolver.resolveServer(c), c.serverPort()),
        Side.of(c));
  }

  /** The connection as of its start, for the resolver (which may look at its processes). */
  private static Connection atStart(
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start,
      SocketDetails details) {
    return new Connection(
        client,
        clientPort,
        server,
        serverPort,
        start,
        Duration.ZERO,
        0,
        0,
        Outcome.OPEN,
        true,
        details);
  }

  private boolean roomFor() {
    if (tracked.size() < maxTracked) {
      return true;
    }
    lose(TABLE_FULL);
    return false;
  }

  private void lose(String reason) {
    losses.merge(LOSS_SOURCE + "/" + reason, 1L, Long::sum);
  }
}
