package dev.tcpmap.core.event;

import dev.tcpmap.core.model.Connection;
import java.util.Objects;

/**
 * A connection's final record: it closed, or its observation ended (outcome {@code unknown}, or
 * {@code timeout} for an unanswered SYN).
 */
public record ConnectionClosed(Connection connection) implements Event {
  public ConnectionClosed {
    Objects.requireNonNull(connection, "connection");
  }
}
