package dev.tcpmap.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.testing.PcapngWriter;
import dev.tcpmap.capture.testing.PcapngWriter.Option;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapngReaderTest {
  private static final long SECONDS = 1_700_000_000L;
  private static final byte[] A = {1, 2, 3, 4, 5};
  private static final byte[] B = {6, 7, 8, 9, 10, 11, 12, 13};

  @TempDir Path dir;

  private Path write(byte[] bytes) {
    return PcapWriter.write(dir.resolve("capture"), bytes);
  }

  /** Reading the whole file fails as corrupt with exactly this message. */
  private void assertCorrupt(byte[] file, String message) {
    assertThatThrownBy(() -> Captures.readAll(write(file)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of(ByteOrder.BIG_ENDIAN, false),
        Arguments.of(ByteOrder.LITTLE_ENDIAN, false),
        Arguments.of(ByteOrder.BIG_ENDIAN, true),
        Arguments.of(ByteOrder.LITTLE_ENDIAN, true));
  }

  @ParameterizedTest(name = "{0} gzip={1}")
  @MethodSource("variants")
  void next_interfacesWithDifferentLinkTypes_tagsEachPacket(ByteOrder order, boolean gzip)
      throws Exception {
    byte[] file =
        new PcapngWriter(order)
            .interfaceBlock(LinkTypes.ETHERNET, 65535, Option.name("eth0"))
            .interfaceBlock(LinkTypes.LINUX_SLL2, 0, Option.tsresol(9))
            .enhancedPacket(0, SECONDS * 1_000_000 + 5, A)
            .enhancedPacket(1, SECONDS * 1_000_000_000 + 7, B, 1500)
            .toBytes();

    List<Captures.Packet> packets = Captures.readAll(write(gzip ? PcapWriter.gzip(file) : file));

    assertThat(packets).hasSize(2);
    assertThat(packets.get(0).linkType()).isEqualTo(LinkTypes.ETHERNET);
    assertThat(packets.get(0).timestampNanos()).isEqualTo(SECONDS * 1_000_000_000 + 5_000);
    assertThat(packets.get(0).data()).isEqualTo(A);
    assertThat(packets.get(1).linkType()).isEqualTo(LinkTypes.LINUX_SLL2);
    assertThat(packets.get(1).timestampNanos()).isEqualTo(SECONDS * 1_000_000_000 + 7);
    assertThat(packets.get(1).data()).isEqualTo(B);
    assertThat(packets.get(1).originalLength()).isEqualTo(1500);
  }

  static Stream<Arguments> resolutions() {
    return Stream.of(
        Arguments.of(6, SECONDS * 1_000_000 + 1, SECONDS * 1_000_000_000 + 1_000),
        Arguments.of(9, SECONDS * 1_000_000_000 + 1, SECONDS * 1_000_000_000 + 1),
        Arguments.of(3, SECONDS * 1_000 + 1, SECONDS * 1_000_000_000 + 1_000_000),
        Arguments.of(12, 1_000 * 1_000_000_000_000L + 1_999, 1_000 * 1_000_000_000L + 1),
        Arguments.of(0x80 | 20, (SECONDS << 20) | (1 << 19), SECONDS * 1_000_000_000 + 500_000_000),
        Arguments.of(0x80 | 40, (3L << 40) | (1L << 38), 3 * 1_000_000_000L + 250_000_000),
        Arguments.of(0x80, SECONDS, SECONDS * 1_000_000_000));
  }

  @ParameterizedTest(name = "tsresol 0x{0}")
  @MethodSource("resolutions")
  void next_tsresol_convertsToNanos(int tsresol, long units, long nanos) throws Exception {
    byte[] file =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, Option.tsresol(tsresol))
            .enhancedPacket(0, units, A)
            .toBytes();

    assertThat(Captures.readAll(write(file)).getFirst().timestampNanos()).isEqualTo(nanos);
  }

  @Test
  void next_tsoffset_addsSeconds() throws Exception {
    PcapngWriter writer = new PcapngWriter(ByteOrder.BIG_ENDIAN);
    byte[] file =
        writer
            .interfaceBlock(LinkTypes.RAW, 0, Option.tsresol(0), writer.tsoffset(SECONDS))
            .enhancedPacket(0, 2, A)
            .toBytes();

    assertThat(Captures.readAll(write(file)).getFirst().timestampNanos())
        .isEqualTo((SECONDS + 2) * 1_000_000_000);
  }

  @Test
  void next_secondSectionInOtherByteOrder_resetsInterfaces() throws Exception {
    byte[] file =
        PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.ETHERNET)
            .interfaceBlock(LinkTypes.RAW, 0)
            .enhancedPacket(1, 1, A)
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.LINUX_SLL, 0)
            .enhancedPacket(0, 2, B)
            .toBytes();

    List<Captures.Packet> packets = Captures.readAll(write(file));

    assertThat(packets)
        .extracting(Captures.Packet::linkType)
        .containsExactly(LinkTypes.RAW, LinkTypes.LINUX_SLL);
    assertThat(packets.get(1).data()).isEqualTo(B);
  }

  @Test
  void next_interfaceOfEarlierSection_isCorrupt() throws Exception {
    PcapngWriter writer =
        PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.ETHERNET)
            .interfaceBlock(LinkTypes.RAW, 0)
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.LINUX_SLL, 0);
    long epb = writer.toBytes().length;
    byte[] file = writer.enhancedPacket(1, 2, B).toBytes();

    assertCorrupt(file, "packet for interface 1 but the section describes 1 at byte " + epb);
  }

  @Test
  void next_simplePacket_cutBySnapLengthOfInterfaceZero() throws Exception {
    byte[] file =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 4)
            .enhancedPacket(0, 77, B)
            .simplePacket(Arrays.copyOf(B, 4), B.length)
            .toBytes();

    List<Captures.Packet> packets = Captures.readAll(write(file));

    assertThat(packets.get(1).data()).containsExactly(6, 7, 8, 9);
    assertThat(packets.get(1).originalLength()).isEqualTo(8);
    assertThat(packets.get(1).timestampNanos()).isEqualTo(77_000);
  }

  @Test
  void next_simplePacketWithoutSnapLength_usesOriginalLengthNotPadding() throws Exception {
    byte[] file =
        PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.RAW)
            .simplePacket(A, A.length)
            .toBytes();

    assertThat(Captures.readAll(write(file)).getFirst().data()).isEqualTo(A);
  }

  @Test
  void next_obsoletePacketBlock_isRead() throws Exception {
    byte[] file =
        PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.RAW)
            .obsoletePacket(0, 3, A)
            .toBytes();

    assertThat(Captures.readAll(write(file)).getFirst().timestampNanos()).isEqualTo(3_000);
  }

  @Test
  void next_unknownBlocks_areSkipped() throws Exception {
    byte[] file =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
            .block(4, new byte[] {1, 0, 8, 0, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0})
            .interfaceBlock(LinkTypes.RAW, 0)
            .block(5, new byte[20])
            .block(0x0A, new byte[100])
            .block(0x40000BAD, new byte[40])
            .enhancedPacket(0, 1, A)
            .toBytes();

    assertThat(Captures.readAll(write(file))).hasSize(1);
  }

  @Test
  void next_unsupportedLinkTypeInterface_deliversPacketsForTheDecoderToCount() throws Exception {
    byte[] file =
        PcapngWriter.withInterface(ByteOrder.LITTLE_ENDIAN, 147).enhancedPacket(0, 1, A).toBytes();

    assertThat(Captures.readAll(write(file)).getFirst().linkType()).isEqualTo(147);
  }

  /**
   * Valid files, the block (counted back from the end of the file) and the field in it that gets a
   * bad 32-bit value, and the message that must name it.
   */
  static Stream<Arguments> corruptFields() {
    byte[] idb = PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.RAW).toBytes();
    byte[] epb =
        PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.RAW)
            .enhancedPacket(0, 1, A)
            .toBytes();
    byte[] unknown = new PcapngWriter(ByteOrder.BIG_ENDIAN).block(99, new byte[8]).toBytes();
    return Stream.of(
        arguments(
            "block length not a multiple of 4",
            idb,
            24,
            4,
            21,
            "bad block total length 21 (must be a multiple of 4 and at least 12)"),
        arguments(
            "trailing length differs",
            idb,
            24,
            20,
            28,
            "block total length 24 does not match its trailing copy 28"),
        arguments(
            "captured length beyond its block",
            epb,
            52,
            20,
            100,
            "captured length 100 exceeds its block of 52 bytes"),
        arguments(
            "block length above 256 MiB",
            unknown,
            20,
            4,
            0x7FFF_FFFC,
            "block total length 2147483644 exceeds the maximum of 268435456"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptFields")
  void next_corruptField_isCorruptAtItsBlock(
      String what, byte[] valid, int blockFromEnd, int field, int value, String message) {
    byte[] file = valid.clone();
    int block = file.length - blockFromEnd;
    ByteBuffer.wrap(file).putInt(block + field, value);

    assertCorrupt(file, message + " at byte " + block);
  }

  @Test
  void next_unknownBlockTrailingLengthDiffers_isCorrupt() throws Exception {
    byte[] file = new PcapngWriter(ByteOrder.BIG_ENDIAN).block(99, new byte[8]).toBytes();
    ByteBuffer.wrap(file).putInt(file.length - 4, 0);

    assertThatThrownBy(() -> Captures.readAll(write(file)))
        .isInstanceOf(CaptureFormatException.class);
  }

  @Test
  void next_truncatedBlock_throwsWithItsOffset() throws Exception {
    byte[] whole =
        PcapngWriter.withInterface(ByteOrder.BIG_ENDIAN, LinkTypes.RAW)
            .enhancedPacket(0, 1, A)
            .enhancedPacket(0, 1, B)
            .toBytes();
    int lastBlock = whole.length - (32 + 8 + 12);

    try (CaptureReader reader = CaptureReader.open(write(Arrays.copyOf(whole, whole.length - 6)))) {
      RawPacket packet = new RawPacket();
      assertThat(reader.next(packet)).isTrue();
      assertThatThrownBy(() -> reader.next(packet))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessage("truncated block (46 of 52 bytes) at byte " + lastBlock);
    }
  }

  @Test
  void next_optionOverrunningItsBlock_isCorrupt() throws Exception {
    byte[] file =
        new PcapngWriter(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, Option.name("eth0"))
            .toBytes();
    int idb = file.length - 32;
    ByteBuffer.wrap(file).putShort(idb + 18, (short) 200);

    assertCorrupt(file, "option 2 of length 200 overruns its block at byte " + idb);
  }

  @Test
  void next_unsupportedTsresol_isCorrupt() {
    byte[] file =
        new PcapngWriter(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, Option.tsresol(19))
            .toBytes();

    assertThatThrownBy(() -> Captures.readAll(write(file)))
        .hasMessageStartingWith("unsupported if_tsresol 0x13 at byte");
  }

  @Test
  void open_badByteOrderMagic_isCorrupt() {
    byte[] file = new PcapngWriter(ByteOrder.BIG_ENDIAN).toBytes();
    ByteBuffer.wrap(file).putInt(8, 0x12345678);

    assertThatThrownBy(() -> CaptureReader.open(write(file)))
        .hasMessage("bad byte-order magic 0x12345678 in section header block at byte 0");
  }

  @Test
  void open_majorVersion2_isUnsupported() {
    byte[] file = new PcapngWriter(ByteOrder.LITTLE_ENDIAN).toBytes();
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(12, (short) 2);

    assertThatThrownBy(() -> CaptureReader.open(write(file)))
        .hasMessage("unsupported pcapng version 2.0 at byte 0");
  }

  @Test
  void next_sectionHeaderOnly_hasNoPackets() throws Exception {
    assertThat(Captures.readAll(write(new PcapngWriter(ByteOrder.BIG_ENDIAN).toBytes()))).isEmpty();
  }

  @Test
  void next_truncatedBlockHeader_isCorrupt() {
    byte[] file = new PcapngWriter(ByteOrder.BIG_ENDIAN).raw(new byte[] {0, 0, 0, 6, 0}).toBytes();

    assertCorrupt(file, "truncated block header (5 of 12 bytes) at byte " + (file.length - 5));
  }
}
