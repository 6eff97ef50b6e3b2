package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.tls.TlsConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsJsonTest {
  private static final Instant AT = Instant.parse("2026-01-15T10:00:00.250Z");
  private static final Instant PROBED_AT = Instant.parse("2026-01-15T10:00:01.5Z");
  private static final Certificate LEAF = TestHandshakes.LEAF;

  @Test
  void details_probedChain_lastScrapeIsTheProbeTime() {
    TlsHandshake h = handshake(Optional.of(CertificateChain.probed(List.of(LEAF), PROBED_AT)));

    JsonNode certificate = TlsJson.details(connection(h)).get("certificate");

    assertThat(certificate.get("lastScrape").asText()).isEqualTo("2026-01-15T10:00:01.5Z");
    assertThat(certificate.get("notAfter").asText()).isEqualTo("2026-02-06T03:04:05Z");
    assertThat(Json.tlsHandshake(h).get("certificate").get("source").asText()).isEqualTo("probed");
    assertThat(Json.tlsHandshake(h).get("certificate").get("probedAt").asText())
        .isEqualTo("2026-01-15T10:00:01.500000Z");
  }

  @Test
  void details_observedChain_lastScrapeIsTheHandshakeTime() {
    TlsHandshake h =
        handshake(
            Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, List.of(LEAF))));

    JsonNode certificate = TlsJson.details(connection(h)).get("certificate");

    assertThat(certificate.get("lastScrape").asText()).isEqualTo("2026-01-15T10:00:00.25Z");
    assertThat(Json.tlsHandshake(h).get("certificate").has("probedAt")).isFalse();
  }

  private static TlsConnection connection(TlsHandshake h) {
    return new TlsConnection(
        TlsConnection.id(h.client(), h.server(), h.serverPort()), h, Optional.of(h));
  }

  private static TlsHandshake handshake(Optional<CertificateChain> chain) {
    return TestHandshakes.tls13(
        IpAddress.parse("10.0.0.1"),
        40_000,
        IpAddress.parse("10.0.0.2"),
        443,
        AT,
        AT,
        "tls.test",
        chain);
  }
}
