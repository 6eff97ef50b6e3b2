package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.decode.Bytes.int32;
import static dev.tcpmap.capture.decode.Bytes.littleInt32;
import static dev.tcpmap.capture.decode.Bytes.u16;
import static dev.tcpmap.capture.decode.Bytes.u8;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import java.lang.foreign.MemorySegment;

/**
 * Turns captured packets into {@link TcpSegment}s: link layer (Ethernet with 802.1Q/QinQ tags,
 * Linux cooked SLL and SLL2, raw IP, BSD loopback), IPv4 and IPv6 with extension headers, overlay
 * tunnels (VXLAN, Geneve, IP-in-IP; the inner connection is what counts) and TCP.
 *
 * <p>Every other packet is counted in {@link #counters()}: as an error by reason, or as skipped
 * (not TCP) by kind. Never throws for any packet bytes, allocates nothing per packet and uses no
 * exceptions for control flow. Not thread safe: one decoder per decoding thread.
 *
 * <p>Layer methods share one shape: {@code (segment, at, end, limit, out, depth)} where {@code [at,
 * end)} are the captured bytes of this layer, {@code limit} is where the enclosing packet ends on
 * the wire (from the outer IP length, or the original length at the top), and {@code depth} counts
 * tunnels entered.
 */
public final class PacketDecoder {
  static final int ETHERTYPE_IPV4 = 0x0800;
  static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int ETHERTYPE_ARP = 0x0806;
  private static final int ETHERTYPE_VLAN = 0x8100; // 802.1Q customer tag
  private static final int ETHERTYPE_QINQ = 0x88A8; // 802.1ad service tag
  private static final int ETHERTYPE_QINQ_OLD = 0x9100; // pre-802.1ad QinQ

  /** Below this an Ethernet type field is an 802.3 length (LLC frame follows). */
  private static final int ETHERTYPE_MIN = 0x0600;

  private static final int MAX_VLAN_TAGS = 8;
  private static final int ARPHRD_NETLINK = 824;

  // BSD loopback address families: AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD,
  // BSD/OS), 28 (FreeBSD, DragonFly), 30 (macOS) — libpcap's LINKTYPE_NULL description.
  private static final int AF_INET = 2;

  private final DecodeCounters counters = new DecodeCounters();
  private final long[] byOutcome = counters.byReason;

  public PacketDecoder() {}

  /** {@link #decodeTransport} found no TCP segment and no DNS datagram. */
  public static final int OTHER = 0;

  /** {@link #decodeTransport} found a TCP segment. */
  public static final int TCP = 1;

  /** {@link #decodeTransport} found a UDP datagram from or to port 53. */
  public static final int DNS = 2;

  /** {@link #decodeTransport} found any other UDP datagram (not a tunnel's). */
  public static final int UDP = 3;

  /** {@link #decodeTransport} found an ICMP or ICMPv6 error quoting a TCP or UDP packet. */
  public static final int ICMP_ERROR = 4;

  /**
   * Decodes one packet into {@code out}; true when it carried a TCP segment (then all TcpSegment
   * fields are set, {@code timestampNanos} being the packet's). Otherwise the packet was counted:
   * as a decode error by reason, or as skipped (not TCP) by kind, and {@code out} holds garbage.
   */
  public boolean decode(RawPacket packet, TcpSegment out) {
    return decodeTransport(packet, out) == TCP;
  }

  /**
   * As {@link #decode}, but also says when the packet was a UDP datagram (from or to port 53:
   * {@link #DNS}, else {@link #UDP}): then {@code out} holds its addresses, ports, payload and time
   * (TCP fields zero), and it is counted as skipped ({@code "dns"}, {@code "udp"}), as it is not
   * TCP; or an ICMP error ({@link #ICMP_ERROR}, see {@link TcpSegment}), skipped as {@code
   * "icmp-error"}.
   *
   * @return {@link #TCP}, {@link #DNS}, {@link #UDP}, {@link #ICMP_ERROR} or {@link #OTHER}
   */
  public int decodeTransport(RawPacket packet, TcpSegment out) {
    counters.packets++;
    Outcome outcome = decodeLink(packet, out);
    if (outcome == Outcome.SEGMENT) {
      counters.tcp++;
      out.timestampNanos = packet.timestampNanos;
      return TCP;
    }
    int handedOver =
        switch (outcome) {
          case DNS -> DNS;
          case UDP -> UDP;
          case ICMP_ERROR -> ICMP_ERROR;
          default -> OTHER;
        };
    if (handedOver != OTHER) {
      byOutcome[outcome.ordinal()]++;
      out.timestampNanos = packet.timestampNanos;
      return handedOver;
    }
    if (outcome == Outcome.LINK_TYPE_UNSUPPORTED) {
      counters.countUnsupportedLinkType(packet.linkType);
    } else {
      byOutcome[outcome.ordinal()]++;
    }
    return OTHER;
  }

  /** The counts of this decoder, live. */
  public DecodeCounters counters() {
    return counters;
  }

