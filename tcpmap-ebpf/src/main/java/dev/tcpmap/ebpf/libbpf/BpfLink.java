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
    return descriptor(
        () -> (int) lib.linkFd.invokeExact(link),
        BpfException.Kind.ATTACH_FAILED,
        "link of '%s' has no file descriptor");
  }

  /**
   * Creates an iterator instance from this link (an {@code iter/...} program): a file descriptor
   * whose reads run the program over the kernel objects. The caller closes it ({@link Libc#close}).
   */
  public int createIterator() {
    int linkFd = fd();
    return descriptor(
        () -> (int) lib.iterCreate.invokeExact(linkFd),
        BpfException.Kind.ITERATOR_FAILED,
        "cannot create an iterator from '%s'");
  }

  /** A libbpf call that returns a file descriptor or a negative error number. */
  @FunctionalInterface
  private interface DescriptorCall {
    int call() throws Throwable;
  }

  /** The descriptor {@code call} returns; a negative one fails as {@code kind}, {@code what}. */
  private int descriptor(DescriptorCall call, BpfException.Kind kind, String what) {
    int fd;
    try {
      fd = call.call();
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
    if (fd < 0) {
      throw lib.failure(kind, -fd, what.formatted(program));
    }
    return fd;
  }

  public String program() {
    return program;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      lib.destroy(link);
    }
  }
}
