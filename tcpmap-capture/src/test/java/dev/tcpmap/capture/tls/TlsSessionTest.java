package dev.tcpmap.capture.tls;

import static dev.tcpmap.capture.tls.TlsWriter.concat;
import static dev.tcpmap.capture.tls.TlsWriter.handshake;
import static dev.tcpmap.capture.tls.TlsWriter.record;
import static dev.tcpmap.capture.tls.TlsWriter.selectedVersion;
import static dev.tcpmap.capture.tls.TlsWriter.serverHello;
import static dev.tcpmap.capture.tls.TlsWriter.serverName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Synthetic flows: the odd but legal ones are read, the bad ones counted by reason. */
class TlsSessionTest {
  private static final byte[] HELLO =
      TlsWriter.clientHello(0x0303, new int[] {0x1301}, List.of(serverName("a.test")));

  private final TlsParser parser = new TlsParser(TlsParser.MIN_MAX_BUFFERED * 4);

  record BadClient(String name, byte[] bytes, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadClient> badClients() {
    byte[] hello = handshake(1, HELLO);
    byte[] lyingExtensions = hello.clone();
    lyingExtensions[hello.length - 1 - 4 - 6 - 2] = 0x7F; // server_name extension's length
    return Stream.of(
        new BadClient(
            "http",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "not-tls"),
        new BadClient(
            "ssh", "SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII), "not-tls"),
        new BadClient(
            "sslv2 hello",
            HexFormat.of()
                .parseHex("802e0100020015000000100100800200800300800400800500800600400700c0"),
            "sslv2-hello"),
        new BadClient(
            "record version 4.1", concat(new byte[] {22, 4, 1, 0, 4}, new byte[4]), "not-tls"),
        new BadClient("record too long", new byte[] {22, 3, 3, 0x48, 0x01}, "record-too-long"),
        new BadClient(
            "message longer than the cap",
            record(22, new byte[] {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}),
            "handshake-message-too-long"),
        new BadClient(
            "server hello from the client",
            record(22, handshake(2, new byte[40])),
            "unexpected-message"),
        new BadClient("application data first", record(23, new byte[10]), "unexpected-record"),
        new BadClient(
            "extension length past the message",
            record(22, lyingExtensions),
            "client-hello-bad-length"),
        new BadClient(
            "hello cut short", record(22, handshake(1, new byte[20])), "client-hello-truncated"),
        new BadClient(
            "alert inside a message",
            concat(record(22, Arrays.copyOf(hello, 10)), record(21, new byte[] {2, 40})),
            "handshake-interleaved"),
        new BadClient(
            "bad second record header",
            concat(record(22, Arrays.copyOf(hello, 10)), new byte[] {99, 3, 3, 0, 1, 0}),
            "record-bad-header"));
  }

  @ParameterizedTest
  @MethodSource("badClients")
  void client_badInput_givesUpWithReason(BadClient bad) {
    TlsSession session = parser.open();
    session.client(bad.bytes(), 0, bad.bytes().length);
    session.client(bad.bytes(), 0, bad.bytes().length); // ignored once given up

    assertThat(session.gaveUp()).isTrue();
    assertThat(session.buffered()).isZero();
    assertThat(session.handshake().clientHello()).isEmpty();
    assertThat(parser.counters().problems()).containsExactly(Map.entry(bad.reason(), 1L));
  }

  @Test
  void client_messageAsLargeAsTheCapInManyRecords_readWithinTheCap() {
    int cap = TlsParser.MIN_MAX_BUFFERED * 4;
    byte[] body = new byte[cap - 4];
    byte[] message = concat(new byte[] {1}, TlsWriter.u24(body.length), body);
    TlsSession session = parser.open();
    for (int at = 0; at < message.length; at += 100) {
      byte[] fragment = Arrays.copyOfRange(message, at, Math.min(message.length, at + 100));
      byte[] rec = record(22, fragment);
      session.client(rec, 0, rec.length);
      assertThat(session.buffered()).isLessThanOrEqualTo(cap);
    }
    assertThat(parser.counters().problems()).isEmpty();
    assertThat(parser.counters().parsed()).containsEntry("client-hello", 1L);
  }

  @Test
  void server_helloRetryThenCompatibilityCcsThenServerHello_readsTheFinalOne() {
    byte[] retry = serverHello(0x0303, 0x1302, true, List.of(selectedVersion(0x0304)));
    byte[] hello = serverHello(0x0303, 0x1302, false, List.of(selectedVersion(0x0304)));
    byte[] stream =
        concat(
            record(22, handshake(2, retry)),
            record(20, new byte[] {1}),
            record(22, handshake(2, hello)),
            record(23, new byte[30]));
    TlsSession session = parser.open();
    session.server(stream, 0, stream.length);
    session.client(record(22, handshake(1, HELLO)), 0, HELLO.length + 9);

    assertThat(session.isDone()).isTrue();
    assertThat(session.handshake().helloRetryRequested()).isTrue();
    assertThat(session.handshake().versionName()).contains("TLS 1.3");
    assertThat(session.handshake().cipherSuiteName()).contains("TLS_AES_256_GCM_SHA384");
    assertThat(session.handshake().clientHello().orElseThrow().serverName()).contains("a.test");
    assertThat(parser.counters().parsed())
        .containsEntry("hello-retry-request", 1L)
        .containsEntry("server-hello", 1L)
        .containsEntry("client-hello", 1L);
  }

  @Test
  void server_severalMessagesInOneRecord_allRead() {
    byte[] hello = serverHello(0x0303, 0xC02F, false, List.of());
    byte[] noCertificates = new byte[] {0, 0, 0};
    byte[] flight =
        record(
            22,
            concat(handshake(2, hello), handshake(11, noCertificates), handshake(14, new byte[0])));
    TlsSession session = parser.open();
    session.server(flight, 0, flight.length);

    assertThat(session.handshake().cipherSuiteName())
        .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(session.handshake().certificates().orElseThrow().certificates()).isEmpty();
    assertThat(session.handshake().versionName()).contains("TLS 1.2");
  }

  @Test
  void server_alertInsteadOfHello_done() {
    byte[] alert = record(21, new byte[] {2, 40});
    TlsSession session = parser.open();
    session.server(alert, 0, alert.length);

    assertThat(session.handshake().serverHello()).isEmpty();
    assertThat(session.gaveUp()).isFalse();
    assertThat(parser.counters().parsed()).containsEntry("alert", 1L);
  }

  @Test
  void server_resumedTls12_stopsAtChangeCipherSpec() {
    byte[] hello = serverHello(0x0303, 0xC02F, false, List.of());
    byte[] stream =
        concat(
            record(22, handshake(2, hello)), record(20, new byte[] {1}), record(22, new byte[40]));
    TlsSession session = parser.open();
    session.server(stream, 0, stream.length);

    assertThat(session.handshake().versionName()).contains("TLS 1.2");
    assertThat(session.handshake().certificates()).isEmpty();
    assertThat(parser.counters().problems()).isEmpty();
  }

  @Test
  void server_unreadableCertificate_countedAndChainKept() {
    byte[] junk = new byte[] {0x30, 0x03, 1, 2, 3};
    byte[] list = concat(TlsWriter.u24(3 + junk.length), TlsWriter.u24(junk.length), junk);
    byte[] stream =
        concat(
            record(22, handshake(2, serverHello(0x0303, 0xC02F, false, List.of()))),
            record(22, handshake(11, list)));
    TlsSession session = parser.open();
    session.server(stream, 0, stream.length);

    assertThat(session.handshake().certificates().orElseThrow().unreadable()).isEqualTo(1);
    assertThat(parser.counters().problems()).containsEntry("certificate-unreadable", 1L);
  }

  @Test
  void clientHello_odditiesTolerated() throws Exception {
    byte[] body =
        TlsWriter.clientHello(
            0x0303,
            new int[] {0x1301},
            List.of(
                serverName("Evil\u0007Host\\"),
                serverName("second.test"),
                TlsWriter.alpn("h2"),
                TlsWriter.supportedVersions()));
    ClientHello hello = ClientHello.parse(body, 0, body.length);

    assertThat(hello.serverName()).contains("Evil\\x07Host\\x5c");
    assertThat(hello.extensions()).containsExactly(0, 0, 0x10, 0x2b);
    assertThat(hello.offeredVersions()).containsExactly(0x0303);
    assertThat(hello.highestVersion()).isEqualTo(0x0303);
  }

  @Test
  void clientHello_withoutExtensions_tls10() throws Exception {
    byte[] body = Arrays.copyOf(TlsWriter.clientHello(0x0301, new int[] {0x002f}, List.of()), 41);
    ClientHello hello = ClientHello.parse(body, 0, body.length);

    assertThat(hello.extensions()).isEmpty();
    assertThat(hello.serverName()).isEmpty();
    assertThat(hello.offeredVersions()).containsExactly(0x0301);
  }

  @Test
  void parser_capOutOfRange_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TlsParser(100))
        .withMessage("maxBuffered out of range [1024, 16777216]: 100");
  }
}