  private static Outcome decodeLink(RawPacket packet, TcpSegment out) {
    MemorySegment s = packet.data;
    long at = packet.dataOffset;
    if (s == null
        || at < 0
        || packet.capturedLength < 0
        || at + packet.capturedLength > s.byteSize()) {
      return Outcome.CAPTURE_BAD_LENGTH;
    }
    long end = at + packet.capturedLength;
    long limit = at + Math.max(packet.capturedLength, packet.originalLength);
    return switch (packet.linkType) {
      case LinkTypes.ETHERNET -> ethernet(s, at, end, limit, out, 0);
      case LinkTypes.LINUX_SLL -> sll(s, at, end, limit, out);
      case LinkTypes.LINUX_SLL2 -> sll2(s, at, end, limit, out);
      case LinkTypes.RAW -> raw(s, at, end, limit, out);
      case LinkTypes.IPV4 -> IpDecoder.ipv4(s, at, end, limit, out, 0);
      case LinkTypes.IPV6 -> IpDecoder.ipv6(s, at, end, limit, out, 0);
      case LinkTypes.NULL -> loopback(s, at, end, limit, out, false);
      case LinkTypes.LOOP -> loopback(s, at, end, limit, out, true);
      default -> Outcome.LINK_TYPE_UNSUPPORTED;
    };
  }

  /**
   *
   *
   * <pre>
   * Ethernet II: destination(6) source(6) type(2) [802.1Q/ad tag: TCI(2) type(2)]... payload
   * </pre>
   */
  static Outcome ethernet(
      MemorySegment s, long at, long end, long limit, TcpSegment out, int depth) {
    if (at + 14 > end) {
      return Outcome.ETHERNET_TRUNCATED;
    }
    return etherType(s, at + 14, end, limit, u16(s, at + 12), out, depth);
  }

  /** Dispatches on an EtherType, first stepping over any VLAN tags (QinQ stacks them). */
  static Outcome etherType(
      MemorySegment s, long at, long end, long limit, int type, TcpSegment out, int depth) {
    int tags = 0;
    while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
      if (++tags > MAX_VLAN_TAGS) {
        return Outcome.VLAN_TOO_DEEP;
      }
      if (at + 4 > end) {
        return Outcome.VLAN_TRUNCATED;
      }
      type = u16(s, at + 2);
      at += 4;
    }
    return switch (type) {
      case ETHERTYPE_IPV4 -> IpDecoder.ipv4(s, at, end, limit, out, depth);
      case ETHERTYPE_IPV6 -> IpDecoder.ipv6(s, at, end, limit, out, depth);
      case ETHERTYPE_ARP -> Outcome.ARP;
      default -> type < ETHERTYPE_MIN ? Outcome.LLC : Outcome.OTHER_ETHERTYPE;
    };
  }

  /**
   *
   *
   * <pre>
   * SLL: packet_type(2) arphrd_type(2) address_length(2) address(8) protocol(2)
   * </pre>
   */
  private static Outcome sll(MemorySegment s, long at, long end, long limit, TcpSegment out) {
    if (at + 16 > end) {
      return Outcome.SLL_TRUNCATED;
    }
    if (u16(s, at + 2) == ARPHRD_NETLINK) {
      return Outcome.NETLINK;
    }
    return etherType(s, at + 16, end, limit, u16(s, at + 14), out, 0);
  }

  /**
   *
   *
   * <pre>
   * SLL2: protocol(2) reserved(2) interface_index(4) arphrd_type(2) packet_type(1)
   *       address_length(1) address(8)
   * </pre>
   */
  private static Outcome sll2(MemorySegment s, long at, long end, long limit, TcpSegment out) {
    if (at + 20 > end) {
      return Outcome.SLL2_TRUNCATED;
    }
    if (u16(s, at + 8) == ARPHRD_NETLINK) {
      return Outcome.NETLINK;
    }
    return etherType(s, at + 20, end, limit, u16(s, at), out, 0);
  }

  private static Outcome raw(MemorySegment s, long at, long end, long limit, TcpSegment out) {
    if (at >= end) {
      return Outcome.RAW_TRUNCATED;
    }
    return switch (u8(s, at) >>> 4) {
      case 4 -> IpDecoder.ipv4(s, at, end, limit, out, 0);
      case 6 -> IpDecoder.ipv6(s, at, end, limit, out, 0);
      default -> Outcome.RAW_BAD_VERSION;
    };
  }

  /**
   * A 4-byte address family: in network order for LINKTYPE_LOOP, in the capturing host's order for
   * LINKTYPE_NULL (guessed as libpcap does: a family fits in 16 bits, so nonzero upper bytes mean
   * the other order).
   */
  private static Outcome loopback(
      MemorySegment s, long at, long end, long limit, TcpSegment out, boolean networkOrder) {
    if (at + 4 > end) {
      return Outcome.LOOPBACK_TRUNCATED;
    }
    int family = networkOrder ? int32(s, at) : littleInt32(s, at);
    if ((family & 0xFFFF_0000) != 0) {
      family = Integer.reverseBytes(family);
    }
    return switch (family) {
      case AF_INET -> IpDecoder.ipv4(s, at + 4, end, limit, out, 0);
      case 24, 28, 30 -> IpDecoder.ipv6(s, at + 4, end, limit, out, 0);
      default -> Outcome.OTHER_ADDRESS_FAMILY;
    };
  }
}
