package dev.tcpmap.capture.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Handshakes made by the JDK's TLS engines, read back exactly, however the bytes are cut. */
class TlsSessionRealHandshakeTest {
  private static final TlsHandshakes.Recorded TLS12 = TlsHandshakes.tls12();
  private static final TlsHandshakes.Recorded TLS13 =
      TlsHandshakes.record(
          "TLSv1.3", "TLS_AES_256_GCM_SHA384", "alt.tls.test", List.of("http/1.1"));

  private final TlsParser parser = new TlsParser(TlsParser.DEFAULT_MAX_BUFFERED);

  @Test
  void tls12_readsHelloesAndChainExactly() {
    Handshake handshake = wholeHandshake(TLS12);
    ClientHello hello = handshake.clientHello().orElseThrow();
    assertThat(hello.serverName()).contains("tls.test");
    assertThat(hello.alpn()).containsExactly("h2", "http/1.1");
    assertThat(hello.offeredVersions()).containsExactly(0x0303);
    assertThat(hello.cipherSuites()).contains(0xC02B);
    assertThat(hello.ja4()).startsWith("t12d").contains("h2_");
    ServerHello server = handshake.serverHello().orElseThrow();
    assertThat(handshake.versionName()).contains("TLS 1.2");
    assertThat(handshake.cipherSuiteName()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(server.alpn()).contains("h2");
    assertThat(handshake.helloRetryRequested()).isFalse();

    CertificateChain chain = handshake.certificates().orElseThrow();
    assertThat(chain.unreadable()).isZero();
    assertThat(chain.certificates()).hasSize(2);
    CertificateInfo leaf = chain.certificates().getFirst();
    assertThat(leaf.subject()).isEqualTo("CN=tls.test,O=tcpmap");
    assertThat(leaf.issuer()).isEqualTo("CN=tcpmap test CA,O=tcpmap");
    assertThat(leaf.subjectAlternativeNames())
        .containsExactly("tls.test", "alt.tls.test", "127.0.0.1");
    assertThat(leaf.notBefore()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
    assertThat(leaf.notAfter()).isEqualTo(Instant.parse("2026-02-06T03:04:05Z"));
    assertThat(leaf.serialNumber()).isEqualTo("d4fbac67ea6e6798");
    assertThat(chain.certificates().get(1).subject()).isEqualTo("CN=tcpmap test CA,O=tcpmap");
    assertThat(parser.counters().parsed())
        .containsEntry("client-hello", 1L)
        .containsEntry("server-hello", 1L)
        .containsEntry("certificate-chain", 1L)
        .containsEntry("certificate", 2L);
    assertThat(parser.counters().problems()).isEmpty();
  }

  @Test
  void tls13_readsHelloesAndStopsAtTheEncryptedPart() {
    Handshake handshake = wholeHandshake(TLS13);
    ClientHello hello = handshake.clientHello().orElseThrow();
    assertThat(hello.serverName()).contains("alt.tls.test");
    assertThat(hello.alpn()).containsExactly("http/1.1");
    assertThat(hello.legacyVersion()).isEqualTo(0x0303);
    assertThat(hello.offeredVersions()).containsExactly(0x0304);
    assertThat(hello.cipherSuites()).contains(0x1302);
    assertThat(hello.ja4()).startsWith("t13d").contains("h1_");
    assertThat(handshake.versionName()).contains("TLS 1.3");
    assertThat(handshake.cipherSuiteName()).contains("TLS_AES_256_GCM_SHA384");
    assertThat(handshake.certificates()).isEmpty();
    assertThat(parser.counters().problems()).isEmpty();
  }

  static Stream<TlsHandshakes.Recorded> handshakes() {
    return Stream.of(TLS12, TLS13);
  }

  @ParameterizedTest
  @MethodSource("handshakes")
  void feed_splitAtEveryByte_sameHandshake(TlsHandshakes.Recorded recorded) {
    Handshake whole = wholeHandshake(recorded);
    for (int cut = 1; cut < Math.max(recorded.client().length, recorded.server().length); cut++) {
      TlsSession session = parser.open();
      feedCut(session, recorded, cut);
      assertThat(session.handshake()).as("cut at %d", cut).isEqualTo(whole);
      assertThat(session.isDone()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("handshakes")
  void feed_randomPiecesAndReframedRecords_sameHandshake(TlsHandshakes.Recorded recorded) {
    Handshake whole = wholeHandshake(recorded);
    SplittableRandom random = new SplittableRandom(42);
    for (int run = 0; run < 300; run++) {
      int recordSize = random.nextInt(1, 3000);
      byte[] client = TlsWriter.reframe(recorded.client(), recordSize);
      byte[] server = TlsWriter.reframe(recorded.server(), recordSize);
      TlsSession session = parser.open();
      feedPieces(session, client, server, random);
      assertThat(session.handshake()).as("run %d, records of %d", run, recordSize).isEqualTo(whole);
      assertThat(session.isDone()).isTrue();
    }
    assertThat(parser.counters().problems()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("handshakes")
  void feed_oneByteAtATime_sameHandshake(TlsHandshakes.Recorded recorded) {
    Handshake whole = wholeHandshake(recorded);
    TlsSession session = parser.open();
    for (int i = 0; i < Math.max(recorded.client().length, recorded.server().length); i++) {
      if (i < recorded.client().length) {
        session.client(recorded.client(), i, 1);
      }
      if (i < recorded.server().length) {
        session.server(recorded.server(), i, 1);
      }
      assertThat(session.buffered()).isLessThanOrEqualTo(2 * TlsParser.DEFAULT_MAX_BUFFERED);
    }
    assertThat(session.handshake()).isEqualTo(whole);
  }

  /** The handshake read from both sides fed whole, which must be complete. */
  private Handshake wholeHandshake(TlsHandshakes.Recorded recorded) {
    TlsSession session = parser.open();
    session.client(recorded.client(), 0, recorded.client().length);
    session.server(recorded.server(), 0, recorded.server().length);
    assertThat(session.isDone()).isTrue();
    return session.handshake();
  }

  private static void feedCut(TlsSession session, TlsHandshakes.Recorded recorded, int cut) {
    byte[] c = recorded.client();
    byte[] s = recorded.server();
    int cc = Math.min(cut, c.length);
    int sc = Math.min(cut, s.length);
    session.client(c, 0, cc);
    session.server(s, 0, sc);
    session.client(c, cc, c.length - cc);
    session.server(s, sc, s.length - sc);
  }

  private static void feedPieces(
      TlsSession session, byte[] client, byte[] server, SplittableRandom random) {
    int c = 0;
    int s = 0;
    while (c < client.length || s < server.length) {
      if (c < client.length) {
        int n = Math.min(client.length - c, random.nextInt(1, 1500));
        session.client(Arrays.copyOfRange(client, c, c + n), 0, n);
        c += n;
      }
      if (s < server.length) {
        int n = Math.min(server.length - s, random.nextInt(1, 1500));
        session.server(server, s, n);
        s += n;
      }
    }
  }
}
