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

class ServerCertificateTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
  private static final Certificate SOON =
      new Certificate("CN=soon", "CN=ca", List.of("soon"), T0, T0.plusSeconds(3_600), "1");
  private static final Certificate LATER =
      new Certificate("CN=later", "CN=ca", List.of(), T0, T0.plusSeconds(86_400), "2");

  @Test
  void of_distinctLeaves_soonestExpiryFirst_withEveryServerAndTheLatestSource() {
    List<TlsHandshake> handshakes =
        List.of(
            seen(
                "10.0.0.2",
                443,
                "b.test",
                T0.plusSeconds(5),
                LATER,
                CertificateChain.Source.OBSERVED),
            seen(
                "10.0.0.3",
                443,
                "a.test",
                T0.plusSeconds(1),
                SOON,
                CertificateChain.Source.OBSERVED),
            seen(
                "10.0.0.3", 443, "a.test", T0.plusSeconds(7), SOON, CertificateChain.Source.PROBED),
            seen("10.0.0.4", 8443, "", T0.plusSeconds(3), SOON, CertificateChain.Source.OBSERVED));

    List<ServerCertificate> certificates = ServerCertificate.of(handshakes, TimeRange.ALL);

    assertThat(certificates)
        .extracting(c -> c.leaf().subject())
        .containsExactly("CN=soon", "CN=later");
    ServerCertificate soon = certificates.getFirst();
    assertThat(soon.source()).isEqualTo(CertificateChain.Source.PROBED);
    assertThat(soon.firstSeen()).isEqualTo(T0.plusSeconds(1));
    assertThat(soon.lastSeen()).isEqualTo(T0.plusSeconds(7));
    assertThat(soon.servers())
        .containsExactly(
            new ServerCertificate.Server(IpAddress.parse("10.0.0.3"), 443, "a.test"),
            new ServerCertificate.Server(IpAddress.parse("10.0.0.4"), 8443, ""));
  }

  @Test
  void of_outsideTheWindow_isLeftOut() {
    List<TlsHandshake> handshakes =
        List.of(seen("10.0.0.2", 443, "b.test", T0, LATER, CertificateChain.Source.OBSERVED));
    TimeRange later = new TimeRange(T0.plusSeconds(1).toEpochMilli(), TimeRange.UNBOUNDED_TO);

    assertThat(ServerCertificate.of(handshakes, later)).isEmpty();
  }

  private static TlsHandshake seen(
      String server,
      int port,
      String sni,
      Instant at,
      Certificate leaf,
      CertificateChain.Source source) {
    return new TlsHandshake(
        IpAddress.parse("10.0.0.1"),
        40000,
        IpAddress.parse(server),
        port,
        at,
        true,
        at,
        sni,
        List.of("TLS 1.2"),
        List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"),
        List.of(),
        "",
        "TLS 1.2",
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "t12d0101h2_000000000000_000000000000",
        Optional.of(new CertificateChain(source, List.of(leaf))));
  }
}
