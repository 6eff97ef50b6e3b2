package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.decode.Bytes.int64;
import static dev.tcpmap.capture.decode.Bytes.u16;
import static dev.tcpmap.capture.decode.Bytes.u32;
import static dev.tcpmap.capture.decode.Bytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * IPv4, IPv6 and TCP for {@link PacketDecoder}, in its layer-method shape. Payload lengths come
 * from the IP header (never from the captured length, which holds Ethernet padding or is cut by the
 * snap length).
 */
final class IpDecoder {
  static final int MAX_TUNNELS = 4;

  private static final int PROTO_HOP_BY_HOP = 0;
  private static final int PROTO_ICMP = 1;
  private static final int PROTO_IGMP = 2;
  private static final int PROTO_IPIP = 4;
  static final int PROTO_TCP = 6;
  static final int PROTO_UDP = 17;
  private static final int PROTO_IPV6 = 41;
  private static final int PROTO_ROUTING = 43;
  private static final int PROTO_FRAGMENT = 44;
  private static final int PROTO_GRE = 47;
  private static final int PROTO_ESP = 50;
  private static final int PROTO_AH = 51;
  private static final int PROTO_ICMPV6 = 58;
  private static final int PROTO_NO_NEXT_HEADER = 59;
  private static final int PROTO_DESTINATION_OPTIONS = 60;

  /** More extension headers than this is taken for a crafted packet (RFC 8200 allows ~6). */
  private static final int MAX_EXTENSION_HEADERS = 16;

  /** RFC 7323 section 2.3: a shift above 14 is used as 14 (the kernel does the same). */
  private static final int MAX_WINDOW_SCALE = 14;

  private IpDecoder() {}

  /**
   *
   *
   * <pre>
   * IPv4: version+IHL(1) tos(1) total_length(2) id(2) flags+fragment_offset(2) ttl(1)
   *       protocol(1) checksum(2) source(4) destination(4) options(IHL*4 - 20)
   * </pre>
   */
  static Outcome ipv4(MemorySegment s, long at, long end, long limit, TcpSegment out, int depth) {
    if (at + 20 > end) {
      return Outcome.IPV4_TRUNCATED;
    }
    int versionAndLength = u8(s, at);
    if ((versionAndLength >>> 4) != 4) {
      return Outcome.IPV4_BAD_VERSION;
    }
    int headerLength = (versionAndLength & 0xF) * 4;
    if (headerLength < 20) {
      return Outcome.IPV4_BAD_HEADER_LENGTH;
    }
    int totalLength = u16(s, at + 2);
    long ipEnd = at + totalLength;
    if (totalLength == 0 && depth == 0 && limit == end) {
      // TSO/GSO super-frames captured on the sending host (before the NIC splits them) may carry
      // total length 0 when they exceed 64 KiB; when nothing was cut, the capture is the packet.
      ipEnd = end;
    } else if (totalLength < headerLength || ipEnd > limit) {
      return Outcome.IPV4_BAD_TOTAL_LENGTH;
    }
    // MF flag (0x2000) or a fragment offset: not reassembled, so not decodable as TCP.
    if ((u16(s, at + 6) & 0x3FFF) != 0) {
      return Outcome.IPV4_FRAGMENT;
    }
    long payload = at + headerLength;
    if (payload > end) {
      return Outcome.IPV4_TRUNCATED;
    }
    int protocol = u8(s, at + 9);
    if (carriesAddresses(protocol)) {
      out.v6 = false;
      out.srcHigh = 0;
      out.srcLow = u32(s, at + 12);
      out.dstHigh = 0;
      out.dstLow = u32(s, at + 16);
    }
    return transport(s, protocol, payload, Math.min(end, ipEnd), ipEnd, out, depth);
  }

