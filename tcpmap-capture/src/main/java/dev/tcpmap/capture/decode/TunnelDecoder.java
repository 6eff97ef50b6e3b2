package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.decode.Bytes.u16;
import static dev.tcpmap.capture.decode.Bytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * UDP and the UDP overlay tunnels seen on Kubernetes nodes (Flannel and Cilium VXLAN, Geneve), for
 * {@link PacketDecoder}. The inner packet is decoded as if captured alone, so the inner connection
 * is what counts. Any other datagram is handed over: as DNS from or to port 53, else as UDP.
 */
final class TunnelDecoder {
  private static final int VXLAN_PORT = 4789; // IANA, RFC 7348
  private static final int VXLAN_LINUX_PORT = 8472; // Linux kernel default, Flannel and Cilium
  private static final int GENEVE_PORT = 6081; // RFC 8926
  private static final int DNS_PORT = 53;
  private static final int VXLAN_FLAG_VNI = 0x08;
  private static final int ETHERTYPE_TRANSPARENT_ETHERNET = 0x6558;

  private TunnelDecoder() {}

  /**
   *
   *
   * <pre>
   * UDP: source_port(2) destination_port(2) length(2) checksum(2)
   * </pre>
   */
  static Outcome udp(MemorySegment s, long at, long end, long ipEnd, TcpSegment out, int depth) {
    if (at + 8 > end) {
      return at + 8 > ipEnd ? Outcome.UDP_BAD_LENGTH : Outcome.UDP_TRUNCATED;
    }
    int sourcePort = u16(s, at);
    int port = u16(s, at + 2);
    int length = u16(s, at + 4);
    long udpEnd = at + length;
    if (length < 8 || udpEnd > ipEnd) {
      return Outcome.UDP_BAD_LENGTH;
    }
    boolean dns = port == DNS_PORT || sourcePort == DNS_PORT;
    if (dns || (port != VXLAN_PORT && port != VXLAN_LINUX_PORT && port != GENEVE_PORT)) {
      datagram(sourcePort, port, at + 8, Math.min(end, udpEnd), udpEnd, out);
      return dns ? Outcome.DNS : Outcome.UDP;
    }
    if (depth == IpDecoder.MAX_TUNNELS) {
      return Outcome.TUNNEL_TOO_DEEP;
    }
    long innerEnd = Math.min(end, udpEnd);
    return port == GENEVE_PORT
        ? geneve(s, at + 8, innerEnd, udpEnd, out, depth + 1)
        : vxlan(s, at + 8, innerEnd, udpEnd, out, depth + 1);
  }

  /** A datagram's payload {@code [at, udpEnd)}, of which {@code [at, end)} was captured. */
  private static void datagram(
      int sourcePort, int destinationPort, long at, long end, long udpEnd, TcpSegment out) {
    out.srcPort = sourcePort;
    out.dstPort = destinationPort;
    out.notTcp(at, (int) (udpEnd - at), (int) Math.max(0, end - at));
  }

  /**
   *
   *
   * <pre>
   * VXLAN (RFC 7348): flags(1, I = 0x08) reserved(3) VNI(3) reserved(1), then an Ethernet frame
   * </pre>
   */
  private static Outcome vxlan(
      MemorySegment s, long at, long end, long limit, TcpSegment out, int depth) {
    if (at + 8 > end) {
      return Outcome.VXLAN_TRUNCATED;
    }
    if ((u8(s, at) & VXLAN_FLAG_VNI) == 0) {
      return Outcome.VXLAN_BAD_FLAGS;
    }
    return PacketDecoder.ethernet(s, at + 8, end, limit, out, depth);
  }

  /**
   *
   *
   * <pre>
   * Geneve (RFC 8926): version(2 bits) options_length(6 bits, 4-byte units) flags(1)
   *         protocol(2) VNI(3) reserved(1) options, each: class(2) type(1) length(5 bits) data
   * </pre>
   *
   * The protocol is an EtherType: 0x6558 for an Ethernet frame, or IPv4/IPv6 directly.
   */
  private static Outcome geneve(
      MemorySegment s, long at, long end, long limit, TcpSegment out, int depth) {
    if (at + 8 > end) {
      return Outcome.GENEVE_TRUNCATED;
    }
    int first = u8(s, at);
    if ((first >>> 6) != 0) {
      return Outcome.GENEVE_BAD_VERSION;
    }
    long inner = at + 8 + (first & 0x3F) * 4L;
    if (inner > limit) {
      return Outcome.GENEVE_BAD_OPTIONS_LENGTH;
    }
    if (inner > end) {
      return Outcome.GENEVE_TRUNCATED;
    }
    // The options must tile the announced options length exactly.
    long o = at + 8;
    while (o < inner) {
      o += 4 + (u8(s, o + 3) & 0x1F) * 4L;
    }
    if (o != inner) {
      return Outcome.GENEVE_BAD_OPTIONS_LENGTH;
    }
    int protocol = u16(s, at + 2);
    return protocol == ETHERTYPE_TRANSPARENT_ETHERNET
        ? PacketDecoder.ethernet(s, inner, end, limit, out, depth)
        : PacketDecoder.etherType(s, inner, end, limit, protocol, out, depth);
  }
}
