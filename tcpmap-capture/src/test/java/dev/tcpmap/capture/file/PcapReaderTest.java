package dev.tcpmap.capture.file;

import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.ethernet;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.capture.testing.PcapWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PcapReaderTest {
  private static final long T0 = 1_700_000_000_123_456_789L;
  private static final byte[] FRAME =
      ethernet(ETHERTYPE_IPV4, ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, SYN, 0)));

  @TempDir Path dir;

  static Stream<Arguments> variants() {
    List<Arguments> variants = new ArrayList<>();
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      for (boolean nanos : List.of(false, true)) {
        for (boolean gzip : List.of(false, true)) {
          variants.add(Arguments.of(order, nanos, gzip));
        }
      }
    }
    return variants.stream();
  }

  @ParameterizedTest(name = "{0} nanos={1} gzip={2}")
  @MethodSource("variants")
  void next_eachVariant_returnsPacketsInOrderWithTimestamps(
      ByteOrder order, boolean nanos, boolean gzip) throws Exception {
    byte[] file =
        new PcapWriter(LinkTypes.ETHERNET, order, nanos, 65535)
            .packet(T0, FRAME)
            .packet(T0 + 1_000, FRAME, 34)
            .toBytes();
    Path path = PcapWriter.write(dir.resolve("x"), gzip ? PcapWriter.gzip(file) : file);

    List<Captures.Packet> packets = Captures.readAll(path);

    long resolution = nanos ? 1 : 1_000;
    assertThat(packets).hasSize(2);
    assertThat(packets.get(0).timestampNanos()).isEqualTo(T0 / resolution * resolution);
    assertThat(packets.get(1).timestampNanos()).isEqualTo((T0 + 1_000) / resolution * resolution);
    assertThat(packets.get(0).data()).isEqualTo(FRAME);
    assertThat(packets.get(0).linkType()).isEqualTo(LinkTypes.ETHERNET);
    assertThat(packets.get(0).fileOffset()).isEqualTo(24);
    assertThat(packets.get(1).data()).hasSize(34);
    assertThat(packets.get(1).originalLength()).isEqualTo(FRAME.length);
    assertThat(packets.get(1).fileOffset()).isEqualTo(24 + 16 + FRAME.length);
  }

  @Test
  void next_headerOnly_returnsFalse() throws Exception {
    Path path = new PcapWriter(LinkTypes.ETHERNET).writeTo(dir.resolve("x"));

    assertThat(Captures.readAll(path)).isEmpty();
  }

  @Test
  void next_atEnd_positionIsSize() throws Exception {
    Path path = new PcapWriter(LinkTypes.RAW).packet(T0, new byte[100]).writeTo(dir.resolve("x"));
    try (CaptureReader reader = CaptureReader.open(path)) {
      Captures.readAll(reader);

      assertThat(reader.size()).isEqualTo(24 + 16 + 100);
      assertThat(reader.position()).isEqualTo(reader.size());
    }
  }

  @Test
  void next_truncatedRecord_throwsAfterEarlierPacketsWithRecordOffset() throws Exception {
    byte[] whole = new PcapWriter(LinkTypes.ETHERNET).packet(T0, FRAME).packet(T0, FRAME).toBytes();
    Path path =
        PcapWriter.write(dir.resolve("x"), java.util.Arrays.copyOf(whole, whole.length - 5));
    long secondRecord = 24 + 16 + FRAME.length;

    try (CaptureReader reader = CaptureReader.open(path)) {
      RawPacket packet = new RawPacket();
      assertThat(reader.next(packet)).isTrue();
      assertThatThrownBy(() -> reader.next(packet))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessage(
              "truncated record ("
                  + (FRAME.length - 5)
                  + " of "
                  + FRAME.length
                  + " bytes) at byte "
                  + secondRecord);
    }
  }

  @Test
  void next_truncatedRecordHeader_throws() {
    assertCorrupt(
        new PcapWriter(LinkTypes.ETHERNET).raw(new byte[7]),
        "truncated record header (7 of 16 bytes) at byte 24");
  }

  @Test
  void next_capturedLengthAbove256KiB_isCorrupt() {
    assertCorrupt(
        new PcapWriter(LinkTypes.ETHERNET).record(1, 0, 262_145, 262_145, new byte[262_145]),
        "record captured length 262145 exceeds the maximum of 262144 at byte 24");
  }

  @Test
  void next_capturedLengthBeyondFileEnd_isTruncated() {
    assertCorrupt(
        new PcapWriter(LinkTypes.ETHERNET).record(1, 0, 200_000, 200_000, new byte[10]),
        "truncated record (10 of 200000 bytes) at byte 24");
  }

  @Test
  void next_capturedLengthAboveSnapLengthOrOriginal_isTolerated() throws Exception {
    Path path =
        new PcapWriter(LinkTypes.ETHERNET, ByteOrder.BIG_ENDIAN, false, 64)
            .record(1, 0, FRAME.length, 10, FRAME)
            .writeTo(dir.resolve("x"));

    List<Captures.Packet> packets = Captures.readAll(path);

    assertThat(packets).singleElement().satisfies(p -> assertThat(p.data()).isEqualTo(FRAME));
  }

  @Test
  void next_zeroSnapLength_reads() throws Exception {
    Path path =
        new PcapWriter(LinkTypes.ETHERNET, ByteOrder.LITTLE_ENDIAN, true, 0)
            .packet(T0, FRAME)
            .writeTo(dir.resolve("x"));

    assertThat(Captures.readAll(path)).hasSize(1);
  }

  @Test
  void open_linkTypeWithFcsBits_usesLowBits() throws Exception {
    // libpcap's LT_FCS_DATASIZE: 4 FCS bytes announced in the top bits (0x10000000 | 0x04000000).
    Path path = new PcapWriter(0x1400_0001).packet(T0, FRAME).writeTo(dir.resolve("x"));

    assertThat(Captures.readAll(path).getFirst().linkType()).isEqualTo(LinkTypes.ETHERNET);
  }

  @Test
  void open_unsupportedLinkType_throwsNamingItAtByte20() {
    Path path = new PcapWriter(147).packet(T0, FRAME).writeTo(dir.resolve("x"));

    assertThatThrownBy(() -> CaptureReader.open(path))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage("unsupported link type 147 (LINKTYPE_USER0) at byte 20")
        .extracting(e -> ((CaptureFormatException) e).offset())
        .isEqualTo(20L);
  }

  @ParameterizedTest(name = "{0}.{1}")
  @CsvSource({"0,0", "65535,65535", "1,0", "2,5", "3,0", "543,1"})
  void open_versionLibpcapDoesNotRead_throwsNamingItAtByte4(int major, int minor) {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      byte[] file =
          new PcapWriter(LinkTypes.ETHERNET, order, false, 65535)
              .version(major, minor)
              .packet(T0, FRAME)
              .toBytes();
      Path path = PcapWriter.write(dir.resolve("x"), file);

      assertThatThrownBy(() -> CaptureReader.open(path))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessage(
              "unsupported pcap version "
                  + major
                  + "."
                  + minor
                  + " (readable: 2.0 to 2.4) at byte 4")
          .extracting(e -> ((CaptureFormatException) e).offset())
          .isEqualTo(4L);
    }
  }

  /** One record whose length fields hold {@code first} then {@code second}: 34 bytes captured. */
  record OldVersion(int major, int minor, int first, int second) {}

  static Stream<OldVersion> oldVersions() {
    int whole = FRAME.length;
    return Stream.of(
        new OldVersion(2, 0, whole, 34),
        new OldVersion(2, 2, whole, 34),
        new OldVersion(2, 3, whole, 34), // 34 > whole would be impossible: taken as swapped
        new OldVersion(2, 3, 34, whole), // already in the 2.4 order
        new OldVersion(543, 0, whole, 34)); // DG/UX tcpdump
  }

  @ParameterizedTest
  @MethodSource("oldVersions")
  void next_olderVersion_readsTheLengthsInItsOrder(OldVersion v) throws Exception {
    byte[] file =
        new PcapWriter(LinkTypes.ETHERNET)
            .version(v.major(), v.minor())
            .record(1, 0, v.first(), v.second(), java.util.Arrays.copyOf(FRAME, 34))
            .toBytes();

    List<Captures.Packet> packets = Captures.readAll(PcapWriter.write(dir.resolve("x"), file));

    assertThat(packets)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.data()).hasSize(34);
              assertThat(p.originalLength()).isEqualTo(FRAME.length);
            });
  }

  @Test
  void open_truncatedFileHeader_throwsAtZero() {
    byte[] header = new PcapWriter(LinkTypes.ETHERNET).toBytes();
    Path path = PcapWriter.write(dir.resolve("x"), java.util.Arrays.copyOf(header, 10));

    assertThatThrownBy(() -> CaptureReader.open(path))
        .hasMessage("truncated pcap file header (10 of 24 bytes) at byte 0");
  }

  private void assertCorrupt(PcapWriter file, String message) {
    Path path = file.writeTo(dir.resolve("x"));

    assertThatThrownBy(() -> Captures.readAll(path))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(message);
  }
}
