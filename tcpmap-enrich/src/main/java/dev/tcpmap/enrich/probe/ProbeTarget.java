package dev.tcpmap.enrich.probe;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Ports;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a certificate probe asks: a server by IP and port, and the name a client asked it for (a
 * server with several certificates picks one by SNI).
 *
 * @param sni the ClientHello's server name, or {@code ""} for none (the probe then sends none)
 */
public record ProbeTarget(IpAddress ip, int port, String sni) {
  public ProbeTarget {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(sni, "sni");
    Ports.checkConnectable(port, "port");
  }

  /** The target a probe's result answers. */
  public static ProbeTarget of(CertificateProbed result) {
    return new ProbeTarget(result.server(), result.port(), result.sni());
  }

  /** A probe of this target that read {@code chain} at {@code at}. */
  public CertificateProbed probed(Instant at, Optional<CertificateChain> chain) {
    return new CertificateProbed(ip, port, sni, at, chain, "");
  }

  /** A probe of this target that failed at {@code at} for {@code reason}. */
  public CertificateProbed failed(Instant at, String reason) {
    return new CertificateProbed(ip, port, sni, at, Optional.empty(), reason);
  }

  /** The server of {@code h}, with its SNI. */
  public static ProbeTarget of(TlsHandshake h) {
    return new ProbeTarget(h.server(), h.serverPort(), h.sni());
  }
}
