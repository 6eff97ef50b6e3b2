package dev.tcpmap.query;

import java.util.Locale;

/** What the k8spacket node graph shows on nodes and edges: its {@code stats-type} parameter. */
public enum StatsType {
  /** Connection counts: all and persistent. */
  CONNECTION,
  /** Payload byte rates each way. */
  BYTES,
  /** Average and maximum connection duration. */
  DURATION;

  /** The parameter value, e.g. {@code "bytes"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the {@code stats-type} parameter; missing or empty means {@link #CONNECTION}, as in
   * k8spacket.
   *
   * @throws QueryException for any other value. k8spacket silently answers connection stats for an
   *     unknown value, which hides a typo in a dashboard variable.
   */
  public static StatsType parse(String text) {
    if (text == null || text.isEmpty()) {
      return CONNECTION;
    }
    for (StatsType type : values()) {
      if (type.wireName().equals(text)) {
        return type;
      }
    }
    throw QueryException.forParameter(
        "stats-type",
        "unknown value " + Texts.excerpt(text) + " (expected connection, bytes or duration)");
  }
}
