package dev.tcpmap.core.tls;

import dev.tcpmap.core.model.Checks;
import java.time.Instant;
import java.util.List;

/**
 * One X.509 certificate of a server's chain.
 *
 * @param subject subject distinguished name, RFC 2253 form ({@code CN=tls.test,O=tcpmap})
 * @param issuer issuer distinguished name, RFC 2253 form
 * @param sans the DNS names and IP addresses of the {@code subjectAltName} extension, in
 *     certificate order (other name types left out)
 * @param notBefore start of validity
 * @param notAfter end of validity (k8spacket's {@code k8s_packet_tls_cert_expiry})
 * @param serial serial number in lower-case hex without leading zeros
 */
public record Certificate(
    String subject,
    String issuer,
    List<String> sans,
    Instant notBefore,
    Instant notAfter,
    String serial) {

  public Certificate {
    Checks.nonNull("subject issuer notBefore notAfter", subject, issuer, notBefore, notAfter);
    sans = List.copyOf(sans);
    if (serial.isEmpty()) {
      throw new IllegalArgumentException("serial is empty");
    }
  }
}
