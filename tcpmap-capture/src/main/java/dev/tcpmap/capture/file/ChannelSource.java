package dev.tcpmap.capture.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An uncompressed file, read ahead by a second thread in 8 MiB chunks.
 *
 * <pre>
 *   read-ahead thread:  read() -> [chunk] -> full queue -> parser -> free queue -> read() ...
 *   file:   |  chunk k   |  chunk k+1   |  chunk k+2   |
 *                     [record]             a record that straddles two chunks is copied into
 *                     stitch buffer        the stitch buffer; all others are read in place
 * </pre>
 *
 * <p>Why not a memory map: on this kind of VM the first touch of each 4 KiB page of a mapping costs
 * a page fault, and a 1.6 GB capture spent 0.7 s in faults alone; copying it with {@code read()}
 * took 0.25 s, and on a second core that copy overlaps the parsing. Memory is bounded: three chunks
 * (no larger than the file) and a stitch buffer as large as the largest straddling record that the
 * file holds (at most {@link #MAX_WINDOW}); a record claiming more than the file has left is cut at
 * the end of the file before anything is allocated for it.
 */
final class ChannelSource extends Source {
  static final int CHUNK = 8 << 20;
  private static final int CHUNKS = 3;

  /** One chunk of the file as read; {@code error} set (and no bytes) when reading failed. */
  private record Chunk(long offset, MemorySegment bytes, MemorySegment buffer, IOException error) {
    long end() {
      return offset + bytes.byteSize();
    }
  }

  private final FileChannel channel;
  private final long size;
  private final Arena arena = Arena.ofShared();
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final BlockingQueue<MemorySegment> free = new ArrayBlockingQueue<>(CHUNKS);
  private final int chunkSize;
  private final Thread readAhead;
  private Chunk current;
  private MemorySegment stitch = MemorySegment.NULL;
  private long limit;

  /** Takes ownership of {@code channel}: closing this source closes it. */
  ChannelSource(FileChannel channel) throws IOException {
    this(channel, CHUNK);
  }

  /** With chunks of {@code chunkSize} bytes: tests make it tiny so that most records straddle. */
  ChannelSource(FileChannel channel, int chunkSize) throws IOException {
    this.channel = channel;
    this.size = channel.size();
    // A small file needs no 8 MiB chunks; a file growing while it is read (tcpdump still
    // writing) is read up to its size at open anyway.
    this.chunkSize = (int) Math.max(1, Math.min(chunkSize, size));
    for (int i = 0; i < CHUNKS; i++) {
      free.add(arena.allocate(this.chunkSize, 4096));
    }
    readAhead = Thread.ofPlatform().daemon().name("tcpmap-read-ahead").start(this::readAll);
    current = take();
    show(current);
  }

  /** The read-ahead thread: fills free buffers in file order until the end of the file. */
  private void readAll() {
    long position = 0;
    try {
      while (true) {
        MemorySegment buffer = free.take();
        int read = readChunk(buffer, position);
        full.put(new Chunk(position, buffer.asSlice(0, read), buffer, null));
        position += read;
        if (read == 0) {
          return;
        }
      }
    } catch (IOException e) {
      full.offer(new Chunk(position, MemorySegment.NULL, MemorySegment.NULL, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed while reading ahead
    }
  }

  private int readChunk(MemorySegment buffer, long position) throws IOException {
    var bytes = buffer.asByteBuffer();
    while (bytes.hasRemaining() && position + bytes.position() < size) {
      if (channel.read(bytes, position + bytes.position()) < 0) {
        break;
      }
    }
    return bytes.position();
  }

  @Override
  long fill(long offset, long length) throws IOException {
    if (offset >= base && offset + length <= base + limit) {
      return length;
    }
    // Bytes past the end of the file do not exist: a corrupt record length must not size the
    // stitch buffer (a 34 KB file claiming a 256 MiB block took 256 MiB).
    long present = Math.max(0, Math.min(length, size - offset));
    while (offset >= current.end() && current.bytes().byteSize() > 0) {
      advance();
    }
    if (offset >= current.offset()
        && (offset + present <= current.end() || current.bytes().byteSize() == 0)) {
      show(current);
      return Math.max(0, Math.min(present, current.end() - offset));
    }
    return stitch(offset, present);
  }

  /**
   * Copies {@code [offset, offset + length)}, which runs past the current chunk, into one place.
   * Its start may already be in the stitch buffer only (a pcapng block header stitched before, its
   * chunk given back): those bytes move to the front first.
   */
  private long stitch(long offset, long length) throws IOException {
    long copied = Math.max(0, current.offset() - offset);
    MemorySegment target = stitch;
    if (target.byteSize() < length) {
      target = arena.allocate(Math.min(MAX_WINDOW, Math.max(length, 2 * stitch.byteSize())));
    }
    if (copied > 0) {
      MemorySegment.copy(stitch, offset - base, target, 0, copied);
    }
    stitch = target;
    while (copied < length) {
      long from = offset + copied - current.offset();
      long count = Math.min(length - copied, current.bytes().byteSize() - from);
      MemorySegment.copy(current.bytes(), from, stitch, copied, count);
      copied += count;
      if (copied == length || current.bytes().byteSize() == 0) {
        break;
      }
      advance();
      if (current.bytes().byteSize() == 0) {
        break;
      }
    }
    segment = stitch;
    base = offset;
    limit = copied;
    return copied;
  }

  /** Gives the current chunk back to the read-ahead thread and takes the next one. */
  private void advance() throws IOException {
    free.add(current.buffer());
    current = take();
  }

  private Chunk take() throws IOException {
    Chunk chunk;
    try {
      chunk = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the capture");
    }
    if (chunk.error() != null) {
      throw chunk.error();
    }
    return chunk;
  }

  private void show(Chunk chunk) {
    segment = chunk.bytes();
    base = chunk.offset();
    limit = chunk.bytes().byteSize();
  }

  @Override
  long position() {
    return current.end();
  }

  @Override
  long size() {
    return size;
  }

  @Override
  long capacity() {
    return (long) CHUNKS * chunkSize + stitch.byteSize();
  }

  @Override
  public void close() throws IOException {
    readAhead.interrupt();
    try {
      readAhead.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      channel.close();
    } finally {
      arena.close();
    }
  }
}
