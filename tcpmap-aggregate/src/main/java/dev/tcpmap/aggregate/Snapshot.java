package dev.tcpmap.aggregate;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What readers (the HTTP API, the CLI) see: an immutable copy of the observed connections, the TLS
 * handshakes and DNS answers seen on them, and what was lost on the way. Only the producer builds
 * snapshots; readers get the current one through a {@code Supplier<Snapshot>} and may use it from
 * any thread.
 *
 * @param connections exact connection records, in no particular order
 * @param losses counts of lost observations by reason token (see {@code EventsLost}); zero counts
 *     are omitted
 * @param asOf when the snapshot was taken
 * @param handshakes TLS handshakes, in no particular order; empty from a source that does not read
 *     them (the producer bounds how many it keeps)
 * @param names DNS answers, in no particular order; empty from a source that does not read them
 */
public record Snapshot(
    List<Connection> connections,
    Map<String, Long> losses,
    Instant asOf,
    List<TlsHandshake> handshakes,
    List<DnsName> names) {

  public Snapshot {
    connections = List.copyOf(connections);
    losses = Map.copyOf(losses);
    Objects.requireNonNull(asOf, "asOf");
    handshakes = List.copyOf(handshakes);
    names = List.copyOf(names);
    losses.forEach(
        (reason, count) -> {
          if (count < 0) {
            throw new IllegalArgumentException("loss count is negative: " + reason + "=" + count);
          }
        });
  }

  /** Connections only: from a source that sees no TLS or DNS (the socket tracer). */
  public Snapshot(List<Connection> connections, Map<String, Long> losses, Instant asOf) {
    this(connections, losses, asOf, List.of(), List.of());
  }

  /** No connections, no losses. */
  public static Snapshot empty(Instant asOf) {
    return new Snapshot(List.of(), Map.of(), asOf);
  }
}
