package dev.tcpmap.core.event;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.SocketDetails;
import java.time.Instant;
import java.util.Objects;

/**
 * Bytes so far of a connection that is still open, as of {@code at}. Counts are totals since the
 * connection started (not deltas), so a lost progress event loses nothing.
 *
 * @param start the start given in the connection's {@link ConnectionOpened}
 * @param details the processes at either end and the path figures so far
 */
public record ConnectionProgress(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant start,
    Instant at,
    long bytesSent,
    long bytesReceived,
    SocketDetails details)
    implements Event {

  public ConnectionProgress {
    Objects.requireNonNull(details, "details");
  }
}
