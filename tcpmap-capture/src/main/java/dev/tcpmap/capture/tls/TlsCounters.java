package dev.tcpmap.capture.tls;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the {@link TlsSession}s of one {@link TlsParser} saw: messages parsed by kind, and
 * connections given up on by reason. Keys are a fixed set, so the maps stay small.
 *
 * <p>Parsed kinds: {@code client-hello}, {@code server-hello}, {@code hello-retry-request}, {@code
 * certificate-chain}, {@code certificate} (each readable certificate), {@code alert} (a server
 * alert ended the handshake). Problems: {@code not-tls}, {@code sslv2-hello}, {@code
 * record-bad-header}, {@code record-too-long}, {@code handshake-message-too-long}, {@code
 * handshake-interleaved}, {@code unexpected-message}, {@code unexpected-record}, the parsers'
 * {@code client-hello-…}, {@code server-hello-…}, {@code certificate-…} reasons, and {@code
 * certificate-unreadable} (one DER certificate the JDK rejected; the chain's others are kept).
 *
 * <p>Not synchronized: read it on the thread that feeds the sessions, or after it is done.
 */
public final class TlsCounters {
  private final Map<String, long[]> parsed = new HashMap<>();
  private final Map<String, long[]> problems = new HashMap<>();

  TlsCounters() {}

  /** Messages parsed, by kind. Kinds never seen are absent. */
  public SortedMap<String, Long> parsed() {
    return snapshot(parsed);
  }

  /**
   * Connections given up (and unreadable certificates), by reason. Reasons never seen are absent.
   */
  public SortedMap<String, Long> problems() {
    return snapshot(problems);
  }

  void parsed(String kind, int n) {
    if (n > 0) {
      parsed.computeIfAbsent(kind, k -> new long[1])[0] += n;
    }
  }

  void problem(String reason, int n) {
    if (n > 0) {
      problems.computeIfAbsent(reason, k -> new long[1])[0] += n;
    }
  }

  private static SortedMap<String, Long> snapshot(Map<String, long[]> counts) {
    SortedMap<String, Long> out = new TreeMap<>();
    counts.forEach((key, count) -> out.put(key, count[0]));
    return Collections.unmodifiableSortedMap(out);
  }

  @Override
  public String toString() {
    return "parsed=" + parsed() + " problems=" + problems();
  }
}
