package dev.tcpmap.capture;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Datagrams;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What a capture file held: the counts of reading it, and everything its events said.
 *
 * @param stats what reading it counted (packets, decode errors, TLS and DNS problems, a cut-short
 *     file's error: everything before the error is in this result)
 * @param connections every connection, in the order they ended (at most the configured number)
 * @param losses observations lost, by "source/reason" (e.g. "tracker/evicted")
 * @param handshakes TLS handshakes, in the order they were read (at most the configured number)
 * @param names DNS answers' facts, in capture order (at most the configured number)
 * @param datagrams UDP flows, ICMP errors and DNS lookups
 */
public record AnalysisResult(
    CaptureStats stats,
    List<Connection> connections,
    SortedMap<String, Long> losses,
    List<TlsHandshake> handshakes,
    List<DnsName> names,
    Datagrams datagrams) {

  public AnalysisResult {
    Objects.requireNonNull(stats, "stats");
    connections = List.copyOf(connections);
    losses = CaptureStats.sorted(losses);
    handshakes = List.copyOf(handshakes);
    names = List.copyOf(names);
    Objects.requireNonNull(datagrams, "datagrams");
  }

  /** Without UDP flows, ICMP errors and DNS lookups. */
  public AnalysisResult(
      CaptureStats stats,
      List<Connection> connections,
      SortedMap<String, Long> losses,
      List<TlsHandshake> handshakes,
      List<DnsName> names) {
    this(stats, connections, losses, handshakes, names, Datagrams.NONE);
  }
}
