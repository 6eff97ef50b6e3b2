package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;

/**
 * A connection's 4-tuple as text, {@code client:port -> server:port}: the key by which the traffic
 * tests match what a source reported to what was planned or what tshark saw. The roles are part of
 * the key, so a connection reported the wrong way round matches nothing.
 */
public final class Tuples {
  private Tuples() {}

  public static String of(IpAddress client, int clientPort, IpAddress server, int serverPort) {
    return client + ":" + clientPort + " -> " + server + ":" + serverPort;
  }

  public static String of(Connection c) {
    return of(c.client(), c.clientPort(), c.server(), c.serverPort());
  }
}
