package dev.tcpmap.core.testing;

import dev.tcpmap.core.model.IpAddress;
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
    return new TlsHandshake(
        client,
        clientPort,
        server,
        serverPort,
        start,
        true,
        at,
        sni,
        List.of("TLS 1.3"),
        List.of(SUITE),
        List.of(),
        "",
        "TLS 1.3",
        SUITE,
        JA4,
        chain);
  }
}
