package dev.tcpmap.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One TCP connection, identified by its 4-tuple and its start.
 *
 * @param client the side that sent the SYN (or, when the start was not seen, the side with the
 *     ephemeral port)
 * @param start the first SYN, or the first packet seen when {@code startSeen} is false
 * @param duration from {@code start} to the close (last FIN or RST), or to the last packet seen
 * @param bytesSent TCP payload bytes client to server, retransmissions counted once
 * @param bytesReceived TCP payload bytes server to client, retransmissions counted once
 * @param startSeen whether the handshake's SYN was observed
 * @param details processes and path figures from a live source on the host; {@link
 *     SocketDetails#NONE} for records made from packets
 */
public record Connection(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant start,
    Duration duration,
    long bytesSent,
    long bytesReceived,
    Outcome outcome,
    boolean startSeen,
    SocketDetails details) {

  public Connection {
    FlowChecks.ends(client, clientPort, server, serverPort, start, duration, outcome);
    Checks.nonNull("details", details);
    if (bytesSent < 0 || bytesReceived < 0) {
      throw new IllegalArgumentException(
          "byte counts are negative: sent " + bytesSent + ", received " + bytesReceived);
    }
  }

  /** When the connection ended (or was last seen). */
  public Instant end() {
    return start.plus(duration);
  }
}
