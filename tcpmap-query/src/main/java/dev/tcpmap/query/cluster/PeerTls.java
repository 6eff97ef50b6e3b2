package dev.tcpmap.query.cluster;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The TLS handshakes one agent captured in a window, as it tells the others ({@code GET
 * /api/v1/peer/tls}), and its losses. Immutable.
 *
 * @param asOf when the agent's snapshot was taken
 * @param losses observations the agent lost, by reason (as in every answer)
 * @param handshakes the handshakes captured ({@link TlsHandshake#at()}) within the window
 */
public record PeerTls(Instant asOf, Map<String, Long> losses, List<TlsHandshake> handshakes)
    implements PeerAnswer {

  public PeerTls {
    Objects.requireNonNull(asOf, "asOf");
    losses = EventsLost.totals(losses);
    handshakes = List.copyOf(handshakes);
  }

  /** The snapshot's handshakes captured within {@code range}, as {@code /api/v1/tls} selects. */
  public static PeerTls observe(Snapshot snapshot, TimeRange range) {
    List<TlsHandshake> in = new ArrayList<>();
    for (TlsHandshake h : snapshot.handshakes()) {
      if (range.overlaps(h.at(), h.at())) {
        in.add(h);
      }
    }
    return new PeerTls(snapshot.asOf(), snapshot.losses(), in);
  }
}
