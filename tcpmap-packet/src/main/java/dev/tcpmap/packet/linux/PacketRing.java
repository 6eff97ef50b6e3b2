package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.linux.Libc;
import dev.tcpmap.packet.filter.Insn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.function.Consumer;

/**
 * One AF_PACKET socket with a TPACKET_V3 receive ring on one interface, behind a classic BPF
 * filter.
 *
 * <pre>
 *  ring (mmap, blockSize × blocks)
 *  ┌──────────────────────────┬──────────────────────────┬─────
 *  │ block 0                  │ block 1                  │ …
 *  │ tpacket_block_desc (48)  │   block_status @ 8: 0 = kernel's, 1 = TP_STATUS_USER (ours)
 *  │   num_pkts @ 12, offset_to_first_pkt @ 16
 *  │ tpacket3_hdr ──next──▶ tpacket3_hdr ──▶ …   each: tp_next_offset @ 0, tp_sec @ 4,
 *  │   tp_nsec @ 8, tp_snaplen @ 12, tp_len @ 16, tp_mac @ 24, tp_net @ 26 (from the header)
 *  └──────────────────────────┴──────────────────────────┴─────
 * </pre>
 *
 * <p>Blocks are used in order; a block belongs to user space from the moment its status has {@code
 * TP_STATUS_USER} (read with acquire semantics) until it is written back as 0 (release). The socket
 * is created with protocol 0 (it receives nothing), then gets its filter, ring and mapping, and
 * only then is bound to the interface with {@code ETH_P_ALL}: no unfiltered packet is ever queued.
 * Links without an Ethernet header are opened as {@code SOCK_DGRAM} and delivered as raw IP. On
 * loopback, outgoing packets are ignored ({@code PACKET_IGNORE_OUTGOING}), as each would otherwise
 * be seen twice.
 *
 * <p>Not thread safe: one capture thread owns the ring; {@link #close()} on that thread.
 */
public final class PacketRing implements AutoCloseable {
  private static final int AF_PACKET = 17;
  private static final short ETH_P_ALL_NETWORK_ORDER = 0x0300;
  private static final int SOL_SOCKET = 1;
  private static final int SO_ERROR = 4;
  private static final int SO_ATTACH_FILTER = 26;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_RX_RING = 5;
  private static final int PACKET_STATISTICS = 6;
  private static final int PACKET_VERSION = 10;
  private static final int PACKET_IGNORE_OUTGOING = 23;
  private static final int TPACKET_V3 = 2;
  private static final int TP_STATUS_USER = 1;
  private static final int FRAME_SIZE = 2048;
  private static final VarHandle INT = JAVA_INT.varHandle();

  private final Link link;
  private final RingConfig config;
  private final int fd;
  private final MemorySegment ring;
  private final boolean ethernet;
  private int block;
  private boolean closed;

  private PacketRing(Link link, RingConfig config, int fd, MemorySegment ring) {
    this.link = link;
    this.config = config;
    this.fd = fd;
    this.ring = ring;
    this.ethernet = link.ethernetFrames();
  }

