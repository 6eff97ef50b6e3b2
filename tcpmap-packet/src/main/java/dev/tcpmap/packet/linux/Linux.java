package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

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

  /** socket(2) types and the flags or-ed into them. */
  static final int SOCK_DGRAM = 2;

  static final int SOCK_RAW = 3;
  static final int SOCK_NONBLOCK = 0x800;
  static final int SOCK_CLOEXEC = 0x80000;

  private static final MethodHandle SOCKET =
      Libc.errnoHandle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND =
      Libc.errnoHandle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      Libc.errnoHandle(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKOPT =
      Libc.errnoHandle(
          "getsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle MMAP =
      Libc.errnoHandle(
          "mmap",
          FunctionDescriptor.of(
              ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
  private static final MethodHandle MUNMAP =
      Libc.errnoHandle("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle POLL =
      Libc.errnoHandle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle IOCTL =
      Libc.errnoHandle(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle IF_NAMEINDEX =
      Libc.errnoHandle("if_nameindex", FunctionDescriptor.of(ADDRESS));
  private static final MethodHandle IF_FREENAMEINDEX =
      Libc.handle("if_freenameindex", FunctionDescriptor.ofVoid(ADDRESS));

  private Linux() {}

  static int socket(int domain, int type, int protocol) {
    return (int)
        Libc.call((arena, state) -> (int) SOCKET.invokeExact(state, domain, type, protocol));
  }

  static int bind(int fd, MemorySegment address) {
    return (int)
        Libc.call(
            (arena, state) -> (int) BIND.invokeExact(state, fd, address, (int) address.byteSize()));
  }

  static int setsockopt(int fd, int level, int name, MemorySegment value) {
    return (int)
        Libc.call(
            (arena, state) ->
                (int)
                    SETSOCKOPT.invokeExact(state, fd, level, name, value, (int) value.byteSize()));
  }

  static int setsockopt(int fd, int level, int name, int value) {
    try (Arena arena = Arena.ofConfined()) {
      return setsockopt(fd, level, name, arena.allocateFrom(JAVA_INT, value));
    }
  }

  /** {@code getsockopt} into {@code value}: the length the kernel wrote, or {@code -errno}. */
  static int getsockopt(int fd, int level, int name, MemorySegment value) {
    return (int)
        Libc.call(
            (arena, state) -> {
              MemorySegment length = arena.allocateFrom(JAVA_INT, (int) value.byteSize());
              int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, name, value, length);
              return rc < 0 ? rc : length.get(JAVA_INT, 0);
            });
  }

  /** A shared read-write mapping of {@code fd}; NULL with {@code errno[0]} set when it failed. */
  @SuppressWarnings("restricted") // the kernel's ring is exactly `length` bytes long
  static MemorySegment mmapShared(int fd, long length, int[] errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(arena);
      MemorySegment address =
          (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, 3, 1, fd, 0L);
      if (address.address() == -1L) {
        errno[0] = Libc.errno(state);
        return MemorySegment.NULL;
      }
      return address.reinterpret(length);
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  static int munmap(MemorySegment mapping) {
    return (int)
        Libc.call((arena, state) -> (int) MUNMAP.invokeExact(state, mapping, mapping.byteSize()));
  }

  /** {@code poll(2)} over {@code count} pollfd structs in {@code fds}, with errno capture. */
  static int poll(MemorySegment state, MemorySegment fds, long count, int timeoutMillis) {
    try {
      int rc = (int) POLL.invokeExact(state, fds, count, timeoutMillis);
      return rc < 0 ? -Libc.errno(state) : rc;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  static int ioctl(int fd, long request, MemorySegment argument) {
    return (int) Libc.call((arena, state) -> (int) IOCTL.invokeExact(state, fd, request, argument));
  }

  /**
   * {@code if_nameindex(3)} of the calling thread's network namespace as (index, name) pairs; the C
   * library asks the kernel over netlink, so it sees the namespace the thread is in.
   */
  @SuppressWarnings("restricted") // an array of {unsigned int, char *} ending with {0, NULL}
  static java.util.List<java.util.Map.Entry<Integer, String>> nameIndex() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(arena);
      MemorySegment list = (MemorySegment) IF_NAMEINDEX.invokeExact(state);
      if (list.equals(MemorySegment.NULL)) {
        int errno = Libc.errno(state);
        throw new PacketException(
            PacketException.Kind.SOCKET_FAILED,
            errno,
            "cannot list network interfaces: " + Libc.strerror(errno));
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
      throw Libc.rethrow(t);
    }
  }
}
