package dev.tcpmap.enrich.probe;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.TlsHandshake;
import java.util.Objects;

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
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** The server of {@code h}, with its SNI. */
  public static ProbeTarget of(TlsHandshake h) {
    return new ProbeTarget(h.server(), h.serverPort(), h.sni());
  }
}
