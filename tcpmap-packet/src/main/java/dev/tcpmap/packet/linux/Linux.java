package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The C library calls of packet capture, linked once. Each returns its result, or {@code -errno}
 * when it failed (errno is captured by the linker: the JVM may overwrite it before Java reads it).
 * Stateless and thread-safe; the memory passed in belongs to the caller.
 */
final class Linux {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int ENXIO = 6;
  static final int EAGAIN = 11;
  static final int ENOMEM = 12;
  static final int EACCES = 13;
  static final int ENODEV = 19;
  static final int ENETDOWN = 100;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle SOCKET =
      errnoHandle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND =
      errnoHandle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      errnoHandle(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKOPT =
      errnoHandle(
          "getsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle MMAP =
      errnoHandle(
          "mmap",
          FunctionDescriptor.of(
              ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
  private static final MethodHandle MUNMAP =
      errnoHandle("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle POLL =
      errnoHandle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle CLOSE =
      errnoHandle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle IOCTL =
      errnoHandle(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle OPEN =
      errnoHandle(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle SETNS =
      errnoHandle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle IF_NAMEINDEX =
      errnoHandle("if_nameindex", FunctionDescriptor.of(ADDRESS));
  private static final MethodHandle IF_FREENAMEINDEX =
      handle("if_freenameindex", FunctionDescriptor.ofVoid(ADDRESS));
  private static final MethodHandle STRERROR =
      handle("strerror_r", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));

  private Linux() {}

  /** A call's result with errno captured: the state segment lives in {@code arena}. */
  static MemorySegment state(Arena arena) {
    return arena.allocate(CAPTURE);
  }

  static int socket(int domain, int type, int protocol) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
      return fd < 0 ? -errno(state) : fd;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int bind(int fd, MemorySegment address) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int rc = (int) BIND.invokeExact(state, fd, address, (int) address.byteSize());
      return rc < 0 ? -errno(state) : 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int setsockopt(int fd, int level, int name, MemorySegment value) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, name, value, (int) value.byteSize());
      return rc < 0 ? -errno(state) : 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int setsockopt(int fd, int level, int name, int value) {
    try (Arena arena = Arena.ofConfined()) {
      return setsockopt(fd, level, name, arena.allocateFrom(JAVA_INT, value));
    }
  }

  /** {@code getsockopt} into {@code value}: the length the kernel wrote, or {@code -errno}. */
  static int getsockopt(int fd, int level, int name, MemorySegment value) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      MemorySegment length = arena.allocateFrom(JAVA_INT, (int) value.byteSize());
      int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, name, value, length);
      return rc < 0 ? -errno(state) : length.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** A shared read-write mapping of {@code fd}; NULL with {@code errno[0]} set when it failed. */
  @SuppressWarnings("restricted") // the kernel's ring is exactly `length` bytes long
  static MemorySegment mmapShared(int fd, long length, int[] errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      MemorySegment address =
          (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, 3, 1, fd, 0L);
      if (address.address() == -1L) {
        errno[0] = errno(state);
        return MemorySegment.NULL;
      }
      return address.reinterpret(length);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int munmap(MemorySegment mapping) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int rc = (int) MUNMAP.invokeExact(state, mapping, mapping.byteSize());
      return rc < 0 ? -errno(state) : 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code poll(2)} over {@code count} pollfd structs in {@code fds}, with errno capture. */
  static int poll(MemorySegment state, MemorySegment fds, long count, int timeoutMillis) {
    try {
      int rc = (int) POLL.invokeExact(state, fds, count, timeoutMillis);
      return rc < 0 ? -errno(state) : rc;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int rc = (int) CLOSE.invokeExact(state, fd);
      return rc < 0 ? -errno(state) : 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int ioctl(int fd, long request, MemorySegment argument) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int rc = (int) IOCTL.invokeExact(state, fd, request, argument);
      return rc < 0 ? -errno(state) : rc;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code open(path, O_RDONLY | O_CLOEXEC)}: a file descriptor or {@code -errno}. */
  static int openReadOnly(String path) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), 0x80000, 0);
      return fd < 0 ? -errno(state) : fd;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code setns(fd, CLONE_NEWNET)}: moves only the calling thread. 0 or {@code -errno}. */
  static int setNetworkNamespace(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      int rc = (int) SETNS.invokeExact(state, fd, 0x40000000);
      return rc < 0 ? -errno(state) : 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code if_nameindex(3)} of the calling thread's network namespace as (index, name) pairs; the C
   * library asks the kernel over netlink, so it sees the namespace the thread is in.
   */
  @SuppressWarnings("restricted") // an array of {unsigned int, char *} ending with {0, NULL}
  static java.util.List<java.util.Map.Entry<Integer, String>> nameIndex() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = state(arena);
      MemorySegment list = (MemorySegment) IF_NAMEINDEX.invokeExact(state);
      if (list.equals(MemorySegment.NULL)) {
        int errno = errno(state);
        throw new PacketException(
            PacketException.Kind.SOCKET_FAILED,
            errno,
            "cannot list network interfaces: " + strerror(errno));
      }
      try {
        java.util.List<java.util.Map.Entry<Integer, String>> out = new java.util.ArrayList<>();
        MemorySegment entries = list.reinterpret(Long.MAX_VALUE);
        for (long at = 0; ; at += 16) {
          int index = entries.get(JAVA_INT, at);
          MemorySegment name = entries.get(ADDRESS, at + 8);
          if (index == 0 && name.equals(MemorySegment.NULL)) {
            return out;
          }
          out.add(java.util.Map.entry(index, name.reinterpret(64).getString(0)));
        }
      } finally {
        IF_FREENAMEINDEX.invokeExact(list);
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The C library's text for a (positive) errno, e.g. "Operation not permitted". */
  @SuppressWarnings("restricted") // strerror_r returns a NUL-terminated string
  static String strerror(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(256);
      // GNU strerror_r returns a pointer to the text, which may or may not be the buffer.
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno, buffer, 256L);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  @SuppressWarnings("restricted") // the C library is part of every JVM process on Linux
  private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
  }

  @SuppressWarnings("restricted") // the C library is part of every JVM process on Linux
  private static MethodHandle errnoHandle(
      String name, FunctionDescriptor descriptor, Linker.Option... more) {
    Linker.Option[] options = Arrays.copyOf(more, more.length + 1);
    options[more.length] = Linker.Option.captureCallState("errno");
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
