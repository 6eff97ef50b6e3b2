package dev.tcpmap.query.edges;

import dev.tcpmap.core.model.EdgeKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The totals of one edge within a query window. Immutable.
 *
 * <p>Two sources fill it. From connection records ({@link Edges#aggregate}) every connection whose
 * lifetime overlaps the window counts whole: {@code connections} equals the sum of {@code
 * outcomes}, open ones included. From the history's buckets, each count is what happened in the
 * window: {@code connections} opened in it, {@code outcomes} the connections that ended in it (none
 * is {@code open}), bytes that flowed in it, durations of those that ended; an edge then may have
 * bytes or ends and no opening.
 *
 * @param connections how many connections (see above)
 * @param outcomes how they ended, or that they are open (records only)
 * @param persistent how many of {@code outcomes} lasted at least the persistent threshold
 * @param bytesSent payload bytes client to server, summed
 * @param bytesReceived payload bytes server to client, summed
 * @param durationSum the durations of the connections in {@code outcomes}, summed
 * @param durationMax the longest of them
 * @param firstStart the earliest connection start (history: the earliest bucket's start)
 * @param lastSeen the latest connection end (history: the latest bucket's end)
 */
public record EdgeStats(
    EdgeKey key,
    long connections,
    OutcomeCounts outcomes,
    long persistent,
    long bytesSent,
    long bytesReceived,
    Duration durationSum,
    Duration durationMax,
    Instant firstStart,
    Instant lastSeen) {

  public EdgeStats {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcomes, "outcomes");
    if (connections < 0) {
      throw new IllegalArgumentException("connections is negative: " + connections);
    }
    if (persistent < 0 || persistent > outcomes.total()) {
      throw new IllegalArgumentException("persistent out of range: " + persistent);
    }
    if (bytesSent < 0 || bytesReceived < 0) {
      throw new IllegalArgumentException(
          "byte counts are negative: sent " + bytesSent + ", received " + bytesReceived);
    }
    if (durationMax.compareTo(durationSum) > 0 || durationMax.isNegative()) {
      throw new IllegalArgumentException(
          "durationMax must be between 0 and durationSum: " + durationMax + ", " + durationSum);
    }
    if (lastSeen.isBefore(firstStart)) {
      throw new IllegalArgumentException("lastSeen is before firstStart: " + lastSeen);
    }
  }

  /**
   * The totals of both under this edge's key: counts and bytes summed, the longest duration, the
   * earliest start and the latest end. The other's key is not compared: callers merge edges whose
   * keys they consider the same (one key seen by two agents, or a group of keys).
   */
  public EdgeStats plusTotals(EdgeStats other) {
    return new EdgeStats(
        key,
        connections + other.connections,
        outcomes.plus(other.outcomes),
        persistent + other.persistent,
        bytesSent + other.bytesSent,
        bytesReceived + other.bytesReceived,
        durationSum.plus(other.durationSum),
        durationMax.compareTo(other.durationMax) >= 0 ? durationMax : other.durationMax,
        firstStart.isBefore(other.firstStart) ? firstStart : other.firstStart,
        lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen);
  }
}
