package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One {@code poll(2)} over the sockets of several rings and one more socket, the link
 * notifications: a ring is readable when the kernel has handed it a block, and reports an error
 * when its interface went down or vanished; the notification socket is readable when an interface
 * changed. Owns native memory until {@link #close()}; not thread safe.
 *
 * <pre>
 *  pollfd array: ring 0 │ ring 1 │ … │ ring n-1 │ notifications (fd -1: none, poll skips it)
 * </pre>
 */
public final class Poller implements AutoCloseable {
  /** {@code POLLERR | POLLHUP | POLLNVAL}. */
  public static final int ERROR_EVENTS = 0x08 | 0x10 | 0x20;

  private static final short POLLIN = 0x01;

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment state = Libc.callState(arena);
  private MemorySegment fds = MemorySegment.NULL;
  private int count;

  /**
   * Waits up to {@code timeoutMillis} for any of {@code rings} or {@code notificationFd} (negative:
   * none). Returns the number of sockets with events; 0 on timeout or a signal.
   *
   * @throws PacketException when poll itself fails
   */
  public int poll(List<PacketRing> rings, int notificationFd, int timeoutMillis) {
    if (fds.byteSize() < 8L * (rings.size() + 1)) {
      fds = arena.allocate(8L * Math.max(8, rings.size() * 2 + 1), 8);
    }
    count = rings.size();
    for (int i = 0; i < count; i++) {
      set(i, rings.get(i).fd());
    }
    set(count, notificationFd);
    int rc = Linux.poll(state, fds, count + 1L, timeoutMillis);
    if (rc == -Linux.EINTR) {
      return 0;
    }
    if (rc < 0) {
      throw new PacketException(
          PacketException.Kind.SOCKET_FAILED, -rc, "poll failed: " + Libc.strerror(-rc));
    }
    return rc;
  }

  /** The events of the {@code i}-th ring of the last {@link #poll}. */
  public int events(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("ring " + i + " of " + count);
    }
    return Short.toUnsignedInt(fds.get(JAVA_SHORT, 8L * i + 6));
  }

  /** The events of the notification socket in the last {@link #poll}; 0 when there was none. */
  public int notificationEvents() {
    return fds.equals(MemorySegment.NULL)
        ? 0
        : Short.toUnsignedInt(fds.get(JAVA_SHORT, 8L * count + 6));
  }

  private void set(int i, int fd) {
    fds.set(JAVA_INT, 8L * i, fd);
    fds.set(JAVA_SHORT, 8L * i + 4, POLLIN);
    fds.set(JAVA_SHORT, 8L * i + 6, (short) 0);
  }

  @Override
  public void close() {
    arena.close();
  }
}
