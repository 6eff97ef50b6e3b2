package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import java.util.Objects;

/**
 * A connection as a correct observer of the whole capture must report it: roles, ports, payload
 * bytes each way (client to server = {@code bytesSent}) and outcome. The start was always seen.
 */
public record ExpectedConnection(
    int planId,
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    long bytesSent,
    long bytesReceived,
    Outcome outcome) {

  public ExpectedConnection {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The 4-tuple as text ({@link Tuples}), to key and to print. */
  public String tuple() {
    return Tuples.of(client, clientPort, server, serverPort);
  }
}
