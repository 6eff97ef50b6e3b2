package dev.tcpmap.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a capture file: picks plain or gzip by the first two bytes, then pcap or pcapng. */
final class CaptureFiles {
  private static final int GZIP_MAGIC = 0x1F8B;
  private static final int PCAP_MICROS = 0xA1B2C3D4;
  private static final int PCAP_MICROS_SWAPPED = 0xD4C3B2A1;
  private static final int PCAP_NANOS = 0xA1B23C4D;
  private static final int PCAP_NANOS_SWAPPED = 0x4D3CB2A1;

  private CaptureFiles() {}

  static CaptureReader open(Path file) throws IOException {
    Source source = openSource(file);
    try {
      return openFormat(source, file);
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private static Source openSource(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory, not a capture file");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such capture file");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(file.toString(), null, "permission denied");
    }
    try {
      if (startsWithGzipMagic(channel)) {
        return new GzipSource(channel); // closes the channel when closed
      }
      return new ChannelSource(channel); // likewise
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static boolean startsWithGzipMagic(FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(2);
    while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
      // FileChannel.read may return fewer bytes than asked; loop until two or end of file.
    }
    return head.position() == 2 && head.getShort(0) == (short) GZIP_MAGIC;
  }

  static CaptureReader openFormat(Source source, Path file) throws IOException {
    String compressed = source instanceof GzipSource ? "gzip-compressed " : "";
    long available = source.fill(0, 4);
    if (available == 0) {
      throw new CaptureFormatException(
          "empty " + compressed + "file, not a pcap or pcapng capture", 0);
    }
    if (available < 4) {
      throw new CaptureFormatException(
          compressed + "file of " + available + " bytes is too short for a capture header", 0);
    }
    int magic = source.segment.get(UnalignedLayouts.BIG_INT, -source.base);
    return switch (magic) {
      case PCAP_MICROS -> PcapReader.open(source, ByteOrder.BIG_ENDIAN, false);
      case PCAP_NANOS -> PcapReader.open(source, ByteOrder.BIG_ENDIAN, true);
      case PCAP_MICROS_SWAPPED -> PcapReader.open(source, ByteOrder.LITTLE_ENDIAN, false);
      case PCAP_NANOS_SWAPPED -> PcapReader.open(source, ByteOrder.LITTLE_ENDIAN, true);
      case PcapngReader.SECTION_HEADER -> new PcapngReader(source);
      default ->
          throw new CaptureFormatException(
              String.format(
                  "unknown %sfile format of %s (magic 0x%08x; expected pcap or pcapng)",
                  compressed, file.getFileName(), magic),
              0);
    };
  }
}
