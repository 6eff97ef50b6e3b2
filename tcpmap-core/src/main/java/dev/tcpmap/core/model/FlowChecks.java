package dev.tcpmap.core.model;

import java.time.Duration;
import java.time.Instant;

/** The checks every record of a flow between two ends makes (TCP connections, UDP flows). */
final class FlowChecks {
  private FlowChecks() {}

  /**
   * @throws NullPointerException naming the missing component
   * @throws IllegalArgumentException for a port out of range or a negative duration
   */
  static void ends(
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start,
      Duration duration,
      Outcome outcome) {
    Checks.nonNull(
        "client server start duration outcome", client, server, start, duration, outcome);
    Ports.check(clientPort, "clientPort");
    Ports.check(serverPort, "serverPort");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration is negative: " + duration);
    }
  }
}
