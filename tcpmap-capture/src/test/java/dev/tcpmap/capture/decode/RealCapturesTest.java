package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.RawPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures made with tcpdump and tshark (see captures/real/README.md) decode packet for packet
 * to what tshark itself dissects: ports, TCP payload length, flags, window scale.
 */
class RealCapturesTest {
  private static final Path DIRECTORY = Path.of("src/test/resources/captures/real");

  @ParameterizedTest
  @ValueSource(strings = {"any-http.pcap", "lo-http.pcapng"})
  void decode_realCapture_matchesTshark(String name) throws IOException {
    List<String> expected = Files.readAllLines(DIRECTORY.resolve(name + ".tshark.txt"));

    List<String> actual = decodeAll(DIRECTORY.resolve(name));

    assertThat(actual).hasSize(60).containsExactlyElementsOf(expected);
  }

  /** One line per packet in tshark's field format; "-" for a packet that is not TCP. */
  private static List<String> decodeAll(Path file) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    TcpSegment s = new TcpSegment();
    RawPacket packet = new RawPacket();
    List<String> lines = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      while (reader.next(packet)) {
        if (!decoder.decode(packet, s)) {
          lines.add("-");
          continue;
        }
        String scale = s.windowScale < 0 ? "" : Integer.toString(s.windowScale);
        lines.add(
            String.format(
                "%d %d %d 0x%04x %s", s.srcPort, s.dstPort, s.payloadLength, s.flags, scale));
      }
    }
    return lines;
  }
}
