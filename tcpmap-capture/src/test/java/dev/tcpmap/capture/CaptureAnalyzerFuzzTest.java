package dev.tcpmap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.testing.PcapngWriter;
import dev.tcpmap.capture.track.TrackerConfig;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes as a whole capture through {@link CaptureAnalyzer}: the reader, the decoder, the TCP
 * tracker, reassembly, the proxy preambles and the TLS and DNS parsers together. The only exception
 * may be the reader's {@link CaptureFormatException} (or another {@link IOException}), never a
 * RuntimeException or an Error. Bytes that do not start with the format's magic get a file header
 * (pcap) or a section with two interfaces (pcapng) first, so that most inputs reach the packets.
 * Runs over the seeds in {@code CaptureAnalyzerFuzzTestInputs} in a plain build (written by {@code
 * testing.AnalyzerSeeds}, and what fuzzing found); {@code JAZZER_FUZZ=1} fuzzes.
 */
class CaptureAnalyzerFuzzTest {
  private static final TrackerConfig CONFIG =
      new TrackerConfig(Duration.ofSeconds(60), Duration.ofSeconds(20), 64);
  private static final List<byte[]> PCAP_MAGICS =
      List.of(
          new byte[] {(byte) 0xA1, (byte) 0xB2, (byte) 0xC3, (byte) 0xD4},
          new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1},
          new byte[] {(byte) 0xA1, (byte) 0xB2, 0x3C, 0x4D},
          new byte[] {0x4D, 0x3C, (byte) 0xB2, (byte) 0xA1});
  private static final byte[] PCAPNG_MAGIC = {0x0A, 0x0D, 0x0D, 0x0A};
  private static final byte[] PCAP_HEADER = new PcapWriter(LinkTypes.ETHERNET).toBytes();
  private static final byte[] PCAPNG_HEADER =
      new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
          .interfaceBlock(LinkTypes.ETHERNET, 0)
          .interfaceBlock(LinkTypes.RAW, 0)
          .toBytes();

  private static Path file;

  private final CaptureAnalyzer analyzer = new CaptureAnalyzer(CONFIG);

  @BeforeAll
  static void createFile(@TempDir Path dir) {
    file = dir.resolve("fuzz.cap");
  }

  @FuzzTest(maxDuration = "5m")
  void pcap(byte[] input) throws IOException {
    boolean whole = PCAP_MAGICS.stream().anyMatch(magic -> startsWith(input, magic));
    analyze(whole ? input : Packets.concat(PCAP_HEADER, input));
  }

  @FuzzTest(maxDuration = "5m")
  void pcapng(byte[] input) throws IOException {
    analyze(startsWith(input, PCAPNG_MAGIC) ? input : Packets.concat(PCAPNG_HEADER, input));
  }

  private void analyze(byte[] bytes) throws IOException {
    Files.write(file, bytes);
    AnalysisResult result;
    try {
      result = analyzer.analyze(file);
    } catch (CaptureFormatException expected) {
      assertThat(expected.getMessage())
          .doesNotContain("\n")
          .endsWith(" at byte " + expected.offset());
      return;
    }
    assertThat(result.stats().tcpPackets()).isBetween(0L, result.stats().packets());
    assertThat(result.connections().size()).isLessThanOrEqualTo((int) result.stats().tcpPackets());
    assertThat(result.handshakes().size()).isLessThanOrEqualTo(result.connections().size());
    result
        .stats()
        .error()
        .ifPresent(e -> assertThat(e.getMessage()).endsWith(" at byte " + e.offset()));
  }

  private static boolean startsWith(byte[] input, byte[] prefix) {
    return input.length >= prefix.length
        && Arrays.equals(input, 0, prefix.length, prefix, 0, prefix.length);
  }
}
