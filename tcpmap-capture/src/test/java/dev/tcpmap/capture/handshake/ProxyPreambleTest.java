package dev.tcpmap.capture.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.handshake.ProxyPreamble.Step;
import dev.tcpmap.capture.testing.Packets;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyPreambleTest {
  /** What follows a preamble in these cases: the start of a TLS record. */
  private static final byte[] TUNNEL = {0x16, 0x03, 0x01};

  /** A set-up whose two sides both end, each followed by {@link #TUNNEL}. */
  record Tunnel(String name, byte[] client, byte[] server) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Tunnel> tunnels() {
    return Stream.of(
        new Tunnel(
            "SOCKS5, no authentication, IPv4",
            hex("050100" + "050100 01 c0000201 01bb"),
            hex("0500" + "050000 01 00000000 0000")),
        new Tunnel(
            "SOCKS5, two methods offered, a name",
            hex("05020002" + "050100 03 08 746c732e74657374 01bb"),
            hex("0500" + "050000 03 05 70726f7879 1f90")),
        new Tunnel(
            "SOCKS5, username and password, IPv6",
            hex(
                "050102"
                    + "01 04 75736572 06 736563726574"
                    + "050100 04 "
                    + "20010db8".repeat(4)
                    + "01bb"),
            hex("0502" + "0100" + "050000 04 " + "00".repeat(16) + "0000")),
        new Tunnel(
            "SOCKS5, empty username and password",
            hex("050102" + "01 00 00" + "050100 01 c0000201 01bb"),
            hex("0502" + "0100" + "050000 01 00000000 0000")),
        new Tunnel(
            "HTTP CONNECT, 200",
            ascii("CONNECT tls.test:443 HTTP/1.1\r\nHost: tls.test:443\r\n\r\n"),
            ascii("HTTP/1.1 200 Connection established\r\n\r\n")),
        new Tunnel(
            "HTTP CONNECT, 204 with headers, bare line feeds",
            ascii("CONNECT [2001:db8::1]:443 HTTP/1.0\nProxy-Authorization: Basic eDp5\n\n"),
            ascii("HTTP/1.0 204 OK\nVia: 1.1 proxy\n\n")));
  }

  @ParameterizedTest
  @MethodSource("tunnels")
  void read_wholeOrByteByByte_endsExactlyWhereTheTunnelBegins(Tunnel t) {
    for (boolean fromClient : new boolean[] {true, false}) {
      byte[] preamble = fromClient ? t.client() : t.server();
      byte[] bytes = Packets.concat(preamble, TUNNEL);

      ProxyPreamble whole = ProxyPreamble.startingWith(t.client()[0]);
      assertThat(read(whole, fromClient, bytes, 0, bytes.length)).isEqualTo(preamble.length);
      assertThat(whole.done(fromClient)).isTrue();
      assertThat(whole.done(!fromClient)).isFalse();

      ProxyPreamble pieces = ProxyPreamble.startingWith(t.client()[0]);
      for (int i = 0; i < preamble.length - 1; i++) {
        assertThat(read(pieces, fromClient, bytes, i, 1)).isEqualTo(1);
        assertThat(pieces.done(fromClient)).isFalse();
      }
      assertThat(read(pieces, fromClient, bytes, preamble.length - 1, 4)).isEqualTo(1);
      assertThat(pieces.done(fromClient)).isTrue();
    }
  }

  /** A set-up that fails on one side: the step it fails with and its reason. */
  record Failure(String name, byte[] client, boolean fromClient, byte[] bytes, Step step) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Failure> failures() {
    byte[] socks = hex("050100");
    byte[] connect = ascii("CONNECT a:443 HTTP/1.1\r\n\r\n");
    return Stream.of(
        new Failure(
            "SOCKS5 reply: connection refused", socks, false, hex("0500 0505"), Step.REFUSED),
        new Failure("SOCKS5: no acceptable method", socks, false, hex("05ff"), Step.REFUSED),
        new Failure("SOCKS5: GSSAPI chosen", socks, false, hex("0501"), Step.AUTH_UNSUPPORTED),
        new Failure("SOCKS5: authentication failed", socks, false, hex("0502 0101"), Step.REFUSED),
        new Failure("SOCKS5: UDP ASSOCIATE", socks, true, hex("050100 050300"), Step.NOT_PROXY),
        new Failure("SOCKS5: no methods", hex("0500"), true, hex("0500"), Step.NOT_PROXY),
        new Failure(
            "SOCKS5: bad address type", socks, true, hex("050100 05010002"), Step.NOT_PROXY),
        new Failure("0x05, then not SOCKS", socks, false, ascii("SSH-2.0"), Step.NOT_PROXY),
        new Failure(
            "HTTP CONNECT: 407",
            connect,
            false,
            ascii("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"),
            Step.REFUSED),
        new Failure(
            "HTTP CONNECT: 100", connect, false, ascii("HTTP/1.1 100 Continue"), Step.REFUSED),
        new Failure("HTTP CONNECT: HTTP/2", connect, false, ascii("HTTP/2 200"), Step.NOT_PROXY),
        new Failure(
            "'C', not CONNECT", ascii("COPY"), true, ascii("COPY /a HTTP/1.1"), Step.NOT_PROXY),
        new Failure(
            "HTTP CONNECT: head longer than 8 KiB",
            connect,
            true,
            ascii("CONNECT a:443 HTTP/1.1\r\nX: " + "x".repeat(ProxyPreamble.MAX_HTTP_HEAD)),
            Step.TOO_LONG));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void read_failure_returnsMinusOneWithTheStep(Failure f) {
    ProxyPreamble preamble = ProxyPreamble.startingWith(f.client()[0]);

    assertThat(read(preamble, f.fromClient(), f.bytes(), 0, f.bytes().length)).isEqualTo(-1);
    assertThat(preamble.failure()).isEqualTo(f.step());
  }

  @Test
  void startingWith_anyOtherFirstByte_isNoPreamble() {
    assertThat(ProxyPreamble.startingWith((byte) 0x16)).isNull();
    assertThat(ProxyPreamble.startingWith((byte) 'G')).isNull();
    assertThat(ProxyPreamble.startingWith((byte) 0x04)).isNull(); // SOCKS4 is not read
  }

  private static int read(
      ProxyPreamble preamble, boolean fromClient, byte[] bytes, int from, int length) {
    byte[] framed = new byte[length + 6]; // the bytes inside a larger packet, as on the wire
    System.arraycopy(bytes, from, framed, 3, Math.min(length, bytes.length - from));
    return preamble.read(fromClient, MemorySegment.ofArray(framed), 3, length);
  }

  private static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replace(" ", ""));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
