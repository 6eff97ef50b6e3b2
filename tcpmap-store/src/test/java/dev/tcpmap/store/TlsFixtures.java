package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.T0;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Handshakes with every field set to something a lossy store would get wrong. */
final class TlsFixtures {

  static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  static final IpAddress SERVER = IpAddress.parse("10.96.0.10");
  static final IpAddress CLIENT_V6 = IpAddress.parse("2001:db8::1");
  static final IpAddress SERVER_V6 = IpAddress.parse("2001:db8::ff:443");

  /** Validity before the epoch and at the end of year 9999, to the nanosecond. */
  static final Certificate ROOT =
      new Certificate(
          "CN=Test Root CA,O=tcpmap",
          "CN=Test Root CA,O=tcpmap",
          List.of(),
          Instant.parse("1969-12-31T23:59:58.000000001Z"),
          Instant.parse("9999-12-31T23:59:59.999999999Z"),
          "1");

  static final Certificate INTERMEDIATE =
      new Certificate(
          "CN=Test Issuing CA,O=tcpmap",
          "CN=Test Root CA,O=tcpmap",
          List.of(),
          Instant.parse("2023-01-01T00:00:00Z"),
          Instant.parse("2033-01-01T00:00:00Z"),
          "2a");

  /** SANs with the list separators in them, and a name that is not ASCII. */
  static final Certificate LEAF =
      new Certificate(
          "CN=shop.example,O=Shöp \\, 東京",
          "CN=Test Issuing CA,O=tcpmap",
          List.of("shop.example", "3:x,y", "", "10.96.0.10", "::1"),
          Instant.parse("2023-11-01T00:00:00.123456789Z"),
          Instant.parse("2024-02-01T00:00:00Z"),
          "deadbeef01");

  static final Certificate OTHER_LEAF =
      new Certificate(
          "CN=api.example",
          "CN=Test Issuing CA,O=tcpmap",
          List.of("api.example"),
          Instant.parse("2023-11-01T00:00:00Z"),
          Instant.parse("2024-01-15T00:00:00Z"),
          "c0ffee");

  static final CertificateChain OBSERVED =
      new CertificateChain(CertificateChain.Source.OBSERVED, List.of(LEAF, INTERMEDIATE, ROOT));
  static final CertificateChain PROBED =
      CertificateChain.probed(
          List.of(OTHER_LEAF, INTERMEDIATE), Instant.parse("2023-11-14T00:00:00.000000007Z"));

  private TlsFixtures() {}

  /** Epoch milliseconds plus nanoseconds, as an instant. */
  static Instant at(long millis, long extraNanos) {
    return Instant.ofEpochMilli(millis).plusNanos(extraNanos);
  }

  /** A TLS 1.2 handshake with ALPN, lists of every size, at {@code T0 + millis}. */
  static TlsHandshake tls12(long millis, Optional<CertificateChain> chain) {
    return new TlsHandshake(
        CLIENT,
        40_001,
        SERVER,
        443,
        at(T0 + millis, 0).minusNanos(1_234_567),
        true,
        at(T0 + millis, 0),
        "shop.example",
        List.of("TLS 1.2", "TLS 1.1"),
        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "0x0A0A", "12:not-a-count"),
        List.of("h2", "http/1.1"),
        "h2",
        "TLS 1.2",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "t12d0203h2_1234567890ab_ba0987654321",
        chain);
  }

  /**
   * A TLS 1.3 handshake over IPv6 without SNI, ALPN or a server answer, on a connection picked up
   * at its ClientHello (no SYN seen).
   */
  static TlsHandshake unanswered(long millis, long nanos) {
    return TestHandshakes.midStream(
        CLIENT_V6, 0, SERVER_V6, 65_535, at(T0 + millis, nanos), List.of("TLS 1.3"));
  }

  /** A simple handshake told apart by its client port. */
  static TlsHandshake numbered(long millis, int port) {
    return TestHandshakes.tls13(
        CLIENT,
        port,
        SERVER,
        443,
        at(T0 + millis, 0),
        at(T0 + millis, 0),
        "n" + port,
        Optional.empty());
  }
}
