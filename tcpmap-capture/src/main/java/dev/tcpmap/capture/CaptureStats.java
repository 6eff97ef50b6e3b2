package dev.tcpmap.capture;

import dev.tcpmap.capture.file.CaptureFormatException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What reading a capture file counted, beside the events it produced.
 *
 * @param packets every packet record read
 * @param tcpPackets packets that decoded to a TCP segment
 * @param decodeErrors packets that did not decode, by reason
 * @param skipped packets that decoded but are not TCP (ARP, UDP, ...), by kind
 * @param tlsProblems TLS connections given up (or certificates unreadable), by reason
 * @param dnsProblems DNS messages or streams given up, by reason
 * @param error set when the file was cut short or corrupt after some packets: every event before it
 *     was delivered
 */
public record CaptureStats(
    Path file,
    long packets,
    long tcpPackets,
    SortedMap<String, Long> decodeErrors,
    SortedMap<String, Long> skipped,
    SortedMap<String, Long> tlsProblems,
    SortedMap<String, Long> dnsProblems,
    Optional<CaptureFormatException> error) {

  public CaptureStats {
    Objects.requireNonNull(file, "file");
    decodeErrors = sorted(decodeErrors);
    skipped = sorted(skipped);
    tlsProblems = sorted(tlsProblems);
    dnsProblems = sorted(dnsProblems);
    Objects.requireNonNull(error, "error");
  }

  /** An unmodifiable copy, in key order, of counts by reason. */
  static SortedMap<String, Long> sorted(SortedMap<String, Long> counts) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }
}
