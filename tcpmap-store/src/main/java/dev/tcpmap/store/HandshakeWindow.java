package dev.tcpmap.store;

import dev.tcpmap.core.tls.TlsHandshake;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link HandshakeStore#query}.
 *
 * @param window the window asked for, {@code [from, to)}
 * @param handshakes the newest of the window, newest first, at most the limit asked for
 * @param total how many handshakes the window holds, {@code >= handshakes.size()}
 */
public record HandshakeWindow(Window window, List<TlsHandshake> handshakes, long total) {

  public HandshakeWindow {
    Objects.requireNonNull(window, "window");
    handshakes = List.copyOf(handshakes);
    if (total < handshakes.size()) {
      throw new IllegalArgumentException(
          "total " + total + " is less than the " + handshakes.size() + " handshakes returned");
    }
  }

  /** Whether the limit left handshakes of the window out. */
  public boolean truncated() {
    return total > handshakes.size();
  }
}
