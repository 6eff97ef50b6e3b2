package dev.tcpmap.query.k8spacket;

import dev.tcpmap.query.edges.EdgeStats;
import java.time.Duration;
import java.util.Objects;

/**
 * The numbers behind one k8spacket edge or node: connection counts, payload bytes in each direction
 * of the connections, and durations. For an edge "to server" is what the client sent; for a node
 * (which counts the edges into it, as server) it is what the node received.
 *
 * @param connections the connections counted (see {@link EdgeStats})
 * @param measured the connections whose durations are summed: all of them for records, those that
 *     ended in the window for the history's buckets; averages and the persistent share divide by it
 * @param persistent how many of the measured lasted at least the persistent threshold
 * @param bytesToServer payload bytes client to server, summed
 * @param bytesToClient payload bytes server to client, summed
 */
public record Totals(
    long connections,
    long measured,
    long persistent,
    long bytesToServer,
    long bytesToClient,
    Duration durationSum,
    Duration durationMax) {

  /** Nothing counted: a node that only ever was a client. */
  public static final Totals NONE = new Totals(0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

  public Totals {
    Objects.requireNonNull(durationSum, "durationSum");
    Objects.requireNonNull(durationMax, "durationMax");
    if (connections < 0 || measured < 0 || persistent < 0 || persistent > measured) {
      throw new IllegalArgumentException(
          "counts out of range: connections "
              + connections
              + ", measured "
              + measured
              + ", persistent "
              + persistent);
    }
    if (bytesToServer < 0 || bytesToClient < 0) {
      throw new IllegalArgumentException(
          "byte counts are negative: " + bytesToServer + ", " + bytesToClient);
    }
  }

  /** Totals of connection records, each of them measured. */
  public Totals(
      long connections,
      long persistent,
      long bytesToServer,
      long bytesToClient,
      Duration durationSum,
      Duration durationMax) {
    this(
        connections,
        connections,
        persistent,
        bytesToServer,
        bytesToClient,
        durationSum,
        durationMax);
  }

  public static Totals of(EdgeStats edge) {
    return new Totals(
        edge.connections(),
        edge.outcomes().total(),
        edge.persistent(),
        edge.bytesSent(),
        edge.bytesReceived(),
        edge.durationSum(),
        edge.durationMax());
  }

  /** The sum of both; the maximum of the maxima. */
  public Totals plus(Totals other) {
    return new Totals(
        connections + other.connections,
        measured + other.measured,
        persistent + other.persistent,
        bytesToServer + other.bytesToServer,
        bytesToClient + other.bytesToClient,
        durationSum.plus(other.durationSum),
        durationMax.compareTo(other.durationMax) >= 0 ? durationMax : other.durationMax);
  }
}
