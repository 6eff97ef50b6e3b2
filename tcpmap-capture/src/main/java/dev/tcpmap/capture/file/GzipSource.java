package dev.tcpmap.capture.file;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip-compressed file streamed through a window buffer that starts at 1 MiB and grows only as
 * far as the largest record needs, up to {@link #MAX_WINDOW}. Bytes before the latest fill offset
 * are dropped, so memory stays bounded whatever the file size. The window grows as inflated bytes
 * arrive (at most doubling each time), never to a length a record merely claims: the uncompressed
 * size is unknown until the stream ends, and a corrupt length must not cost its size in memory.
 */
final class GzipSource extends Source {
  private static final int INITIAL_WINDOW = 1 << 20;
  private static final int INFLATE_INPUT_BUFFER = 64 << 10;

  private final CountingInputStream compressed;
  private final InputStream in;
  private final long size;
  private byte[] buffer = new byte[INITIAL_WINDOW];
  private int limit;
  private boolean eof;
  private boolean truncated;

  GzipSource(FileChannel channel) throws IOException {
    size = channel.size();
    compressed = new CountingInputStream(Channels.newInputStream(channel));
    try {
      in = new GZIPInputStream(compressed, INFLATE_INPUT_BUFFER);
    } catch (EOFException e) {
      throw new CaptureFormatException("truncated gzip header", 0);
    } catch (ZipException e) {
      throw new CaptureFormatException("corrupt gzip header (" + e.getMessage() + ")", 0);
    }
    segment = MemorySegment.ofArray(buffer);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A gzip stream cut short ends the data like a short file, so that the reader can name the
   * record it cut; only a cut exactly between records (nothing of the range present) is reported
   * here.
   */
  @Override
  long fill(long offset, long length) throws IOException {
    if (offset + length <= base + limit) {
      return length;
    }
    if (offset >= base + limit) {
      discard(offset - (base + limit), offset);
      limit = 0;
    } else {
      int keep = (int) (base + limit - offset);
      System.arraycopy(buffer, (int) (offset - base), buffer, 0, keep);
      limit = keep;
    }
    base = offset;
    while (limit < length && !eof) {
      if (limit == buffer.length) {
        grow(length);
      }
      limit += inflate(buffer, limit, buffer.length - limit, offset);
    }
    if (limit == 0 && truncated) {
      throw new CaptureFormatException("truncated gzip stream", offset);
    }
    return Math.min(length, limit);
  }

  /** Doubles the window (but not beyond {@code length}): it is full and more bytes are wanted. */
  private void grow(long length) {
    int size = (int) Math.min(MAX_WINDOW, Math.min(length, 2L * buffer.length));
    buffer = Arrays.copyOf(buffer, size);
    segment = MemorySegment.ofArray(buffer);
  }

  /** Reads and drops {@code count} bytes (a block skipped without keeping it in memory). */
  private void discard(long count, long offset) throws IOException {
    long left = count;
    while (left > 0 && !eof) {
      left -= inflate(buffer, 0, (int) Math.min(left, buffer.length), offset);
    }
  }

  /** Inflates up to {@code length} bytes; 0 at the end of the stream, whole or cut. */
  private int inflate(byte[] into, int at, int length, long offset) throws IOException {
    try {
      int read = in.read(into, at, length);
      eof = read < 0;
      return Math.max(read, 0);
    } catch (EOFException e) {
      eof = true;
      truncated = true;
      return 0;
    } catch (ZipException e) {
      throw new CaptureFormatException("corrupt gzip stream (" + e.getMessage() + ")", offset);
    }
  }

  @Override
  long position() {
    return compressed.count;
  }

  @Override
  long size() {
    return size;
  }

  @Override
  long capacity() {
    return buffer.length;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Counts the compressed bytes the inflater consumed, for progress. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int read = super.read(b, off, len);
      count += Math.max(read, 0);
      return read;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
