package dev.tcpmap.core.event;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Ports;
import dev.tcpmap.core.tls.CertificateChain;
import java.time.Instant;
import java.util.Optional;

/**
 * What one certificate probe learnt by connecting to a TLS server with a client's SNI: the chain
 * the server sent, or why there is none.
 *
 * @param server the server's address, as the handshakes that asked for the probe name it
 * @param port the server's port
 * @param sni the server name the probe sent ("" for none)
 * @param at when the probe ended
 * @param chain the chain, empty when the probe failed
 * @param failure why it failed, a short stable token ({@code refused}, {@code timeout}, …); "" when
 *     it did not
 */
public record CertificateProbed(
    IpAddress server,
    int port,
    String sni,
    Instant at,
    Optional<CertificateChain> chain,
    String failure)
    implements Event {

  public CertificateProbed {
    Checks.nonNull("server sni at chain failure", server, sni, at, chain, failure);
    Ports.checkConnectable(port, "port");
    if (chain.isPresent() == !failure.isEmpty()) {
      throw new IllegalArgumentException(
          "a probe has either a chain or a failure: " + chain + ", '" + failure + "'");
    }
  }
}
