package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Ports;

/**
 * One connection a {@link TrafficPeer} client makes: from which address, to which server, how many
 * payload bytes each way, in how many request/response rounds, and how it ends.
 *
 * <p>Round {@code r} of {@code rounds}: the client sends its share of {@code clientBytes}, the
 * server reads all of it and answers with its share of {@code serverBytes} (see {@link #share(long,
 * int)}). The server learns the plan over a control socket, not in-band, so the byte counts on the
 * wire are exactly {@code clientBytes} and {@code serverBytes}.
 *
 * @param id unique within a scenario
 * @param startMillis when the client starts this connection, after its own start (at the earliest)
 * @param holdMillis how long the side that ends the connection waits after the exchange
 */
public record ConnectionPlan(
    int id,
    Ending ending,
    IpAddress client,
    IpAddress server,
    int serverPort,
    long clientBytes,
    long serverBytes,
    int rounds,
    long startMillis,
    long holdMillis) {

  public ConnectionPlan {
    if (id < 0) {
      throw new IllegalArgumentException("id is negative: " + id);
    }
    Ports.checkConnectable(serverPort, "serverPort");
    if (client.v6() != server.v6()) {
      throw new IllegalArgumentException(
          "client and server differ in family: " + client + ", " + server);
    }
    if (clientBytes < 0 || serverBytes < 0 || startMillis < 0 || holdMillis < 0) {
      throw new IllegalArgumentException("negative size or time in plan " + id);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
    }
    if (!ending.connects() && (clientBytes != 0 || serverBytes != 0)) {
      throw new IllegalArgumentException("plan " + id + " never connects but plans bytes");
    }
  }

  /** A connection starting at once and ending without delay. */
  public static ConnectionPlan of(
      int id,
      Ending ending,
      IpAddress client,
      IpAddress server,
      int serverPort,
      long clientBytes,
      long serverBytes,
      int rounds) {
    return new ConnectionPlan(
        id, ending, client, server, serverPort, clientBytes, serverBytes, rounds, 0, 0);
  }

  /** The rounds actually used: a half-close sends everything in one. */
  public int effectiveRounds() {
    return ending == Ending.HALF_CLOSE ? 1 : rounds;
  }

  /**
   * The bytes of {@code total} sent in round {@code round}: equal shares, the first ones larger.
   */
  public long share(long total, int round) {
    int n = effectiveRounds();
    return total / n + (round < total % n ? 1 : 0);
  }

  /** One line, space-separated, as read by {@link #parse(String)}. */
  public String toLine() {
    return RecordLines.format(this);
  }

  public static ConnectionPlan parse(String line) {
    return RecordLines.parse(ConnectionPlan.class, line);
  }
}
