package dev.tcpmap.query.edges;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups exact connection records into edges. Stateless and thread-safe; the cost is one resolver
 * call per address and one map update per connection.
 */
public final class Edges {

  private Edges() {}

  /**
   * Whether a connection counts as persistent: it lasted at least {@code threshold}. (k8spacket
   * tests "longer than", in whole milliseconds; "at least" is what its documentation and ours say.)
   */
  public static boolean isPersistent(Connection connection, Duration threshold) {
    return connection.duration().compareTo(threshold) >= 0;
  }

  /**
   * Edge totals of the connections whose lifetime overlaps {@code range} (see {@link
   * TimeRange#overlaps}). A connection that overlaps counts whole: its bytes and duration are not
   * pro-rated to the part inside the window. Endpoints are resolved at the connection's start (pod
   * IPs are reused), so one IP pair may yield several edges when its identity changed.
   *
   * @return the edges ordered by {@link EdgeKey#compareTo}
   */
  public static List<EdgeStats> aggregate(
      Iterable<Connection> connections,
      Resolver resolver,
      Duration persistentThreshold,
      TimeRange range) {
    List<ConnectionRecord> records = new ArrayList<>();
    for (Connection c : connections) {
      if (range.overlaps(c.start(), c.end())) {
        records.add(ConnectionRecord.named(c, resolver));
      }
    }
    return ofRecords(records, persistentThreshold, range);
  }

  /**
   * As {@link #aggregate}, of records whose ends are named already (the aggregator's).
   *
   * @return the edges ordered by {@link EdgeKey#compareTo}
   */
  public static List<EdgeStats> ofRecords(
      Iterable<ConnectionRecord> records, Duration persistentThreshold, TimeRange range) {
    Map<EdgeKey, Accumulator> edges = new HashMap<>();
    for (ConnectionRecord r : records) {
      Connection c = r.connection();
      Instant end = c.end();
      if (!range.overlaps(c.start(), end)) {
        continue;
      }
      edges
          .computeIfAbsent(new EdgeKey(r.client(), r.server(), c.serverPort()), Accumulator::new)
          .add(c, end, isPersistent(c, persistentThreshold));
    }
    List<EdgeStats> out = new ArrayList<>(edges.size());
    edges.values().forEach(a -> out.add(a.toStats()));
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  /**
   * The mutable running totals of one edge, local to one aggregation. Primitive counters: it runs
   * once per record of every graph request, and immutable sums allocated there per record.
   */
  private static final class Accumulator {
    private final EdgeKey key;
    private long connections;
    private final long[] outcomes = new long[Outcome.values().length];
    private long persistent;
    private long bytesSent;
    private long bytesReceived;
    private long durationSeconds;
    private long durationNanos;
    private Duration durationMax = Duration.ZERO;
    private Instant firstStart = Instant.MAX;
    private Instant lastSeen = Instant.MIN;

    Accumulator(EdgeKey key) {
      this.key = key;
    }

    void add(Connection c, Instant end, boolean isPersistent) {
      connections++;
      outcomes[c.outcome().ordinal()]++;
      persistent += isPersistent ? 1 : 0;
      bytesSent += c.bytesSent();
      bytesReceived += c.bytesReceived();
      Duration d = c.duration();
      durationSeconds += d.getSeconds();
      durationNanos += d.getNano();
      durationMax = d.compareTo(durationMax) > 0 ? d : durationMax;
      firstStart = c.start().isBefore(firstStart) ? c.start() : firstStart;
      lastSeen = end.isAfter(lastSeen) ? end : lastSeen;
    }

    EdgeStats toStats() {
      return new EdgeStats(
          key,
          connections,
          OutcomeCounts.of(outcomes),
          persistent,
          bytesSent,
          bytesReceived,
          Duration.ofSeconds(durationSeconds, durationNanos),
          durationMax,
          firstStart,
          lastSeen);
    }
  }
}