  /**
   * Opens a ring on {@code link} with {@code filter} attached.
   *
   * @throws PacketException typed by what failed; {@link PacketException.Kind#PERMISSION} without
   *     CAP_NET_RAW
   */
  public static PacketRing open(Link link, RingConfig config, List<Insn> filter) {
    int type = (link.ethernetFrames() ? Linux.SOCK_RAW : Linux.SOCK_DGRAM) | Linux.SOCK_CLOEXEC;
    int fd = Linux.socket(AF_PACKET, type, 0);
    if (fd < 0) {
      throw socketFailure(link, -fd);
    }
    MemorySegment ring = MemorySegment.NULL;
    try {
      check(link, Linux.setsockopt(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V3), "TPACKET_V3");
      if (link.loopback()) {
        // Before Linux 4.20 the option is unknown: then loopback packets are seen twice.
        Linux.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1);
      }
      attachFilter(link, fd, filter);
      requestRing(link, fd, config);
      int[] errno = new int[1];
      ring = Linux.mmapShared(fd, config.bytes(), errno);
      if (ring.equals(MemorySegment.NULL)) {
        throw new PacketException(
            PacketException.Kind.RING_FAILED,
            errno[0],
            "cannot map the capture ring of " + link.name() + ": " + Libc.strerror(errno[0]));
      }
      bind(link, fd);
      return new PacketRing(link, config, fd, ring);
    } catch (RuntimeException e) {
      if (!ring.equals(MemorySegment.NULL)) {
        Linux.munmap(ring);
      }
      Libc.close(fd);
      throw e;
    }
  }

  public Link link() {
    return link;
  }

  /** The socket, for {@code poll()}. */
  public int fd() {
    return fd;
  }

  /**
   * Hands every packet of every block the kernel has filled to {@code sink}, in ring order, then
   * returns the blocks to the kernel. {@code packet} is refilled for each; its bytes are valid only
   * during the call to {@code sink}. Returns the number of packets delivered.
   */
  public long drain(RawPacket packet, Consumer<RawPacket> sink) {
    long delivered = 0;
    int linkType = link.linkType();
    for (int seen = 0; seen < config.blocks(); seen++) {
      long base = (long) block * config.blockSize();
      if (((int) INT.getAcquire(ring, base + 8) & TP_STATUS_USER) == 0) {
        break;
      }
      int count = ring.get(JAVA_INT, base + 12);
      long at = base + Integer.toUnsignedLong(ring.get(JAVA_INT, base + 16));
      for (int i = 0; i < count; i++) {
        packet.timestampNanos =
            Integer.toUnsignedLong(ring.get(JAVA_INT, at + 4)) * 1_000_000_000L
                + Integer.toUnsignedLong(ring.get(JAVA_INT, at + 8));
        packet.linkType = linkType;
        packet.capturedLength = ring.get(JAVA_INT, at + 12);
        packet.originalLength = ring.get(JAVA_INT, at + 16);
        packet.data = ring;
        packet.dataOffset =
            at + Short.toUnsignedInt(ring.get(JAVA_SHORT, at + (ethernet ? 24 : 26)));
        packet.fileOffset = -1;
        sink.accept(packet);
        at += Integer.toUnsignedLong(ring.get(JAVA_INT, at));
      }
      delivered += count;
      INT.setRelease(ring, base + 8, 0);
      block = (block + 1) % config.blocks();
    }
    return delivered;
  }

  /**
   * The kernel's counts since the previous call (reading resets them in the kernel).
   *
   * @throws PacketException when the socket refuses
   */
  public KernelStats statistics() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment stats = arena.allocate(12, 4);
      int rc = Linux.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, stats);
      check(link, rc, "PACKET_STATISTICS");
      return new KernelStats(
          Integer.toUnsignedLong(stats.get(JAVA_INT, 0)),
          Integer.toUnsignedLong(stats.get(JAVA_INT, 4)),
          Integer.toUnsignedLong(stats.get(JAVA_INT, 8)));
    }
  }

  /**
   * Reads and clears the socket's pending error ({@code SO_ERROR}): {@code ENETDOWN} after the
   * interface went down or was deleted, 0 when there is none.
   */
  public int takeError() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(JAVA_INT);
      int rc = Linux.getsockopt(fd, SOL_SOCKET, SO_ERROR, value);
      return rc < 0 ? -rc : value.get(JAVA_INT, 0);
    }
  }

  /** Unmaps the ring and closes the socket; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Linux.munmap(ring);
      Libc.close(fd);
    }
  }

  private static void attachFilter(Link link, int fd, List<Insn> filter) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment code = arena.allocate(8L * filter.size(), 8);
      for (int i = 0; i < filter.size(); i++) {
        Insn insn = filter.get(i);
        code.set(JAVA_SHORT, 8L * i, (short) insn.code());
        code.set(JAVA_BYTE, 8L * i + 2, (byte) insn.jt());
        code.set(JAVA_BYTE, 8L * i + 3, (byte) insn.jf());
        code.set(JAVA_INT, 8L * i + 4, insn.k());
      }
      // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
      MemorySegment program = arena.allocate(16, 8);
      program.set(JAVA_SHORT, 0, (short) filter.size());
      program.set(java.lang.foreign.ValueLayout.ADDRESS, 8, code);
      int rc = Linux.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, program);
      if (rc < 0) {
        throw new PacketException(
            PacketException.Kind.FILTER_FAILED,
            -rc,
            "the kernel refused the packet filter on " + link.name() + ": " + Libc.strerror(-rc));
      }
    }
  }

  private static void requestRing(Link link, int fd, RingConfig config) {
    try (Arena arena = Arena.ofConfined()) {
      // struct tpacket_req3: block_size, block_nr, frame_size, frame_nr, retire_blk_tov,
      // sizeof_priv, feature_req_word (7 × u32)
      MemorySegment request = arena.allocate(28, 4);
      request.set(JAVA_INT, 0, config.blockSize());
      request.set(JAVA_INT, 4, config.blocks());
      request.set(JAVA_INT, 8, FRAME_SIZE);
      request.set(JAVA_INT, 12, config.blockSize() / FRAME_SIZE * config.blocks());
      request.set(JAVA_INT, 16, config.blockTimeoutMillis());
      int rc = Linux.setsockopt(fd, SOL_PACKET, PACKET_RX_RING, request);
      if (rc < 0) {
        throw new PacketException(
            PacketException.Kind.RING_FAILED,
            -rc,
            "the kernel refused a capture ring of %d MiB on %s: %s"
                .formatted(config.bytes() >> 20, link.name(), Libc.strerror(-rc)));
      }
    }
  }

  private static void bind(Link link, int fd) {
    try (Arena arena = Arena.ofConfined()) {
      // struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen,
      // addr[8]
      MemorySegment address = arena.allocate(20, 4);
      address.set(JAVA_SHORT, 0, (short) AF_PACKET);
      address.set(JAVA_SHORT, 2, ETH_P_ALL_NETWORK_ORDER);
      address.set(JAVA_INT, 4, link.index());
      int rc = Linux.bind(fd, address);
      if (rc == -Linux.ENODEV || rc == -Linux.ENXIO) {
        throw new PacketException(
            PacketException.Kind.NO_SUCH_INTERFACE,
            -rc,
            "interface " + link.name() + " is gone: " + Libc.strerror(-rc));
      }
      check(link, rc, "bind");
    }
  }

  private static PacketException socketFailure(Link link, int errno) {
    if (errno == Linux.EPERM || errno == Linux.EACCES) {
      return new PacketException(
          PacketException.Kind.PERMISSION,
          errno,
          "cannot open a packet socket on "
              + link.name()
              + ": "
              + Libc.strerror(errno)
              + ". Live capture needs CAP_NET_RAW: run as root or grant the capability"
              + " (Kubernetes: securityContext.capabilities.add: [NET_RAW])");
    }
    return new PacketException(
        PacketException.Kind.SOCKET_FAILED,
        errno,
        "cannot open a packet socket on " + link.name() + ": " + Libc.strerror(errno));
  }

  private static void check(Link link, int rc, String what) {
    if (rc < 0) {
      throw new PacketException(
          PacketException.Kind.SOCKET_FAILED,
          -rc,
          what + " failed on " + link.name() + ": " + Libc.strerror(-rc));
    }
  }
}
