package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's link notifications: an rtnetlink socket ({@code AF_NETLINK}, {@code NETLINK_ROUTE})
 * bound to the multicast group {@code RTMGRP_LINK}, non-blocking and close-on-exec. The kernel
 * sends it an {@code RTM_NEWLINK} when an interface of the namespace appears or changes (a pod's
 * veth created, set up, its carrier on) and an {@code RTM_DELLINK} when one goes, within the system
 * call that made the change; its fd joins the capture thread's {@code poll()}.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it (rtnetlink multicast
 * is per namespace), so the capture thread opens it after entering its namespace. Receiving link
 * notifications needs no capability ({@code NL_CFG_F_NONROOT_RECV}), but a seccomp profile or an
 * old kernel may refuse the socket: then {@link #open()} fails and capture keeps only its periodic
 * rescan.
 *
 * <p>If the kernel cannot queue a notification (the receive buffer, {@code net.core.rmem_default},
 * about 200 KB, is full) it drops it and the next {@code recv} fails with {@code ENOBUFS}, reported
 * as {@link LinkMessage.Lost}: a full rescan catches up. Owns native memory and the socket until
 * {@link #close()}; not thread safe (the capture thread's).
 */
public final class LinkNotifications implements AutoCloseable {
  private static final int AF_NETLINK = 16;
  private static final int NETLINK_ROUTE = 0;
  private static final int RTMGRP_LINK = 0x1;
  private static final int ENOBUFS = 105;

  /**
   * A link message is about 1–3 KB (more with SR-IOV VFs); the kernel builds notifications of at
   * most a page or {@code NLMSG_GOODSIZE} (8 KiB). A longer datagram would arrive cut: its header's
   * length then runs past the bytes read, which parses as {@link LinkMessage.Malformed} — a rescan
   * all the same.
   */
  private static final int BUFFER_BYTES = 32 << 10;

  /**
   * Datagrams read per {@link #drain()} at most. Far more than a node's link changes between two
   * wake-ups; the bound only keeps the rings drained if something floods the group (what is left
   * keeps the socket readable, so the next {@code poll()} returns at once).
   */
  private static final int MAX_DATAGRAMS = 1024;

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment buffer = arena.allocate(BUFFER_BYTES, 8);
  private final int fd;
  private boolean closed;

  private LinkNotifications(int fd) {
    this.fd = fd;
  }

  /**
   * Opens and binds the socket in the calling thread's network namespace.
   *
   * @throws PacketException {@link PacketException.Kind#SOCKET_FAILED} with the kernel's reason
   */
  public static LinkNotifications open() {
    int fd =
        Linux.socket(
            AF_NETLINK, Linux.SOCK_RAW | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
      throw failure(-fd, "cannot open a netlink socket for link notifications");
    }
    try (Arena call = Arena.ofConfined()) {
      // struct sockaddr_nl: nl_family u16, nl_pad u16, nl_pid u32 (0: the kernel assigns one),
      // nl_groups u32
      MemorySegment address = call.allocate(12, 4);
      address.set(JAVA_SHORT, 0, (short) AF_NETLINK);
      address.set(JAVA_INT, 8, RTMGRP_LINK);
      int rc = Linux.bind(fd, address);
      if (rc < 0) {
        Libc.close(fd);
        throw failure(-rc, "cannot subscribe to link notifications (RTMGRP_LINK)");
      }
    }
    return new LinkNotifications(fd);
  }

  /** The socket, for {@code poll()}: readable when a notification (or an overrun) is pending. */
  public int fd() {
    return fd;
  }

  /**
   * Reads every datagram pending (at most {@value #MAX_DATAGRAMS}) and returns their messages in
   * order; {@code ENOBUFS} becomes a {@link LinkMessage.Lost} and reading goes on. Empty when
   * nothing was pending.
   *
   * @throws PacketException when the socket fails otherwise (it is then of no further use)
   */
  public List<LinkMessage> drain() {
    List<LinkMessage> messages = new ArrayList<>();
    for (int i = 0; i < MAX_DATAGRAMS; i++) {
      long n = Libc.read(fd, buffer);
      if (n == -Linux.EAGAIN) {
        break;
      } else if (n == -ENOBUFS) {
        messages.add(new LinkMessage.Lost(Libc.strerror(ENOBUFS)));
      } else if (n < 0 && n != -Linux.EINTR) {
        throw failure((int) -n, "cannot read link notifications");
      } else if (n > 0) {
        messages.addAll(LinkMessages.parse(buffer.asSlice(0, n)));
      }
    }
    return messages;
  }

  /** Closes the socket; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Libc.close(fd);
      arena.close();
    }
  }

  private static PacketException failure(int errno, String what) {
    return new PacketException(
        PacketException.Kind.SOCKET_FAILED, errno, what + ": " + Libc.strerror(errno));
  }
}
