package dev.tcpmap.capture.tls;

import dev.tcpmap.capture.decode.ParseCounters;

/**
 * What the {@link TlsSession}s of one {@link TlsParser} saw: messages {@link #parsed() parsed} by
 * kind, and connections given up on (and unreadable certificates) by reason, as {@link #problems()
 * problems}.
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
public final class TlsCounters extends ParseCounters {
  TlsCounters() {}

  void parsed(String kind, int n) {
    countParsed(kind, n);
  }

  void problem(String reason, int n) {
    countProblem(reason, n);
  }
}
