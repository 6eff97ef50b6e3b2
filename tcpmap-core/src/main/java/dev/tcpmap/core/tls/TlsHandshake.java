package dev.tcpmap.core.tls;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Ports;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One TLS handshake seen on a TCP connection: what the client offered, what the server chose, and
 * the server's certificates when they were seen.
 *
 * <p>Versions print as k8spacket prints them ({@code "TLS 1.2"}, {@code "TLS 1.3"}), cipher suites
 * by IANA name ({@code "TLS_AES_128_GCM_SHA256"}); a value without a name as {@code "0x0A0A"}
 * (GREASE values are left out of the client's lists). A string that is not known is {@code ""}: no
 * SNI sent, no ServerHello seen (the capture ended, the server refused, or its side was malformed).
 *
 * @param client the side that sent the SYN (without one seen, the side that sent the ClientHello)
 * @param connectionStart the connection's first SYN: with the 4-tuple, the key of its {@link
 *     dev.tcpmap.core.model.Connection} record; without a SYN seen, the first segment of the
 *     ClientHello
 * @param startSeen whether the connection's SYN was seen; false for a connection picked up at its
 *     ClientHello (a capture that began mid-connection or was filtered to handshakes, a connection
 *     older than the agent's capture, a handshake after a proxy preamble on a connection already
 *     running)
 * @param at when the packet that completed the ClientHello was captured
 * @param sni the ClientHello's {@code server_name}, or {@code ""}
 * @param clientVersions the versions the client offered, highest preference first
 * @param clientCipherSuites the cipher suites the client offered, in its order
 * @param alpnOffered the ALPN protocols the client offered, in its order
 * @param alpnChosen the protocol the server chose, or {@code ""} (not sent, or TLS 1.3, which
 *     encrypts it)
 * @param version the negotiated version, or {@code ""} without a ServerHello
 * @param cipherSuite the negotiated cipher suite, or {@code ""} without a ServerHello
 * @param ja4 the JA4 fingerprint of the ClientHello ({@code t13d1516h2_8daaf6152771_e5627efa2ab1})
 * @param certificate the server's chain, empty when not seen
 */
public record TlsHandshake(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant connectionStart,
    boolean startSeen,
    Instant at,
    String sni,
    List<String> clientVersions,
    List<String> clientCipherSuites,
    List<String> alpnOffered,
    String alpnChosen,
    String version,
    String cipherSuite,
    String ja4,
    Optional<CertificateChain> certificate) {

  public TlsHandshake {
    Checks.nonNull("client server connectionStart at", client, server, connectionStart, at);
    Ports.check(clientPort, "clientPort");
    Ports.check(serverPort, "serverPort");
    if (at.isBefore(connectionStart)) {
      throw new IllegalArgumentException(
          "at " + at + " is before connectionStart " + connectionStart);
    }
    Checks.nonNull("sni alpnChosen version cipherSuite", sni, alpnChosen, version, cipherSuite);
    Checks.nonNull("ja4 certificate", ja4, certificate);
    clientVersions = List.copyOf(clientVersions);
    clientCipherSuites = List.copyOf(clientCipherSuites);
    alpnOffered = List.copyOf(alpnOffered);
    if (version.isEmpty() != cipherSuite.isEmpty()) {
      throw new IllegalArgumentException(
          "version and cipherSuite come from one ServerHello: \""
              + version
              + "\", \""
              + cipherSuite
              + "\"");
    }
  }

  /** The connection this handshake was read on. */
  public ConnectionKey connection() {
    return new ConnectionKey(client, clientPort, server, serverPort, connectionStart);
  }

  /** Whether the server's answer was seen. */
  public boolean negotiated() {
    return !version.isEmpty();
  }

  /** This handshake with {@code chain} as the server's certificates (a probe read them). */
  public TlsHandshake withCertificate(CertificateChain chain) {
    return new TlsHandshake(
        client,
        clientPort,
        server,
        serverPort,
        connectionStart,
        startSeen,
        at,
        sni,
        clientVersions,
        clientCipherSuites,
        alpnOffered,
        alpnChosen,
        version,
        cipherSuite,
        ja4,
        Optional.of(chain));
  }
}
