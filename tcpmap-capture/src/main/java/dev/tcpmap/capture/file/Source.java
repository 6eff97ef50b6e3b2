package dev.tcpmap.capture.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The bytes of a capture file, addressed by (uncompressed) file offset and read forward only.
 *
 * <p>After {@link #fill} the requested range is readable in {@link #segment} at index {@code offset
 * - base}. Both fields may change with every fill (a gzip window moves and grows), so readers take
 * them after the fill. Single-threaded, like the readers that own it.
 */
abstract sealed class Source implements AutoCloseable permits ChannelSource, GzipSource {
  /** Record lengths above this are corrupt; it also caps the gzip window (256 MiB). */
  static final long MAX_WINDOW = 256L << 20;

  MemorySegment segment = MemorySegment.NULL;
  long base;

  /**
   * Makes {@code [offset, offset + length)} readable and returns how many of those bytes the file
   * has: {@code length}, or fewer only at the end of the file. {@code offset} must not be before
   * the offset of an earlier call, and {@code length} at most {@link #MAX_WINDOW}. Memory grows
   * with the bytes that exist, not with {@code length}.
   */
  abstract long fill(long offset, long length) throws IOException;

  /** Bytes of the underlying file consumed so far. */
  abstract long position();

  /** Size of the underlying file. */
  abstract long size();

  /**
   * Bytes of memory the source's buffers take now. Proportional to the data actually read, never to
   * a length a record claims: a corrupt length finds the file too short before it is allocated.
   */
  abstract long capacity();

  @Override
  public abstract void close() throws IOException;
}
