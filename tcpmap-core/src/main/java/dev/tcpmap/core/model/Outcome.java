package dev.tcpmap.core.model;

import java.util.Locale;

/**
 * How a connection (or a UDP flow) ended, the same for every source (see ARCHITECTURE.md,
 * "outcome"; for UDP flows, {@link UdpFlow}).
 */
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
  UNKNOWN,
  /**
   * An ICMP or ICMPv6 error answered the SYN (destination unreachable, administratively prohibited,
   * time exceeded, parameter problem: what makes the kernel abort a connect), or, for a UDP flow,
   * answered a datagram with an error other than port unreachable. Last, so that the order of the
   * others (and of the keys written from {@code values()}) stays as it was.
   */
  UNREACHABLE;

  /** The lower-case name used in JSON and on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
