package dev.tcpmap.capture.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A server's certificate chain from a TLS ≤ 1.2 Certificate message (RFC 5246 §7.4.2): the
 * certificates the JDK could read, leaf first, and how many it could not.
 *
 * @param certificates readable certificates in message order (the leaf first)
 * @param unreadable DER entries the JDK rejected; they are left out of {@code certificates}
 */
public record CertificateChain(List<CertificateInfo> certificates, int unreadable) {
  private static final String CONTEXT = "certificate";
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  public CertificateChain {
    certificates = List.copyOf(certificates);
    if (unreadable < 0) {
      throw new IllegalArgumentException("unreadable < 0: " + unreadable);
    }
  }

  /**
   * Parses a Certificate message body: a 3-byte length, then each DER certificate with its own
   * 3-byte length. A certificate the JDK cannot read is counted in {@link #unreadable()}, not
   * fatal; a broken framing is.
   *
   * @param factory an X.509 {@link CertificateFactory} used by one thread at a time
   * @throws TlsFormatException with a {@code certificate-…} reason
   */
  public static CertificateChain parse(
      byte[] body, int offset, int length, CertificateFactory factory) throws TlsFormatException {
    TlsReader in = new TlsReader(body, offset, offset + length, CONTEXT);
    TlsReader list = in.vector(3);
    List<CertificateInfo> certificates = new ArrayList<>();
    int unreadable = 0;
    while (list.hasRemaining()) {
      TlsReader der = list.vector(3);
      CertificateInfo certificate = read(der.array(), der.offset(), der.remaining(), factory);
      if (certificate == null) {
        unreadable++;
      } else {
        certificates.add(certificate);
      }
    }
    return new CertificateChain(certificates, unreadable);
  }

  /** The JDK's view of one DER certificate, or null when it rejects it. */
  static CertificateInfo read(byte[] der, int offset, int length, CertificateFactory factory) {
    try {
      var x509 =
          (X509Certificate)
              factory.generateCertificate(new ByteArrayInputStream(der, offset, length));
      return info(x509);
    } catch (CertificateException | RuntimeException e) {
      // The JDK's DER parser reports hostile input with unchecked exceptions too (e.g. an
      // IllegalArgumentException for a bad date, an IOException wrapped in a RuntimeException).
      return null;
    }
  }

  /**
   * What tcpmap shows of one certificate the JDK has read (from a Certificate message, or from a
   * probe's TLS session).
   *
   * @throws CertificateException when its subjectAltName extension cannot be read
   */
  static CertificateInfo info(X509Certificate x509) throws CertificateException {
    return new CertificateInfo(
        x509.getSubjectX500Principal().getName(X500Principal.RFC2253),
        x509.getIssuerX500Principal().getName(X500Principal.RFC2253),
        alternativeNames(x509),
        x509.getNotBefore().toInstant(),
        x509.getNotAfter().toInstant(),
        x509.getSerialNumber().toString(16));
  }

  private static List<String> alternativeNames(X509Certificate x509) throws CertificateException {
    Collection<List<?>> names = x509.getSubjectAlternativeNames();
    if (names == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (List<?> name : names) {
      if (name.size() >= 2
          && name.get(0) instanceof Integer type
          && (type == SAN_DNS || type == SAN_IP)
          && name.get(1) instanceof String value) {
        out.add(value);
      }
    }
    return out;
  }
}
