package dev.tcpmap.enrich.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.enrich.probe.TestTlsServer.Mode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The probe against real JDK servers on loopback: TLS 1.3, silent, plaintext, none. */
class TlsProbeTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final InstantSource CLOCK = InstantSource.fixed(NOW);

  /** A probe with a timeout no loopback answer comes near. */
  private static CertificateProbed probe(String address, int port, String sni) {
    return new TlsProbe(Duration.ofSeconds(5), CLOCK)
        .probe(new ProbeTarget(IpAddress.parse(address), port, sni));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void probe_tls13Server_readsTheChainExactlyAndSendsTheSni(String address) throws Exception {
    try (TestTlsServer server = TestTlsServer.start(address, Mode.TLS13)) {
      CertificateProbed result = probe(address, server.port(), "alt.tls.test");

      assertThat(result.failure()).isEmpty();
      CertificateChain chain = result.chain().orElseThrow();
      assertThat(chain.source()).isEqualTo(CertificateChain.Source.PROBED);
      assertThat(chain.probedAt()).contains(NOW);
      assertThat(result.at()).isEqualTo(NOW);
      Certificate leaf = chain.leaf();
      assertThat(leaf.subject()).isEqualTo("CN=tls.test,O=tcpmap");
      assertThat(leaf.issuer()).isEqualTo("CN=tcpmap test CA,O=tcpmap");
      assertThat(leaf.sans()).containsExactly("tls.test", "alt.tls.test", "127.0.0.1");
      assertThat(leaf.notBefore()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
      assertThat(leaf.notAfter()).isEqualTo(Instant.parse("2026-02-06T03:04:05Z"));
      assertThat(leaf.serial()).isEqualTo("d4fbac67ea6e6798");
      assertThat(server.nextSni()).isEqualTo("alt.tls.test");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void probe_withoutSni_sendsNone() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      CertificateProbed result = probe("127.0.0.1", server.port(), "");

      assertThat(result.chain()).isPresent();
      assertThat(server.nextSni()).isEmpty();
    }
  }

  @Test
  void probe_closedPort_failsAsRefused() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket()) {
      free.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = free.getLocalPort();
    }
    CertificateProbed result = probe("127.0.0.1", port, "tls.test");

    assertThat(result.failure()).isEqualTo("refused");
    assertThat(result.chain()).isEmpty();
  }

  @Test
  void probe_serverThatNeverAnswers_failsAsTimeoutAfterTheTimeout() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.SILENT)) {
      long started = System.nanoTime();
      CertificateProbed result =
          new TlsProbe(Duration.ofMillis(300), CLOCK)
              .probe(new ProbeTarget(IpAddress.parse("127.0.0.1"), server.port(), "tls.test"));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(result.failure()).isEqualTo("timeout");
      // Not a performance bound: the probe gave up on its timeout, not on the JDK's default
      // (none for reads) — anything under the test's own limit shows that.
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(300))
          .isLessThan(Duration.ofSeconds(30));
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void probe_plaintextServer_failsAsNotTls() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("::1", Mode.PLAINTEXT)) {
      CertificateProbed result = probe("::1", server.port(), "tls.test");

      assertThat(result.failure()).isEqualTo("not-tls");
    }
  }

  @Test
  void probe_sniTheJdkWillNotSend_failsAsBadSniWithoutConnecting() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      CertificateProbed result = probe("127.0.0.1", server.port(), "a b.test");

      assertThat(result.failure()).isEqualTo("bad-sni");
      assertThat(server.connections()).isZero();
    }
  }

  @Test
  void result_withNeitherChainNorFailure_isRejected() {
    assertThatThrownBy(
            () ->
                new CertificateProbed(
                    IpAddress.parse("127.0.0.1"), 443, "", NOW, Optional.empty(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("either a chain or a failure");
  }
}
