package dev.tcpmap.capture.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TlsNamesTest {
  @Test
  void version_knownAndUnknown() {
    assertThat(TlsNames.version(0x0303)).isEqualTo("TLS 1.2");
    assertThat(TlsNames.version(0x0304)).isEqualTo("TLS 1.3");
    assertThat(TlsNames.version(0x0301)).isEqualTo("TLS 1.0");
    assertThat(TlsNames.version(0x0300)).isEqualTo("SSLv3");
    assertThat(TlsNames.version(0x7f1c)).isEqualTo("0x7F1C");
  }

  @Test
  void cipherSuite_ianaNames() {
    assertThat(TlsNames.cipherSuite(0x1301)).isEqualTo("TLS_AES_128_GCM_SHA256");
    assertThat(TlsNames.cipherSuite(0x1303)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    assertThat(TlsNames.cipherSuite(0xC02F)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(TlsNames.cipherSuite(0xCCA9))
        .isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    assertThat(TlsNames.cipherSuite(0x0000)).isEqualTo("TLS_NULL_WITH_NULL_NULL");
    assertThat(TlsNames.cipherSuite(0x00FF)).isEqualTo("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    assertThat(TlsNames.cipherSuite(0x5600)).isEqualTo("TLS_FALLBACK_SCSV");
    assertThat(TlsNames.cipherSuite(0xC106)).isEqualTo("TLS_GOSTR341112_256_WITH_MAGMA_MGM_S");
  }

  @Test
  void cipherSuite_unassignedOrGrease_hex() {
    assertThat(TlsNames.cipherSuite(0x0A0A)).isEqualTo("0x0A0A");
    assertThat(TlsNames.cipherSuite(0xFEFE)).isEqualTo("0xFEFE");
    assertThat(TlsNames.cipherSuite(0x0060)).isEqualTo("0x0060");
    assertThat(TlsNames.cipherSuite(-1)).isEqualTo("0xFFFF");
  }

  @Test
  void cipherSuite_wholeRegistryLoaded() {
    long named =
        IntStream.range(0, 0x10000).filter(v -> !TlsNames.cipherSuite(v).startsWith("0x")).count();
    assertThat(named).isEqualTo(351);
  }

  @Test
  void isGrease_exactlyTheSixteenValues() {
    assertThat(IntStream.range(0, 0x10000).filter(TlsNames::isGrease).toArray())
        .containsExactly(
            0x0A0A, 0x1A1A, 0x2A2A, 0x3A3A, 0x4A4A, 0x5A5A, 0x6A6A, 0x7A7A, 0x8A8A, 0x9A9A, 0xAAAA,
            0xBABA, 0xCACA, 0xDADA, 0xEAEA, 0xFAFA);
  }
}