  /**
   *
   *
   * <pre>
   * IPv6: version+class+flow(4) payload_length(2) next_header(1) hop_limit(1) source(16)
   *       destination(16), then extension headers, each: next_header(1) length(1) ...
   * </pre>
   */
  static Outcome ipv6(MemorySegment s, long at, long end, long limit, TcpSegment out, int depth) {
    if (at + 40 > end) {
      return Outcome.IPV6_TRUNCATED;
    }
    if ((u8(s, at) >>> 4) != 6) {
      return Outcome.IPV6_BAD_VERSION;
    }
    int payloadLength = u16(s, at + 4);
    int next = u8(s, at + 6);
    if (payloadLength == 0 && next != PROTO_NO_NEXT_HEADER) {
      // RFC 2675 jumbogram (or a Linux BIG TCP super-frame): the real length is in a hop-by-hop
      // jumbo payload option, not followed here. Only "no next header" may be truly empty.
      return Outcome.IPV6_JUMBOGRAM;
    }
    long ipEnd = at + 40 + payloadLength;
    if (ipEnd > limit) {
      return Outcome.IPV6_BAD_PAYLOAD_LENGTH;
    }
    long o = at + 40;
    for (int count = 0; isExtensionHeader(next); count++) {
      if (count == MAX_EXTENSION_HEADERS) {
        return Outcome.IPV6_TOO_MANY_EXTENSION_HEADERS;
      }
      // Every extension header is at least 8 bytes.
      if (o + 8 > ipEnd) {
        return Outcome.IPV6_BAD_EXTENSION_LENGTH;
      }
      if (o + 8 > end) {
        return Outcome.IPV6_TRUNCATED;
      }
      long length = extensionLength(s, o, next);
      if (isFragment(s, o, next)) {
        return Outcome.IPV6_FRAGMENT;
      }
      if (o + length > ipEnd) {
        return Outcome.IPV6_BAD_EXTENSION_LENGTH;
      }
      if (o + length > end) {
        return Outcome.IPV6_TRUNCATED;
      }
      next = u8(s, o);
      o += length;
    }
    if (carriesAddresses(next)) {
      out.v6 = true;
      out.srcHigh = int64(s, at + 8);
      out.srcLow = int64(s, at + 16);
      out.dstHigh = int64(s, at + 24);
      out.dstLow = int64(s, at + 32);
    }
    return transport(s, next, o, Math.min(end, ipEnd), ipEnd, out, depth);
  }

  /**
   * Whether the packet's addresses go into {@code out}: those of TCP and UDP, and the source of an
   * ICMP or ICMPv6 error (either one in either IP version, so that the ICMP decoder sees which
   * version carried it: ICMP belongs in IPv4, ICMPv6 in IPv6).
   */
  private static boolean carriesAddresses(int protocol) {
    return protocol == PROTO_TCP
        || protocol == PROTO_UDP
        || protocol == PROTO_ICMP
        || protocol == PROTO_ICMPV6;
  }

  /** The length of the extension header {@code next} at {@code o}; its first 8 bytes are there. */
  static long extensionLength(MemorySegment s, long o, int next) {
    return switch (next) {
      case PROTO_FRAGMENT -> 8;
      case PROTO_AH -> (u8(s, o + 1) + 2) * 4L; // RFC 4302: in 4-byte units, minus 2
      default -> (u8(s, o + 1) + 1) * 8L; // RFC 8200: in 8-byte units, minus 1
    };
  }

  /**
   * A fragment header with an offset or the M flag: a piece of a datagram we do not reassemble. An
   * atomic fragment (both zero, RFC 6946) is a whole packet.
   */
  static boolean isFragment(MemorySegment s, long o, int next) {
    return next == PROTO_FRAGMENT && (u16(s, o + 2) & 0xFFF9) != 0;
  }

  static boolean isExtensionHeader(int next) {
    return next == PROTO_HOP_BY_HOP
        || next == PROTO_ROUTING
        || next == PROTO_FRAGMENT
        || next == PROTO_DESTINATION_OPTIONS
        || next == PROTO_AH;
  }

