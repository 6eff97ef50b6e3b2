package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.decode.Bytes.int64;
import static dev.tcpmap.capture.decode.Bytes.u16;
import static dev.tcpmap.capture.decode.Bytes.u32;
import static dev.tcpmap.capture.decode.Bytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * ICMP and ICMPv6 error messages for {@link IpDecoder}: the quoted packet's addresses and ports, so
 * that the error can be matched to the TCP connection or UDP flow it answers. Other ICMP messages
 * (echo, neighbour discovery, redirects) are skipped.
 *
 * <pre>
 * ICMP error:   type(1) code(1) checksum(2) unused/MTU/pointer(4) quoted packet
 * quoted IPv4:  header (IHL*4 bytes, RFC 792) then at least 8 bytes of its payload
 * quoted IPv6:  header (40 bytes) and extension headers, then as much as fits (RFC 4443 §2.4)
 * ports:        source_port(2) destination_port(2), the first 4 bytes of TCP and UDP alike
 * </pre>
 *
 * <p>A quote too short for the ports or with a broken header is a decode error (counted, skipped);
 * a quote of another protocol, or of a non-first fragment (no ports), is skipped as ICMP.
 */
final class IcmpDecoder {
  private static final int[] V4_ERRORS = {3, 4, 11, 12}; // unreachable, quench, time, parameter
  private static final int[] V6_ERRORS = {1, 2, 3, 4}; // unreachable, too big, time, parameter
  private static final int MAX_EXTENSION_HEADERS = 16;

  private IcmpDecoder() {}

  /**
   * The ICMP message {@code [at, end)} of an IP packet whose source is already in {@code out}.
   *
   * @param v6 ICMPv6 (in IPv6) rather than ICMP (in IPv4)
   */
  static Outcome icmp(MemorySegment s, long at, long end, TcpSegment out, boolean v6) {
    Outcome skipped = v6 ? Outcome.ICMPV6 : Outcome.ICMP;
    if (out.v6 != v6) {
      return skipped; // ICMP in IPv6 or ICMPv6 in IPv4: nothing a host would answer with
    }
    if (at + 8 > end) {
      return Outcome.ICMP_TRUNCATED;
    }
    int type = u8(s, at);
    if (!isError(type, v6)) {
      return skipped;
    }
    long reporterHigh = out.srcHigh;
    long reporterLow = out.srcLow;
    Outcome quote = v6 ? quotedV6(s, at + 8, end, out) : quotedV4(s, at + 8, end, out);
    if (quote == Outcome.ICMP_ERROR) {
      out.icmpType = type;
      out.icmpCode = u8(s, at + 1);
      out.reporterHigh = reporterHigh;
      out.reporterLow = reporterLow;
      out.notTcp(at, 0, 0);
    }
    return quote == null ? skipped : quote;
  }

  private static boolean isError(int type, boolean v6) {
    for (int error : v6 ? V6_ERRORS : V4_ERRORS) {
      if (type == error) {
        return true;
      }
    }
    return false;
  }

  /** The quoted IPv4 packet at {@code q}; null when it has no ports to match (skipped). */
  private static Outcome quotedV4(MemorySegment s, long q, long end, TcpSegment out) {
    if (q + 20 > end) {
      return Outcome.ICMP_QUOTE_TRUNCATED;
    }
    int versionAndLength = u8(s, q);
    if ((versionAndLength >>> 4) != 4) {
      return Outcome.ICMP_QUOTE_BAD_VERSION;
    }
    int headerLength = (versionAndLength & 0xF) * 4;
    if (headerLength < 20) {
      return Outcome.ICMP_QUOTE_BAD_HEADER_LENGTH;
    }
    int protocol = u8(s, q + 9);
    if ((u16(s, q + 6) & 0x1FFF) != 0 || !isTcpOrUdp(protocol)) {
      return null;
    }
    long ports = q + headerLength;
    if (ports + 4 > end) {
      return Outcome.ICMP_QUOTE_TRUNCATED;
    }
    out.srcHigh = 0;
    out.srcLow = u32(s, q + 12);
    out.dstHigh = 0;
    out.dstLow = u32(s, q + 16);
    return ports(s, ports, protocol, out);
  }

  /** The quoted IPv6 packet at {@code q}; null when it has no ports to match (skipped). */
  private static Outcome quotedV6(MemorySegment s, long q, long end, TcpSegment out) {
    if (q + 40 > end) {
      return Outcome.ICMP_QUOTE_TRUNCATED;
    }
    if ((u8(s, q) >>> 4) != 6) {
      return Outcome.ICMP_QUOTE_BAD_VERSION;
    }
    int next = u8(s, q + 6);
    long o = q + 40;
    for (int count = 0; IpDecoder.isExtensionHeader(next); count++) {
      if (count == MAX_EXTENSION_HEADERS) {
        return Outcome.ICMP_QUOTE_TOO_MANY_EXTENSION_HEADERS;
      }
      if (o + 8 > end) {
        return Outcome.ICMP_QUOTE_TRUNCATED;
      }
      if (IpDecoder.isFragment(s, o, next)) {
        return null;
      }
      long length = IpDecoder.extensionLength(s, o, next);
      next = u8(s, o);
      o += length;
    }
    if (!isTcpOrUdp(next)) {
      return null;
    }
    if (o + 4 > end) {
      return Outcome.ICMP_QUOTE_TRUNCATED;
    }
    out.srcHigh = int64(s, q + 8);
    out.srcLow = int64(s, q + 16);
    out.dstHigh = int64(s, q + 24);
    out.dstLow = int64(s, q + 32);
    return ports(s, o, next, out);
  }

  private static boolean isTcpOrUdp(int protocol) {
    return protocol == IpDecoder.PROTO_TCP || protocol == IpDecoder.PROTO_UDP;
  }

  private static Outcome ports(MemorySegment s, long at, int protocol, TcpSegment out) {
    out.quotedProtocol = protocol;
    out.srcPort = u16(s, at);
    out.dstPort = u16(s, at + 2);
    return Outcome.ICMP_ERROR;
  }
}
