package dev.tcpmap.core.testing;

import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Plain TLS 1.3 handshake records for tests that need one and care only about a few fields. */
public final class TestHandshakes {
  /** The one cipher suite offered and chosen. */
  public static final String SUITE = "TLS_AES_128_GCM_SHA256";

  /** A JA4 of the right shape for a one-suite hello. */
  public static final String JA4 = "t13d0101h2_000000000000_000000000000";

  /**
   * The leaf certificate of the test TLS servers' chain ({@code tls.test}, issued by {@code tcpmap
   * test CA}), as a record.
   */
  public static final Certificate LEAF =
      new Certificate(
          "CN=tls.test,O=tcpmap",
          "CN=tcpmap test CA,O=tcpmap",
          List.of("tls.test"),
          Instant.parse("2025-01-02T03:04:05Z"),
          Instant.parse("2026-02-06T03:04:05Z"),
          "d4fbac67ea6e6798");

  private TestHandshakes() {}

  /**
   * A negotiated TLS 1.3 handshake offering and choosing {@link #SUITE}, without ALPN.
   *
   * @param at when the hello was captured; {@code start} is the connection's start
   */
  public static TlsHandshake tls13(
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start,
      Instant at,
      String sni,
      Optional<CertificateChain> chain) {
    ConnectionKey connection = new ConnectionKey(client, clientPort, server, serverPort, start);
    return hello(connection, at, sni, "TLS 1.3", chain);
  }

  /** A TLS 1.3 ClientHello offering {@link #SUITE} that no ServerHello answered, at the start. */
  public static TlsHandshake unanswered(
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start,
      String sni) {
    ConnectionKey connection = new ConnectionKey(client, clientPort, server, serverPort, start);
    return hello(connection, start, sni, "", Optional.empty());
  }

  /**
   * A ClientHello with these versions and nothing else (no SNI, cipher suites or ALPN) that no
   * ServerHello answered, on a connection picked up mid-stream (its SYN not seen), at its start.
   */
  public static TlsHandshake midStream(
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      Instant start,
      List<String> clientVersions) {
    return new TlsHandshake(
        client,
        clientPort,
        server,
        serverPort,
        start,
        false,
        start,
        "",
        clientVersions,
        List.of(),
        List.of(),
        "",
        "",
        "",
        "",
        Optional.empty());
  }

  /** A hello offering {@link #SUITE}, answered with {@code version} and it; "": not answered. */
  private static TlsHandshake hello(
      ConnectionKey connection,
      Instant at,
      String sni,
      String version,
      Optional<CertificateChain> chain) {
    return new TlsHandshake(
        connection.client(),
        connection.clientPort(),
        connection.server(),
        connection.serverPort(),
        connection.start(),
        true,
        at,
        sni,
        List.of("TLS 1.3"),
        List.of(SUITE),
        List.of(),
        "",
        version,
        version.isEmpty() ? "" : SUITE,
        JA4,
        chain);
  }
}
