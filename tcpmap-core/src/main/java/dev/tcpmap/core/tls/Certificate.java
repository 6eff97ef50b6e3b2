package dev.tcpmap.core.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    sans = List.copyOf(sans);
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (serial.isEmpty()) {
      throw new IllegalArgumentException("serial is empty");
    }
  }
}
