package dev.tcpmap.core.model;

/**
 * A connection with its ends named, as the aggregator named them when it handed the record on (see
 * docs/architecture.md, "Names"): the identity each address had at the connection's start.
 */
public record ConnectionRecord(Connection connection, Endpoint client, Endpoint server) {
  public ConnectionRecord {
    Checks.nonNull("connection client server", connection, client, server);
  }

  /** The record named by {@code resolver} as of now. */
  public static ConnectionRecord named(Connection connection, Resolver resolver) {
    return new ConnectionRecord(
        connection, resolver.resolveClient(connection), resolver.resolveServer(connection));
  }
}
