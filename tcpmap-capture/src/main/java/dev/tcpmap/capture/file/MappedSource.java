package dev.tcpmap.capture.file;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;

/**
 * A whole uncompressed file mapped into memory: the heap stays small for any file size, and the
 * page cache holds what the kernel can spare. Closing unmaps the file.
 */
final class MappedSource extends Source {
  // Shared, not confined: a reader may be opened on one thread and drained on another.
  private final Arena arena = Arena.ofShared();
  private final long size;
  private long consumed;

  /** Maps the file; the mapping stays valid after {@code channel} is closed. */
  MappedSource(FileChannel channel) throws IOException {
    try {
      size = channel.size();
      segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  @Override
  long fill(long offset, long length) {
    long available = Math.max(0, Math.min(length, size - offset));
    consumed = Math.max(consumed, offset + available);
    return available;
  }

  @Override
  long position() {
    return consumed;
  }

  @Override
  long size() {
    return size;
  }

  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }
}
