package dev.tcpmap.capture.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Any bytes as the two directions of a connection, and as each handshake message body: nothing but
 * {@link TlsFormatException} escapes the parsers, a session never holds more than its cap, and a
 * session is never both given up and holding bytes. Runs over the seeds in {@code
 * TlsFuzzTestInputs} in a plain build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class TlsFuzzTest {
  private static final int CAP = TlsParser.MIN_MAX_BUFFERED * 2;

  private final TlsParser parser = new TlsParser(CAP);
  private final CertificateFactory factory;

  TlsFuzzTest() throws CertificateException {
    factory = CertificateFactory.getInstance("X.509");
  }

  /**
   * Layout, so that seeds are real recordings with a 3-byte prefix: bytes 0–1 the client stream's
   * length, byte 2 the largest piece fed at once (0 = all); then the client's bytes, then the
   * server's.
   */
  @FuzzTest(maxDuration = "5m")
  void session(byte[] input) {
    if (input.length < 3) {
      return;
    }
    int clientLength = Math.min(input.length - 3, (input[0] & 0xFF) << 8 | input[1] & 0xFF);
    int piece = input[2] & 0xFF;
    int serverStart = 3 + clientLength;
    TlsSession session = parser.open();
    int c = 3;
    int s = serverStart;
    while (c < serverStart || s < input.length) {
      int n = Math.min(serverStart - c, piece == 0 ? Integer.MAX_VALUE : piece);
      session.client(input, c, n);
      c += n;
      int m = Math.min(input.length - s, piece == 0 ? Integer.MAX_VALUE : piece);
      session.server(input, s, m);
      s += m;
      assertThat(session.buffered()).isLessThanOrEqualTo(2 * CAP);
    }
    Handshake handshake = session.handshake();
    handshake.clientHello().ifPresent(hello -> assertThat(hello.ja4()).hasSize(36));
    handshake.versionName().ifPresent(name -> assertThat(name).isNotEmpty());
    handshake.cipherSuiteName().ifPresent(name -> assertThat(name).isNotEmpty());
    if (session.isDone()) {
      assertThat(session.buffered()).isZero();
    }
  }

  /** The input as the body of a ClientHello, a ServerHello and a Certificate message. */
  @FuzzTest(maxDuration = "5m")
  void messages(byte[] input) {
    try {
      ClientHello hello = ClientHello.parse(input, 0, input.length);
      assertThat(hello.ja4()).hasSize(36);
    } catch (TlsFormatException e) {
      assertThat(e.offset()).isBetween(0, input.length);
    }
    try {
      ServerHello hello = ServerHello.parse(input, 0, input.length);
      assertThat(TlsNames.cipherSuite(hello.cipherSuite())).isNotEmpty();
    } catch (TlsFormatException e) {
      assertThat(e.offset()).isBetween(0, input.length);
    }
    try {
      CertificateChain chain = CertificateChain.parse(input, 0, input.length, factory);
      assertThat(chain.unreadable()).isNotNegative();
    } catch (TlsFormatException e) {
      assertThat(e.offset()).isBetween(0, input.length);
    }
  }
}
