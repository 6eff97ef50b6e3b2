package dev.tcpmap.query.filter;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.TlsHandshake;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS handshake read on each connection, found by the connection's 4-tuple and time: the
 * handshake's {@code at} falls within the connection's lifetime (its {@code connectionStart} is the
 * record's start only when the SYN was seen; see {@link TlsHandshake}). Of several, the first.
 */
final class HandshakeIndex {
  private record FourTuple(IpAddress client, int clientPort, IpAddress server, int serverPort) {}

  static final HandshakeIndex EMPTY = new HandshakeIndex(Map.of());

  private final Map<FourTuple, List<TlsHandshake>> byTuple;

  private HandshakeIndex(Map<FourTuple, List<TlsHandshake>> byTuple) {
    this.byTuple = byTuple;
  }

  static HandshakeIndex of(Collection<TlsHandshake> handshakes) {
    Map<FourTuple, List<TlsHandshake>> byTuple = new HashMap<>();
    for (TlsHandshake h : handshakes) {
      byTuple
          .computeIfAbsent(
              new FourTuple(h.client(), h.clientPort(), h.server(), h.serverPort()),
              k -> new ArrayList<>(1))
          .add(h);
    }
    return new HandshakeIndex(byTuple);
  }

  /** The handshake read on {@code c}, or null. */
  TlsHandshake of(Connection c) {
    List<TlsHandshake> candidates =
        byTuple.get(new FourTuple(c.client(), c.clientPort(), c.server(), c.serverPort()));
    if (candidates == null) {
      return null;
    }
    TlsHandshake first = null;
    for (TlsHandshake h : candidates) {
      boolean within = !h.at().isBefore(c.start()) && !h.at().isAfter(c.end());
      if (within && (first == null || h.at().isBefore(first.at()))) {
        first = h;
      }
    }
    return first;
  }
}
