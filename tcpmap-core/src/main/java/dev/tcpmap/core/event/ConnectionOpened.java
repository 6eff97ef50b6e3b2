package dev.tcpmap.core.event;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.SocketDetails;
import java.time.Instant;
import java.util.Objects;

/**
 * A connection began (its SYN, or its first packet when {@code startSeen} is false).
 *
 * @param start time of the SYN or first packet; a live source uses the same start in the
 *     connection's later progress and close, so that a consumer can match them
 * @param details the processes at either end, from a live source; {@link SocketDetails#NONE} from
 *     packets
 */
public record ConnectionOpened(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant start,
    boolean startSeen,
    SocketDetails details)
    implements Event {

  public ConnectionOpened {
    Objects.requireNonNull(details, "details");
  }

  /** An opening seen in packets: no process details. */
  public ConnectionOpened(
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start,
      boolean startSeen) {
    this(client, clientPort, server, serverPort, start, startSeen, SocketDetails.NONE);
  }
}
