package dev.tcpmap.ebpf.libbpf;

import dev.tcpmap.linux.Libc;

/**
 * An attached program ({@code struct bpf_link}). Closing detaches it. Made by {@link
 * BpfObject#attach}; the object closes its links when it closes.
 */
public final class BpfLink implements AutoCloseable {
  private final Libbpf lib;
  private final java.lang.foreign.MemorySegment link;
  private final String program;
  private boolean closed;

  BpfLink(Libbpf lib, java.lang.foreign.MemorySegment link, String program) {
    this.lib = lib;
    this.link = link;
    this.program = program;
  }

  /** The link's file descriptor (for {@code bpf_iter_create}). */
  public int fd() {
    try {
      int fd = (int) lib.linkFd.invokeExact(link);
      if (fd < 0) {
        throw lib.failure(
            BpfException.Kind.ATTACH_FAILED,
            -fd,
            "link of '" + program + "' has no file descriptor");
      }
      return fd;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * Creates an iterator instance from this link (an {@code iter/...} program): a file descriptor
   * whose reads run the program over the kernel objects. The caller closes it ({@link Libc#close}).
   */
  public int createIterator() {
    try {
      int fd = (int) lib.iterCreate.invokeExact(fd());
      if (fd < 0) {
        throw lib.failure(
            BpfException.Kind.ITERATOR_FAILED,
            -fd,
            "cannot create an iterator from '" + program + "'");
      }
      return fd;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  public String program() {
    return program;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int rc = (int) lib.linkDestroy.invokeExact(link);
      assert rc <= 0;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }
}
