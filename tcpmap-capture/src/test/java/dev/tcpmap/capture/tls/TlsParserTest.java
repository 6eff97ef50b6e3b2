package dev.tcpmap.capture.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TlsParserTest {
  record Start(String name, String hex, boolean clientHello) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Start> starts() {
    return Stream.of(
        new Start("TLS 1.2 ClientHello", "16 0303 0200 01 0001fc 0303 aa", true),
        new Start("TLS 1.0 record, TLS 1.2 ClientHello", "16 0301 0200 01 0001fc 0303", true),
        new Start("SSL 3.0 ClientHello", "16 0300 0200 01 0001fc 0300", true),
        new Start("ServerHello", "16 0303 0200 02 0001fc 0303", false),
        new Start("encrypted handshake record", "16 0303 0028 01 0000aa 5512", false),
        new Start("record version 3.5", "16 0305 0200 01 0001fc 0303", false),
        new Start("application data", "17 0303 0200 01 0001fc 0303", false),
        new Start("nine bytes: legacy_version unseen", "16 0303 0200 01 0001fc", false),
        new Start("HTTP", "474554202f20485454502f312e31", false));
  }

  @ParameterizedTest
  @MethodSource("starts")
  void startsClientHello_payload_recognisesOnlyAClientHellosFirstBytes(Start start) {
    byte[] payload = HexFormat.of().parseHex(start.hex().replace(" ", ""));
    byte[] packet = new byte[payload.length + 8]; // the payload inside a packet, as decoded
    System.arraycopy(payload, 0, packet, 4, payload.length);

    assertThat(TlsParser.startsClientHello(MemorySegment.ofArray(packet), 4, payload.length))
        .isEqualTo(start.clientHello());
  }
}
