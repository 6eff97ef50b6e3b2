package dev.tcpmap.capture;

import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.tls.TlsHandshake;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What a capture file held.
 *
 * @param packets every packet record read
 * @param tcpPackets packets that decoded to a TCP segment
 * @param decodeErrors packets that did not decode, by reason
 * @param skipped packets that decoded but are not TCP (ARP, UDP, ...), by kind
 * @param connections every connection, in the order they ended (at most the configured number)
 * @param losses observations lost, by "source/reason" (e.g. "tracker/evicted")
 * @param handshakes TLS handshakes, in the order they were read (at most the configured number)
 * @param names DNS answers' facts, in capture order (at most the configured number)
 * @param tlsProblems TLS connections given up (or certificates unreadable), by reason
 * @param dnsProblems DNS messages or streams given up, by reason
 * @param error set when the file was cut short or corrupt after some packets: everything before it
 *     is in this result
 */
public record AnalysisResult(
    Path file,
    long packets,
    long tcpPackets,
    SortedMap<String, Long> decodeErrors,
    SortedMap<String, Long> skipped,
    List<Connection> connections,
    SortedMap<String, Long> losses,
    List<TlsHandshake> handshakes,
    List<DnsName> names,
    SortedMap<String, Long> tlsProblems,
    SortedMap<String, Long> dnsProblems,
    Optional<CaptureFormatException> error) {

  public AnalysisResult {
    Objects.requireNonNull(file, "file");
    decodeErrors = CaptureStats.sorted(decodeErrors);
    skipped = CaptureStats.sorted(skipped);
    losses = CaptureStats.sorted(losses);
    connections = List.copyOf(connections);
    handshakes = List.copyOf(handshakes);
    names = List.copyOf(names);
    tlsProblems = CaptureStats.sorted(tlsProblems);
    dnsProblems = CaptureStats.sorted(dnsProblems);
    Objects.requireNonNull(error, "error");
  }
}
