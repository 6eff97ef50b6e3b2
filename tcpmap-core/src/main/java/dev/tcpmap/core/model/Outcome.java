package dev.tcpmap.core.model;

import java.util.Locale;

/** How a connection ended, the same for every source (see ARCHITECTURE.md, "outcome"). */
public enum Outcome {
  /** Ended with FIN. */
  CLOSED,
  /** Ended with RST after the handshake completed. */
  RESET,
  /** The server answered the SYN with RST. */
  REFUSED,
  /** No answer to the SYN. */
  TIMEOUT,
  /** Still alive when observed (live sources). */
  OPEN,
  /** The observation ended (capture file over, state evicted) before the connection did. */
  UNKNOWN;

  /** The lower-case name used in JSON and on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
