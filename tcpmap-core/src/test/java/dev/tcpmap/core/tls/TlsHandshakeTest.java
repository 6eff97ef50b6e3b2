package dev.tcpmap.core.tls;

import static dev.tcpmap.core.testing.TestHandshakes.LEAF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsHandshakeTest {
  private static final Instant START = Instant.parse("2026-11-21T09:00:00Z");

  @Test
  void constructor_copiesLists() {
    List<String> alpn = new ArrayList<>(List.of("h2"));
    TlsHandshake handshake = handshake(alpn, "TLS 1.3", "TLS_AES_128_GCM_SHA256", START);

    alpn.add("http/1.1");

    assertThat(handshake.alpnOffered()).containsExactly("h2");
    assertThat(handshake.negotiated()).isTrue();
  }

  @Test
  void constructor_versionWithoutCipherSuite_isRejected() {
    assertThatThrownBy(() -> handshake(List.of(), "TLS 1.3", "", START))
        .hasMessage("version and cipherSuite come from one ServerHello: \"TLS 1.3\", \"\"");
  }

  @Test
  void constructor_helloBeforeConnectionStart_isRejected() {
    assertThatThrownBy(() -> handshake(List.of(), "", "", START.minusNanos(1)))
        .hasMessageStartingWith("at 2026-11-21T08:59:59.999999999Z is before connectionStart");
  }

  @Test
  void noServerHello_isNotNegotiated() {
    assertThat(handshake(List.of(), "", "", START).negotiated()).isFalse();
  }

  @Test
  void chain_mustNotBeEmpty_andKnowsItsLeaf() {
    assertThatThrownBy(() -> new CertificateChain(CertificateChain.Source.OBSERVED, List.of()))
        .hasMessage("chain is empty");
    CertificateChain chain = new CertificateChain(CertificateChain.Source.PROBED, List.of(LEAF));
    assertThat(chain.leaf()).isEqualTo(LEAF);
    assertThat(chain.source().wireName()).isEqualTo("probed");
  }

  @Test
  void chain_probeTime_onlyForAProbedChain_andKeptByWithCertificate() {
    Instant probedAt = START.plusSeconds(5);
    assertThatThrownBy(
            () ->
                new CertificateChain(
                    CertificateChain.Source.OBSERVED, List.of(LEAF), Optional.of(probedAt)))
        .hasMessage("only a probed chain has a probe time: OBSERVED");
    CertificateChain probed = CertificateChain.probed(List.of(LEAF), probedAt);
    TlsHandshake h = handshake(List.of(), "TLS 1.3", "TLS_AES_128_GCM_SHA256", START);

    TlsHandshake with = h.withCertificate(probed);

    assertThat(with.certificate()).contains(probed);
    assertThat(with.certificate().orElseThrow().probedAt()).contains(probedAt);
    assertThat(with.withCertificate(probed)).isEqualTo(with);
    assertThat(with).usingRecursiveComparison().ignoringFields("certificate").isEqualTo(h);
  }

  @Test
  void certificate_emptySerial_isRejected() {
    assertThatThrownBy(
            () -> new Certificate("CN=a", "CN=b", List.of(), LEAF.notBefore(), LEAF.notAfter(), ""))
        .hasMessage("serial is empty");
  }

  private static TlsHandshake handshake(
      List<String> alpn, String version, String suite, Instant at) {
    return new TlsHandshake(
        IpAddress.parse("192.0.2.1"),
        40000,
        IpAddress.parse("198.51.100.1"),
        443,
        START,
        true,
        at,
        "tls.test",
        List.of("TLS 1.3"),
        List.of("TLS_AES_128_GCM_SHA256"),
        alpn,
        "",
        version,
        suite,
        "t13d0101h2_000000000000_000000000000",
        Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, List.of(LEAF))));
  }
}
