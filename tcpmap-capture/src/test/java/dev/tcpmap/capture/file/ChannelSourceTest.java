package dev.tcpmap.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.capture.testing.OddCaptures;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.capture.testing.PcapngWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunked read-ahead must be invisible: with chunks so small that records and pcapng blocks
 * straddle them (down to a few bytes), every packet reads exactly as with one chunk for the file.
 */
class ChannelSourceTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {7, 64, 100, 4096})
  void read_pcapInSmallChunks_givesTheSamePackets(int chunk) throws IOException {
    assertSamePacketsInChunks(pcap(dir.resolve("a.pcap")), 120, chunk);
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 32, 333})
  void read_pcapngInSmallChunks_givesTheSamePackets(int chunk) throws IOException {
    assertSamePacketsInChunks(pcapng(dir.resolve("a.pcapng")), 80, chunk);
  }

  /** Reads {@code file} in chunks of {@code chunk} bytes and in one, and compares. */
  private static void assertSamePacketsInChunks(Path file, int packets, int chunk)
      throws IOException {
    List<Captures.Packet> whole = read(file, ChannelSource.CHUNK);

    assertThat(whole).hasSize(packets);
    assertThat(read(file, chunk))
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(whole);
  }

  @ParameterizedTest
  @ValueSource(ints = {13, 4096})
  void read_truncatedInSmallChunks_failsAtTheSameRecord(int chunk) throws IOException {
    byte[] whole = Files.readAllBytes(pcap(dir.resolve("a.pcap")));
    Path cut = PcapWriter.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));

    assertThatThrownBy(() -> read(cut, chunk))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(messageOf(() -> read(cut, ChannelSource.CHUNK)));
  }

  @Test
  void next_blockClaimingMoreThanTheFileHolds_isTruncatedWithoutAllocatingTheClaim()
      throws IOException {
    byte[] bytes = OddCaptures.bogusBlockLength();
    Path file = PcapWriter.write(dir.resolve("bogus.pcapng"), bytes);

    try (ChannelSource source = new ChannelSource(FileChannel.open(file))) {
      CaptureReader reader = CaptureFiles.openFormat(source, file);

      assertThatThrownBy(() -> Captures.readAll(reader))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessageStartingWith("truncated block (")
          .hasMessageContaining(" of 268435452 bytes) at byte ");
      assertThat(source.capacity()).isLessThanOrEqualTo(3L * bytes.length);
    }
  }

  @Test
  void new_smallFile_takesChunksNoLargerThanTheFile() throws IOException {
    Path file = PcapWriter.write(dir.resolve("small.pcap"), new byte[1_000]);

    try (ChannelSource source = new ChannelSource(FileChannel.open(file))) {
      assertThat(source.capacity()).isEqualTo(3 * 1_000);
    }
  }

  private static List<Captures.Packet> read(Path file, int chunk) throws IOException {
    FileChannel channel = FileChannel.open(file);
    try (CaptureReader reader = CaptureFiles.openFormat(new ChannelSource(channel, chunk), file)) {
      return Captures.readAll(reader);
    }
  }

  private static Path pcap(Path file) {
    Random random = new Random(1);
    PcapWriter writer = new PcapWriter(1);
    for (int i = 0; i < 120; i++) {
      writer.packet(1_000_000_000L * i, frame(random.nextInt(1400)));
    }
    return writer.writeTo(file);
  }

  private static Path pcapng(Path file) {
    Random random = new Random(2);
    PcapngWriter writer =
        new PcapngWriter(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 65_535)
            .interfaceBlock(101, 65_535);
    for (int i = 0; i < 80; i++) {
      byte[] frame = frame(random.nextInt(1400));
      if (i % 2 == 0) {
        writer.enhancedPacket(0, 1_000L * i, frame);
      } else {
        writer.enhancedPacket(1, 1_000L * i, Arrays.copyOfRange(frame, 14, frame.length));
      }
    }
    return PcapWriter.write(file, writer.toBytes());
  }

  private static byte[] frame(int payload) {
    return Packets.ethernet(
        0x0800, Packets.ipv4("192.0.2.1", "192.0.2.2", 6, Packets.tcp(40000, 80, 0x18, payload)));
  }

  private static String messageOf(ThrowingRead read) {
    try {
      read.run();
      return "no exception";
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  @FunctionalInterface
  private interface ThrowingRead {
    void run() throws IOException;
  }
}
