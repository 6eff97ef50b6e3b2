package dev.tcpmap.aggregate;

import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Datagrams;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What readers (the query stage: the HTTP API, the CLI) see of the aggregator: an immutable copy of
 * the connection records with their named ends, the TLS handshakes and DNS answers seen, and what
 * was lost on the way. Only the aggregator builds snapshots; readers may use one from any thread.
 *
 * @param records the connections, closed and open, in no particular order
 * @param losses counts of lost observations by {@code source/reason} (see {@code EventsLost}); zero
 *     counts are omitted
 * @param asOf when the snapshot was taken
 * @param handshakes TLS handshakes, in no particular order; empty from a source that does not read
 *     them (the aggregator bounds how many it keeps)
 * @param names DNS answers, in no particular order; empty from a source that does not read them
 * @param datagrams UDP flows, ICMP errors and DNS lookups, each in the order they ended; empty from
 *     a source that does not read them
 */
public record Snapshot(
    List<ConnectionRecord> records,
    Map<String, Long> losses,
    Instant asOf,
    List<TlsHandshake> handshakes,
    List<DnsName> names,
    Datagrams datagrams) {

  public Snapshot {
    records = List.copyOf(records);
    losses = EventsLost.totals(losses);
    Objects.requireNonNull(asOf, "asOf");
    handshakes = List.copyOf(handshakes);
    names = List.copyOf(names);
    Objects.requireNonNull(datagrams, "datagrams");
  }

  /** Without datagrams: a source of TCP connections only. */
  public Snapshot(
      List<ConnectionRecord> records,
      Map<String, Long> losses,
      Instant asOf,
      List<TlsHandshake> handshakes,
      List<DnsName> names) {
    this(records, losses, asOf, handshakes, names, Datagrams.NONE);
  }

  /** No connections, no losses. */
  public static Snapshot empty(Instant asOf) {
    return new Snapshot(List.of(), Map.of(), asOf, List.of(), List.of());
  }

  /**
   * A fixed result (a capture that was analyzed, a test's world): {@code connections} named by
   * {@code names} as the aggregator names a record when it closes.
   */
  public static Snapshot of(
      List<Connection> connections,
      Resolver names,
      Map<String, Long> losses,
      Instant asOf,
      List<TlsHandshake> handshakes,
      List<DnsName> answers) {
    List<ConnectionRecord> records =
        connections.stream().map(c -> ConnectionRecord.named(c, names)).toList();
    return new Snapshot(records, losses, asOf, handshakes, answers);
  }

  /** The connections of the records, without their names (a view). */
  public List<Connection> connections() {
    return new AbstractList<>() {
      @Override
      public Connection get(int index) {
        return records.get(index).connection();
      }

      @Override
      public int size() {
        return records.size();
      }
    };
  }
}
