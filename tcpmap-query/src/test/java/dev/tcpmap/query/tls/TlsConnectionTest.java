package dev.tcpmap.query.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsConnectionTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
  private static final Certificate LEAF =
      new Certificate("CN=a", "CN=ca", List.of(), T0, T0.plusSeconds(86_400), "1");

  @Test
  void id_isStableAndTellsPortsAndFamiliesApart() {
    String id = TlsConnection.id(ip("10.0.0.1"), ip("10.0.0.2"), 443);
    assertThat(id).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(TlsConnection.id(ip("10.0.0.1"), ip("10.0.0.2"), 443)).isEqualTo(id);
    assertThat(TlsConnection.id(ip("10.0.0.1"), ip("10.0.0.2"), 8443)).isNotEqualTo(id);
    assertThat(TlsConnection.id(ip("::ffff:10.0.0.1"), ip("10.0.0.2"), 443)).isNotEqualTo(id);
  }

  @Test
  void of_oneEntryPerTriple_newestWins_certificateFromNewestChain() {
    TlsHandshake old = handshake("10.0.0.1", 40000, 443, T0, "TLS 1.2", true);
    TlsHandshake newer = handshake("10.0.0.1", 40001, 443, T0.plusSeconds(9), "TLS 1.3", false);
    TlsHandshake other = handshake("10.0.0.1", 40002, 8443, T0.plusSeconds(1), "TLS 1.3", false);

    List<TlsConnection> all = TlsConnection.of(List.of(newer, other, old), TimeRange.ALL);

    assertThat(all).hasSize(2);
    assertThat(all.get(0).newest()).isEqualTo(newer);
    assertThat(all.get(0).certified()).contains(old);
    assertThat(all.get(1).newest()).isEqualTo(other);
    assertThat(all.get(1).certified()).isEmpty();
  }

  @Test
  void of_keepsOnlyHandshakesCapturedInTheWindow() {
    TlsHandshake early = handshake("10.0.0.1", 40000, 443, T0, "TLS 1.2", true);
    TlsHandshake late = handshake("10.0.0.1", 40001, 443, T0.plusSeconds(9), "TLS 1.3", false);
    TimeRange window =
        new TimeRange(T0.plusSeconds(5).toEpochMilli(), T0.plusSeconds(10).toEpochMilli());

    List<TlsConnection> in = TlsConnection.of(List.of(early, late), window);

    assertThat(in).singleElement().satisfies(c -> assertThat(c.certified()).isEmpty());
  }

  @Test
  void find_byId_orEmpty() {
    TlsHandshake h = handshake("2001:db8::1", 40000, 443, T0, "TLS 1.3", false);
    String id = TlsConnection.id(ip("2001:db8::1"), ip("198.51.100.1"), 443);

    assertThat(TlsConnection.find(List.of(h), TimeRange.ALL, id)).isPresent();
    assertThat(TlsConnection.find(List.of(h), TimeRange.ALL, "0000000000000000")).isEmpty();
  }

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  static TlsHandshake handshake(
      String client, int clientPort, int serverPort, Instant at, String version, boolean chain) {
    return new TlsHandshake(
        ip(client),
        clientPort,
        ip("198.51.100.1"),
        serverPort,
        at,
        true,
        at,
        "tls.test",
        List.of("TLS 1.3"),
        List.of("TLS_AES_128_GCM_SHA256"),
        List.of(),
        "",
        version,
        version.equals("TLS 1.3") ? "TLS_AES_128_GCM_SHA256" : "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "t13d0101h2_000000000000_000000000000",
        chain
            ? Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, List.of(LEAF)))
            : Optional.empty());
  }
}
