package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.Outcome;
import java.util.Locale;

/**
 * How a planned connection ends, and the outcome a correct observer reports for it.
 *
 * <p>Every ending that completes the handshake first exchanges all planned bytes, so that no
 * payload is still unsent when a side resets (a close with SO_LINGER 0 discards the send queue).
 */
public enum Ending {
  /** The client closes first (FIN), the server answers with its FIN. */
  CLIENT_CLOSE(Outcome.CLOSED),
  /** The server closes first, the client answers with its FIN. */
  SERVER_CLOSE(Outcome.CLOSED),
  /**
   * The client sends everything and shuts its output (FIN); only then the server sends all its
   * bytes and closes. One round, whatever the plan says.
   */
  HALF_CLOSE(Outcome.CLOSED),
  /** After the exchange the client closes with SO_LINGER 0: an RST instead of a FIN. */
  CLIENT_RESET(Outcome.RESET),
  /**
   * After the exchange the client shuts its output (FIN, so the server knows all was received) and
   * the server closes with SO_LINGER 0: an RST.
   */
  SERVER_RESET(Outcome.RESET),
  /** Connect to a port nobody listens on: the SYN is answered by an RST. */
  REFUSED(Outcome.REFUSED),
  /** Connect to {@link TestNetwork#unreachable(boolean)}: the SYN is never answered. */
  TIMEOUT(Outcome.TIMEOUT);

  private final Outcome outcome;

  Ending(Outcome outcome) {
    this.outcome = outcome;
  }

  /** The outcome an observer of the whole connection must report. */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * How the client reports this ending from its side: {@code closed}, {@code reset-sent} (it reset
   * the connection itself), {@code reset} (it received an RST), {@code refused} or {@code timeout}.
   */
  public String clientView() {
    return switch (this) {
      case CLIENT_CLOSE, SERVER_CLOSE, HALF_CLOSE -> "closed";
      case CLIENT_RESET -> "reset-sent";
      case SERVER_RESET -> "reset";
      case REFUSED -> "refused";
      case TIMEOUT -> "timeout";
    };
  }

  /** Whether the handshake completes (a server accepts the connection). */
  public boolean connects() {
    return this != REFUSED && this != TIMEOUT;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Ending fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
