package dev.tcpmap.capture.tls;

import java.time.Instant;
import java.util.List;

/**
 * One X.509 certificate of a server's chain, as the JDK's {@code CertificateFactory} read it.
 *
 * @param subject subject distinguished name (RFC 2253 form)
 * @param issuer issuer distinguished name (RFC 2253 form)
 * @param subjectAlternativeNames DNS names and IP addresses of the {@code subjectAltName}
 *     extension, in certificate order (other name types are left out)
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param serialNumber serial number in lower-case hex without leading zeros
 */
public record CertificateInfo(
    String subject,
    String issuer,
    List<String> subjectAlternativeNames,
    Instant notBefore,
    Instant notAfter,
    String serialNumber) {

  public CertificateInfo {
    subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
  }
}
