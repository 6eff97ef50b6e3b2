package dev.tcpmap.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the packets of a pcap or pcapng capture file, plain or gzip-compressed, in file order.
 *
 * <p>Uncompressed files are memory-mapped and gzip files are streamed through a bounded buffer, so
 * the heap stays small whatever the file size. Not thread safe: one reader belongs to one thread
 * (closing it from another thread while it reads is not allowed). The {@link RawPacket} filled by
 * {@link #next} stays valid until the next call to {@code next} or {@link #close}.
 */
public interface CaptureReader extends AutoCloseable {

  /**
   * Opens pcap or pcapng, gzip-compressed or not, detected by magic bytes (not by name).
   *
   * @throws CaptureFormatException (with offset 0) for an unknown format, or with the offset of a
   *     broken file header
   * @throws IOException with a message naming the file when it is missing or unreadable
   */
  static CaptureReader open(Path file) throws IOException {
    return CaptureFiles.open(file);
  }

  /**
   * Fills {@code into} with the next packet; false at end of file.
   *
   * @throws CaptureFormatException on a truncated or corrupt record, after all previous packets
   *     were returned
   */
  boolean next(RawPacket into) throws IOException;

  /** Bytes of the file consumed so far (compressed bytes for gzip), for a progress bar. */
  long position();

  /** Size of the file in bytes (compressed size for gzip). */
  long size();

  @Override
  void close() throws IOException;
}
