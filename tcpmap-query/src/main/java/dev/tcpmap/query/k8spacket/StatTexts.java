package dev.tcpmap.query.k8spacket;

import dev.tcpmap.core.format.ByteSizes;
import dev.tcpmap.core.format.GoDuration;
import dev.tcpmap.query.StatsType;
import java.time.Duration;

/**
 * The stat texts and arcs of k8spacket's node graph, per stats type (k8spacket's {@code
 * stats/connection.go}, {@code stats/bytes.go}, {@code stats/duration.go}); where k8spacket is
 * wrong the difference is said below and in docs/api.md.
 */
final class StatTexts {
  private static final String NA = "N/A";

  /** Main and secondary text; arcs are 0 when unknown and for edges. */
  record Stat(String main, String secondary, double arc1, double arc2) {}

  private StatTexts() {}

  /** A node's stats from the totals of the edges into it (the node as server). */
  static Stat node(Totals t, StatsType type) {
    return switch (type) {
      case CONNECTION -> nodeConnections(t);
      case BYTES -> nodeBytes(t);
      case DURATION -> durations(t, true);
    };
  }

  static Stat edge(Totals t, StatsType type) {
    return switch (type) {
      // As connection.go: edges always print their counts (an edge has at least one).
      case CONNECTION -> new Stat("all: " + t.connections(), "persistent: " + t.persistent(), 0, 0);
      case BYTES -> edgeBytes(t);
      case DURATION -> durations(t, false);
    };
  }

  /** As connection.go: N/A for a node nobody connected to; arcs persistent and short-lived. */
  private static Stat nodeConnections(Totals t) {
    if (t.connections() == 0 && t.measured() == 0) {
      return new Stat("all: " + NA, "persistent: " + NA, 0, 0);
    }
    // The share among the measured: in a window of the history, the persistent are among those
    // that ended in it, which need not have opened in it.
    double measured = t.measured();
    return new Stat(
        "all: " + t.connections(),
        "persistent: " + t.persistent(),
        measured == 0 ? 0 : t.persistent() / measured,
        measured == 0 ? 0 : (measured - t.persistent()) / measured);
  }

  /**
   * Bytes per second of connection time: bytes divided by the summed durations. Two fixes to
   * bytes.go: k8spacket divides by the summed duration in milliseconds but labels the result "/s"
   * (1000 times too high), and prints N/A whenever either direction carried 0 bytes, hiding a real
   * 0 (a server that never answers). Here only an unknown rate (no connection time) is N/A.
   */
  private static Stat nodeBytes(Totals t) {
    double seconds = seconds(t.durationSum());
    if (seconds == 0) {
      return new Stat("recv: " + NA, "resp: " + NA, 0, 0);
    }
    double received = t.bytesToServer();
    double responded = t.bytesToClient();
    double total = received + responded;
    return new Stat(
        "recv: " + rate(received, seconds),
        "resp: " + rate(responded, seconds),
        total == 0 ? 0 : received / total,
        total == 0 ? 0 : responded / total);
  }

  private static Stat edgeBytes(Totals t) {
    double seconds = seconds(t.durationSum());
    if (seconds == 0) {
      return new Stat("sent: " + NA, "recv: " + NA, 0, 0);
    }
    return new Stat(
        "sent: " + rate(t.bytesToServer(), seconds),
        "recv: " + rate(t.bytesToClient(), seconds),
        0,
        0);
  }

  /**
   * As duration.go: average and maximum as Go durations, N/A when both are 0; node arcs average
   * over maximum and the rest. k8spacket prints "&lt;0.001s" for an average under one microsecond
   * (its threshold is 0.001 ms, not 0.001 s); we print the value, e.g. {@code 666ns}.
   */
  private static Stat durations(Totals t, boolean withArcs) {
    if (t.durationMax().isZero() || t.measured() == 0) {
      return new Stat("avg: " + NA, "max: " + NA, 0, 0);
    }
    Duration average = t.durationSum().dividedBy(t.measured());
    // In nanoseconds, so that round values stay exact in binary (0.15 / 0.2 is not 0.75).
    double max = nanos(t.durationMax());
    double avg = nanos(t.durationSum()) / t.measured();
    return new Stat(
        "avg: " + GoDuration.format(average),
        "max: " + GoDuration.format(t.durationMax()),
        withArcs ? avg / max : 0,
        withArcs ? (max - avg) / max : 0);
  }

  private static String rate(double bytes, double seconds) {
    return ByteSizes.format(bytes / seconds) + "/s";
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static double nanos(Duration d) {
    return d.getSeconds() * 1e9 + d.getNano();
  }
}
