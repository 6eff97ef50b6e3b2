package dev.tcpmap.capture.tls;

import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain.Source;
import dev.tcpmap.core.tls.TlsHandshake;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns what a {@link TlsSession} read into the core record every front end shows. */
public final class Observations {
  private Observations() {}

  /**
   * The core record of a handshake whose ClientHello was read: versions and cipher suites by name
   * with GREASE left out, ALPN names escaped as SNI is, the chain (if read) as {@code observed}.
   *
   * @param connection the connection it was read on (see {@link TlsHandshake#connectionStart()})
   * @param at when the packet that completed the ClientHello was captured
   * @throws IllegalArgumentException when {@code handshake} has no ClientHello
   */
  public static TlsHandshake handshake(
      ConnectionKey connection, boolean startSeen, Instant at, Handshake handshake) {
    ClientHello hello =
        handshake
            .clientHello()
            .orElseThrow(() -> new IllegalArgumentException("handshake without ClientHello"));
    return new TlsHandshake(
        connection.client(),
        connection.clientPort(),
        connection.server(),
        connection.serverPort(),
        connection.start(),
        startSeen,
        at,
        hello.serverName().orElse(""),
        hello.offeredVersions().stream().map(TlsNames::version).toList(),
        hello.cipherSuites().stream()
            .filter(suite -> !TlsNames.isGrease(suite))
            .map(TlsNames::cipherSuite)
            .toList(),
        hello.alpn().stream().map(ClientHello::printable).toList(),
        handshake.serverHello().flatMap(ServerHello::alpn).orElse(""),
        handshake.versionName().orElse(""),
        handshake.cipherSuiteName().orElse(""),
        hello.ja4(),
        handshake.certificates().flatMap(Observations::chain));
  }

  /**
   * The core record of a chain that a probe's TLS session returned, read at {@code at}: the
   * certificates the JDK could read, leaf first, or empty when it could read none.
   */
  public static Optional<dev.tcpmap.core.tls.CertificateChain> probed(
      List<X509Certificate> x509s, Instant at) {
    List<CertificateInfo> read = new ArrayList<>();
    for (X509Certificate x509 : x509s) {
      try {
        read.add(CertificateChain.info(x509));
      } catch (CertificateException | RuntimeException e) {
        // As for an observed chain: a certificate that cannot be read is left out.
      }
    }
    return read.isEmpty()
        ? Optional.empty()
        : Optional.of(dev.tcpmap.core.tls.CertificateChain.probed(certificates(read), at));
  }

  private static Optional<dev.tcpmap.core.tls.CertificateChain> chain(CertificateChain chain) {
    if (chain.certificates().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new dev.tcpmap.core.tls.CertificateChain(
            Source.OBSERVED, certificates(chain.certificates())));
  }

  private static List<Certificate> certificates(List<CertificateInfo> infos) {
    return infos.stream()
        .map(
            c ->
                new Certificate(
                    c.subject(),
                    c.issuer(),
                    c.subjectAlternativeNames(),
                    c.notBefore(),
                    c.notAfter(),
                    c.serialNumber()))
        .toList();
  }
}
