package dev.tcpmap.core.model;

import java.time.Instant;

/**
 * What identifies one TCP connection across events and records: its 4-tuple and its start (a
 * 4-tuple is reused; a source gives a connection's opening, progress and close the same start).
 */
public record ConnectionKey(
    IpAddress client, int clientPort, IpAddress server, int serverPort, Instant start) {

  public ConnectionKey {
    Checks.nonNull("client server start", client, server, start);
  }

  public static ConnectionKey of(Connection c) {
    return new ConnectionKey(c.client(), c.clientPort(), c.server(), c.serverPort(), c.start());
  }
}
