package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Sets an interface up from inside the JVM, with one system call ({@code SIOCSIFFLAGS}), so that a
 * test can time what follows from the moment the kernel changed the link — {@code ip link set up}
 * adds a process start and exit around its netlink request. The kernel sends the {@code
 * RTM_NEWLINK} inside that call. Acts in the calling thread's network namespace.
 */
public final class TestLinks {
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final long SIOCSIFFLAGS = 0x8914;
  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
  private static final short IFF_UP = 0x1;

  private TestLinks() {}

  /**
   * Sets {@code name} up; returns {@link System#nanoTime()} just before the {@code SIOCSIFFLAGS}
   * call.
   */
  public static long up(String name) {
    int fd = Linux.socket(AF_INET, SOCK_DGRAM_CLOEXEC, 0);
    check(fd, "socket");
    try (Arena arena = Arena.ofConfined()) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      MemorySegment ifreq = arena.allocate(40, 8); // struct ifreq: name[16], flags short @16
      MemorySegment.copy(bytes, 0, ifreq, JAVA_BYTE, 0, bytes.length);
      check(Linux.ioctl(fd, SIOCGIFFLAGS, ifreq), "SIOCGIFFLAGS " + name);
      ifreq.set(JAVA_SHORT, 16, (short) (ifreq.get(JAVA_SHORT, 16) | IFF_UP));
      long before = System.nanoTime();
      check(Linux.ioctl(fd, SIOCSIFFLAGS, ifreq), "SIOCSIFFLAGS " + name);
      return before;
    } finally {
      Libc.close(fd);
    }
  }

  private static void check(int rc, String what) {
    if (rc < 0) {
      throw new IllegalStateException(what + ": " + Libc.strerror(-rc));
    }
  }
}
