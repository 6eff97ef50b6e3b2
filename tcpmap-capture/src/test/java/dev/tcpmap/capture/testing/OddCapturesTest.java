package dev.tcpmap.capture.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.CaptureFormatException;
import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.RawPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every checked-in odd capture, read and decoded to the end, gives exactly what it should. */
class OddCapturesTest {
  /** What reading and decoding a whole file gives; {@code failure} is the reader's last word. */
  record Result(
      String file,
      long packets,
      long tcp,
      Map<String, Long> errors,
      Map<String, Long> skipped,
      String failure) {}

  private static Result ok(
      String file, long packets, long tcp, Map<String, Long> errors, Map<String, Long> skipped) {
    return new Result(file, packets, tcp, errors, skipped, null);
  }

  private static Result fails(String file, long packets, String failure) {
    return new Result(file, packets, packets, Map.of(), Map.of(), failure);
  }

  static Stream<Result> expected() {
    return Stream.of(
        fails("empty.pcap", 0, "empty file, not a pcap or pcapng capture at byte 0"),
        fails(
            "wrong-magic.pcap",
            0,
            "unknown file format of wrong-magic.pcap (magic 0x47455420; expected pcap or pcapng) at byte 0"),
        ok("header-only.pcap", 0, 0, Map.of(), Map.of()),
        ok("header-only.pcapng", 0, 0, Map.of(), Map.of()),
        fails(
            "unsupported-link-type.pcap",
            0,
            "unsupported link type 147 (LINKTYPE_USER0) at byte 20"),
        ok("zero-snaplen.pcap", 2, 2, Map.of(), Map.of()),
        fails("truncated-record.pcap", 1, "truncated record (134 of 154 bytes) at byte 94"),
        fails(
            "truncated-record-header.pcap",
            1,
            "truncated record header (10 of 16 bytes) at byte 94"),
        fails(
            "bogus-captured-length.pcap",
            1,
            "record captured length 2147483647 exceeds the maximum of 262144 at byte 94"),
        fails("truncated.pcap.gz", 46, "truncated record (39 of 154 bytes) at byte 7844"),
        ok("snaplen-cut.pcap", 2, 1, Map.of("tcp-truncated", 1L), Map.of()),
        ok("nested-vlans.pcap", 4, 2, Map.of("vlan-truncated", 1L), Map.of("arp", 1L)),
        ok("tunnels.pcap", 7, 6, Map.of(), Map.of("dns", 1L)),
        ok("fragments.pcap", 5, 1, Map.of("ipv4-fragment", 2L, "ipv6-fragment", 2L), Map.of()),
        ok("mixed-link-types.pcapng", 5, 4, Map.of("link-type-unsupported-147", 1L), Map.of()),
        fails("truncated-block.pcapng", 1, "truncated block (170 of 200 bytes) at byte 172"),
        fails(
            "bad-trailing-length.pcapng",
            1,
            "block total length 100 does not match its trailing copy 36 at byte 172"),
        fails(
            "undefined-interface.pcapng",
            1,
            "packet for interface 3 but the section describes 1 at byte 172"),
        fails(
            "bogus-block-length.pcapng",
            1,
            "truncated block (33828 of 268435452 bytes) at byte 172"),
        fails(
            "version-0.0.pcap", 0, "unsupported pcap version 0.0 (readable: 2.0 to 2.4) at byte 4"),
        fails(
            "version-65535.65535.pcap",
            0,
            "unsupported pcap version 65535.65535 (readable: 2.0 to 2.4) at byte 4"),
        ok("sequence-half-space.pcap", 8, 8, Map.of(), Map.of()));
  }

  @ParameterizedTest
  @MethodSource("expected")
  void readAndDecode_oddCapture_givesExpectedCounts(Result expected) throws IOException {
    assertThat(run(OddCaptures.DIRECTORY.resolve(expected.file()))).isEqualTo(expected);
  }

  @Test
  void checkedInFiles_matchTheGenerator() throws IOException {
    for (Map.Entry<String, byte[]> file : OddCaptures.all().entrySet()) {
      assertThat(Files.readAllBytes(OddCaptures.DIRECTORY.resolve(file.getKey())))
          .as("%s differs from OddCaptures: run OddCaptures.main to regenerate", file.getKey())
          .isEqualTo(file.getValue());
    }
    assertThat(expected()).hasSize(OddCaptures.all().size());
  }

  private static Result run(Path file) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    TcpSegment segment = new TcpSegment();
    RawPacket packet = new RawPacket();
    String failure = null;
    try (CaptureReader reader = CaptureReader.open(file)) {
      while (reader.next(packet)) {
        decoder.decode(packet, segment);
      }
    } catch (CaptureFormatException e) {
      failure = e.getMessage();
    }
    return new Result(
        file.getFileName().toString(),
        decoder.counters().packets(),
        decoder.counters().tcp(),
        decoder.counters().errors(),
        decoder.counters().skipped(),
        failure);
  }
}
