package dev.tcpmap.core.model;

import java.util.Locale;

/**
 * Which end of its connections an agent observed on its host: what decides, when the answers of
 * several agents are merged, whose record of a connection counts (the server module's {@code
 * EdgeMerge}).
 */
public enum Side {
  /**
   * The client's socket was on this host (both ends, when client and server share it), or the
   * record came from packets and says nothing about sockets.
   */
  CLIENT,
  /** Only the server's socket was on this host: the client is elsewhere. */
  SERVER;

  /**
   * The side {@code connection} was observed from: {@link #SERVER} only when the live source knew
   * the server's process and not the client's; {@link #CLIENT} otherwise, including for records
   * from packets ({@link SocketDetails#NONE}).
   */
  public static Side of(Connection connection) {
    return of(connection.details());
  }

  /** As {@link #of(Connection)}, from the details an event carries. */
  public static Side of(SocketDetails details) {
    return !details.client().isKnown() && details.server().isKnown() ? SERVER : CLIENT;
  }

  /** The lower-case name used in JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
