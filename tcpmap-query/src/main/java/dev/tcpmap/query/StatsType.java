package dev.tcpmap.query;

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
    return WireNames.of(this);
  }

  /**
   * Parses the {@code stats-type} parameter; missing or empty means {@link #CONNECTION}, as in
   * k8spacket.
   *
   * @throws QueryException for any other value. k8spacket silently answers connection stats for an
   *     unknown value, which hides a typo in a dashboard variable.
   */
  public static StatsType parse(String text) {
    return WireNames.parse(
        text,
        CONNECTION,
        unknown ->
            QueryException.forParameter(
                "stats-type",
                "unknown value "
                    + Texts.excerpt(unknown)
                    + " (expected connection, bytes or duration)"));
  }
}
