package dev.tcpmap.capture.tls;

import dev.tcpmap.capture.decode.Tally;
import java.util.SortedMap;

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
  private final Tally parsed = new Tally();
  private final Tally problems = new Tally();

  TlsCounters() {}

  /** Messages parsed, by kind. Kinds never seen are absent. */
  public SortedMap<String, Long> parsed() {
    return parsed.snapshot();
  }

  /**
   * Connections given up (and unreadable certificates), by reason. Reasons never seen are absent.
   */
  public SortedMap<String, Long> problems() {
    return problems.snapshot();
  }

  void parsed(String kind, int n) {
    parsed.add(kind, n);
  }

  void problem(String reason, int n) {
    problems.add(reason, n);
  }

  @Override
  public String toString() {
    return "parsed=" + parsed() + " problems=" + problems();
  }
}
