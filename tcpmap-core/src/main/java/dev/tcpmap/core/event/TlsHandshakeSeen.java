package dev.tcpmap.core.event;

import dev.tcpmap.core.tls.TlsHandshake;
import java.util.Objects;

/** A TLS handshake read from a connection's packets (live capture or a capture file). */
public record TlsHandshakeSeen(TlsHandshake handshake) implements Event {
  public TlsHandshakeSeen {
    Objects.requireNonNull(handshake, "handshake");
  }
}
