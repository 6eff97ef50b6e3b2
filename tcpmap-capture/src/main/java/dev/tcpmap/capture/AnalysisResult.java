package dev.tcpmap.capture;

import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.core.model.Connection;
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
    Optional<CaptureFormatException> error) {

  public AnalysisResult {
    Objects.requireNonNull(file, "file");
    decodeErrors =
        java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(decodeErrors));
    skipped = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(skipped));
    losses = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(losses));
    connections = List.copyOf(connections);
    Objects.requireNonNull(error, "error");
  }
}
