package dev.tcpmap.core.testing;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.SocketDetails;
import java.time.Duration;
import java.time.Instant;

/** Terse connection records for tests: {@code TestConnections.of("10.0.0.1", "10.0.0.2", 80)}. */
public final class TestConnections {
  /** A fixed start time for tests: 2026-11-21T09:22:18Z. */
  public static final Instant T0 = Instant.parse("2026-11-21T09:22:18Z");

  private TestConnections() {}

  /** A closed connection at {@link #T0} lasting one second with no payload. */
  public static Connection of(String client, String server, int serverPort) {
    return connection(client, 40_000, server, serverPort, T0, Duration.ofSeconds(1), 0, 0);
  }

  public static Connection connection(
      String client,
      int clientPort,
      String server,
      int serverPort,
      Instant start,
      Duration duration,
      long bytesSent,
      long bytesReceived) {
    return connection(
        client,
        clientPort,
        server,
        serverPort,
        start,
        duration,
        bytesSent,
        bytesReceived,
        Outcome.CLOSED);
  }

  public static Connection connection(
      String client,
      int clientPort,
      String server,
      int serverPort,
      Instant start,
      Duration duration,
      long bytesSent,
      long bytesReceived,
      Outcome outcome) {
    return new Connection(
        IpAddress.parse(client),
        clientPort,
        IpAddress.parse(server),
        serverPort,
        start,
        duration,
        bytesSent,
        bytesReceived,
        outcome,
        true,
        SocketDetails.NONE);
  }

  /** The same connection with another start and duration. */
  public static Connection at(Connection c, Instant start, Duration duration) {
    return new Connection(
        c.client(),
        c.clientPort(),
        c.server(),
        c.serverPort(),
        start,
        duration,
        c.bytesSent(),
        c.bytesReceived(),
        c.outcome(),
        c.startSeen(),
        SocketDetails.NONE);
  }

  /** The same connection as a live source reports it with {@code details} (processes, RTT). */
  public static Connection withDetails(Connection c, SocketDetails details) {
    return new Connection(
        c.client(),
        c.clientPort(),
        c.server(),
        c.serverPort(),
        c.start(),
        c.duration(),
        c.bytesSent(),
        c.bytesReceived(),
        c.outcome(),
        c.startSeen(),
        details);
  }
}