  /** The IP payload at {@code at}, with {@code end} already cut to the IP packet's end. */
  private static Outcome transport(
      MemorySegment s, int protocol, long at, long end, long ipEnd, TcpSegment out, int depth) {
    return switch (protocol) {
      case PROTO_TCP -> tcp(s, at, end, ipEnd - at, out);
      case PROTO_UDP -> TunnelDecoder.udp(s, at, end, ipEnd, out, depth);
      case PROTO_IPIP ->
          depth == MAX_TUNNELS ? Outcome.TUNNEL_TOO_DEEP : ipv4(s, at, end, ipEnd, out, depth + 1);
      case PROTO_IPV6 ->
          depth == MAX_TUNNELS ? Outcome.TUNNEL_TOO_DEEP : ipv6(s, at, end, ipEnd, out, depth + 1);
      case PROTO_ICMP -> IcmpDecoder.icmp(s, at, end, out, false);
      case PROTO_IGMP -> Outcome.IGMP;
      case PROTO_ICMPV6 -> IcmpDecoder.icmp(s, at, end, out, true);
      case PROTO_GRE -> Outcome.GRE;
      case PROTO_ESP -> Outcome.ESP;
      case PROTO_NO_NEXT_HEADER -> Outcome.IPV6_NO_NEXT_HEADER;
      default -> Outcome.OTHER_IP_PROTOCOL;
    };
  }

  /**
   *
   *
   * <pre>
   * TCP: source_port(2) destination_port(2) seq(4) ack(4) data_offset+flags(2) window(2)
   *      checksum(2) urgent(2) options(data_offset*4 - 20)
   * </pre>
   *
   * @param ipPayload bytes of TCP header and payload according to the IP header
   */
  static Outcome tcp(MemorySegment s, long at, long end, long ipPayload, TcpSegment out) {
    if (at + 20 > end) {
      return ipPayload < 20 ? Outcome.TCP_BAD_HEADER_LENGTH : Outcome.TCP_TRUNCATED;
    }
    int offsetAndFlags = u16(s, at + 12);
    int headerLength = (offsetAndFlags >>> 12) * 4;
    if (headerLength < 20 || headerLength > ipPayload) {
      return Outcome.TCP_BAD_HEADER_LENGTH;
    }
    if (at + headerLength > end) {
      return Outcome.TCP_TRUNCATED;
    }
    out.srcPort = u16(s, at);
    out.dstPort = u16(s, at + 2);
    out.seq = u32(s, at + 4);
    out.ack = u32(s, at + 8);
    out.flags = offsetAndFlags & 0xFF;
    out.payloadLength = (int) (ipPayload - headerLength);
    out.payloadOffset = at + headerLength;
    out.capturedPayloadLength = (int) Math.min(end - out.payloadOffset, out.payloadLength);
    // Like the kernel (tcp_parse_options), the window scale option counts only on a SYN.
    out.windowScale =
        (out.flags & TcpSegment.SYN) != 0 && headerLength > 20
            ? windowScale(s, at + 20, at + headerLength)
            : -1;
    return Outcome.SEGMENT;
  }

  /**
   * Walks the options (kind, length, value; EOL and NOP are one byte) for window scale (kind 3,
   * length 3). A bad length ends the walk, as in the kernel's tcp_parse_options, which still
   * accepts the segment.
   */
  private static int windowScale(MemorySegment s, long o, long end) {
    while (o < end) {
      int kind = u8(s, o);
      if (kind == 0) {
        return -1;
      }
      if (kind == 1) {
        o++;
        continue;
      }
      if (o + 2 > end) {
        return -1;
      }
      int length = u8(s, o + 1);
      if (length < 2 || o + length > end) {
        return -1;
      }
      if (kind == 3 && length == 3) {
        return Math.min(u8(s, o + 2), MAX_WINDOW_SCALE);
      }
      o += length;
    }
    return -1;
  }
}
