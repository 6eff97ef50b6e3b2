package dev.tcpmap.capture.tls;

import java.util.Optional;

/**
 * What one connection's handshake showed so far. Every part may be missing: the capture started
 * late, a direction was malformed, or (for the chain) TLS 1.3 encrypted it.
 *
 * @param clientHello the client's first ClientHello
 * @param serverHello the server's ServerHello (after a HelloRetryRequest, the final one)
 * @param helloRetryRequested the server sent a TLS 1.3 HelloRetryRequest first
 * @param certificates the server's chain (TLS ≤ 1.2 only)
 */
public record Handshake(
    Optional<ClientHello> clientHello,
    Optional<ServerHello> serverHello,
    boolean helloRetryRequested,
    Optional<CertificateChain> certificates) {

  /** The negotiated version's name ({@code "TLS 1.3"}), when the ServerHello was seen. */
  public Optional<String> versionName() {
    return serverHello.map(s -> TlsNames.version(s.version()));
  }

  /** The chosen cipher suite's IANA name, when the ServerHello was seen. */
  public Optional<String> cipherSuiteName() {
    return serverHello.map(s -> TlsNames.cipherSuite(s.cipherSuite()));
  }
}
