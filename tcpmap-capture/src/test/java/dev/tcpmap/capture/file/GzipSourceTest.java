package dev.tcpmap.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.capture.testing.OddCaptures;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.testing.PcapngWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipSourceTest {
  @TempDir Path dir;

  @Test
  void next_manyRecordsAcrossWindowRefills_readsAllInOrder() throws Exception {
    PcapWriter writer = new PcapWriter(LinkTypes.RAW);
    Random random = new Random(1);
    for (int i = 0; i < 3_000; i++) {
      byte[] data = new byte[1 + random.nextInt(2_000)];
      random.nextBytes(data);
      data[0] = (byte) i;
      writer.packet(i, data);
    }
    Path path = PcapWriter.write(dir.resolve("x"), PcapWriter.gzip(writer.toBytes()));

    try (CaptureReader reader = CaptureReader.open(path)) {
      List<Captures.Packet> packets = Captures.readAll(reader);

      assertThat(packets).hasSize(3_000);
      for (int i = 0; i < packets.size(); i++) {
        assertThat(packets.get(i).data()[0]).isEqualTo((byte) i);
      }
      assertThat(reader.position()).isEqualTo(reader.size());
    }
  }

  @Test
  void next_blockLargerThanInitialWindow_growsTheWindow() throws Exception {
    byte[] big = new byte[3 << 20];
    big[big.length - 1] = 7;
    byte[] file =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0)
            .block(0x0A, big)
            .enhancedPacket(0, 1, new byte[] {1, 2, 3})
            .toBytes();
    Path path = PcapWriter.write(dir.resolve("x"), PcapWriter.gzip(file));

    assertThat(Captures.readAll(path))
        .singleElement()
        .satisfies(p -> assertThat(p.data()).containsExactly(1, 2, 3));
  }

  @Test
  void next_blockClaimingMoreThanTheStreamHolds_isTruncatedWithoutGrowingTheWindowToTheClaim()
      throws Exception {
    Path path = PcapWriter.write(dir.resolve("x"), PcapWriter.gzip(OddCaptures.bogusBlockLength()));

    try (GzipSource source = new GzipSource(FileChannel.open(path))) {
      CaptureReader reader = CaptureFiles.openFormat(source, path);

      assertThatThrownBy(() -> Captures.readAll(reader))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessage("truncated block (33828 of 268435452 bytes) at byte 172");
      assertThat(source.capacity()).isLessThanOrEqualTo(2 << 20);
    }
  }

  @Test
  void next_truncatedGzipStream_isCorruptAfterEarlierPackets() throws Exception {
    PcapWriter writer = new PcapWriter(LinkTypes.RAW);
    Random random = new Random(2);
    for (int i = 0; i < 200; i++) {
      byte[] data = new byte[1_000];
      random.nextBytes(data);
      writer.packet(i, data);
    }
    byte[] gzip = PcapWriter.gzip(writer.toBytes());
    Path path = PcapWriter.write(dir.resolve("x"), Arrays.copyOf(gzip, gzip.length / 2));

    try (CaptureReader reader = CaptureReader.open(path)) {
      RawPacket packet = new RawPacket();
      int[] read = {0};

      assertThatThrownBy(
              () -> {
                while (reader.next(packet)) {
                  read[0]++;
                }
              })
          .isInstanceOf(CaptureFormatException.class)
          .hasMessageStartingWith("truncated");
      assertThat(read[0]).isBetween(1, 199);
    }
  }

  @Test
  void next_gzipCutExactlyBetweenRecords_isTruncatedStreamNotEndOfFile() throws Exception {
    byte[] pcap = new PcapWriter(LinkTypes.RAW).packet(1, new byte[] {1, 2, 3}).toBytes();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    GZIPOutputStream gzip = new GZIPOutputStream(compressed, true);
    gzip.write(pcap);
    gzip.flush(); // a sync flush: everything so far decompresses, but the stream has no end
    Path path = PcapWriter.write(dir.resolve("x"), compressed.toByteArray());

    try (CaptureReader reader = CaptureReader.open(path)) {
      RawPacket packet = new RawPacket();
      assertThat(reader.next(packet)).isTrue();
      assertThatThrownBy(() -> reader.next(packet))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessage("truncated gzip stream at byte " + pcap.length);
    }
  }

  @Test
  void open_gzipOfGarbage_isUnknownFormat() {
    Path path = PcapWriter.write(dir.resolve("x"), PcapWriter.gzip(new byte[] {1, 2, 3, 4, 5}));

    assertThatThrownBy(() -> CaptureReader.open(path))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(
            "unknown gzip-compressed file format of x (magic 0x01020304; expected pcap or pcapng) at byte 0");
  }

  @Test
  void open_gzipMagicThenGarbage_isCorrupt() {
    Path path =
        PcapWriter.write(
            dir.resolve("x"), new byte[] {0x1F, (byte) 0x8B, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    assertThatThrownBy(() -> CaptureReader.open(path))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageEndingWith("at byte 0");
  }
}
