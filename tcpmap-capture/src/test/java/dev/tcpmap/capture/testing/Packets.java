package dev.tcpmap.capture.testing;

import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.core.model.IpAddress;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds packet bytes layer by layer, inside out, with correct length fields: {@code ethernet(IPV4,
 * ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(40000, 80, SYN, 0)))}. Checksums are left zero. For tests;
 * allocates freely.
 */
public final class Packets {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86DD;
  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int ETHERTYPE_VLAN = 0x8100;
  public static final int ETHERTYPE_QINQ = 0x88A8;
  public static final int ETHERTYPE_QINQ_OLD = 0x9100;
  public static final int ETHERTYPE_TRANSPARENT_ETHERNET = 0x6558;

  public static final int HOP_BY_HOP = 0;
  public static final int ICMP = 1;
  public static final int IPIP = 4;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int IPV6 = 41;
  public static final int ROUTING = 43;
  public static final int FRAGMENT = 44;
  public static final int AH = 51;
  public static final int ICMPV6 = 58;
  public static final int DESTINATION_OPTIONS = 60;

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  private static final byte[] NONE = new byte[0];

  private Packets() {}

  /** Destination 02:00:00:00:00:02, source 02:00:00:00:00:01. */
  public static byte[] ethernet(int etherType, byte[] payload) {
    return buffer(14 + payload.length)
        .put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1})
        .putShort((short) etherType)
        .put(payload)
        .array();
  }

  /** One 802.1Q tag (TCI with this VLAN id, then the inner type) followed by the payload. */
  public static byte[] vlan(int vlanId, int etherType, byte[] payload) {
    return buffer(4 + payload.length)
        .putShort((short) vlanId)
        .putShort((short) etherType)
        .put(payload)
        .array();
  }

  /** Linux cooked v1: packet type 0 (to us), ARPHRD_ETHER, a 6-byte address. */
  public static byte[] sll(int protocol, byte[] payload) {
    return buffer(16 + payload.length)
        .putShort((short) 0)
        .putShort((short) 1)
        .putShort((short) 6)
        .put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0})
        .putShort((short) protocol)
        .put(payload)
        .array();
  }

  /** Linux cooked v2: interface index 2, ARPHRD_ETHER, packet type 4 (outgoing). */
  public static byte[] sll2(int protocol, byte[] payload) {
    return buffer(20 + payload.length)
        .putShort((short) protocol)
        .putShort((short) 0)
        .putInt(2)
        .putShort((short) 1)
        .put((byte) 4)
        .put((byte) 6)
        .put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0})
        .put(payload)
        .array();
  }

  /** BSD loopback header: the address family in the given byte order. */
  public static byte[] loopback(int family, ByteOrder order, byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).order(order).putInt(family).put(payload).array();
  }

  public static byte[] ipv4(String source, String destination, int protocol, byte[] payload) {
    return ipv4(source, destination, protocol, NONE, payload);
  }

  /** IPv4 with options (padded to 4 bytes), DF set, TTL 64. */
  public static byte[] ipv4(
      String source, String destination, int protocol, byte[] options, byte[] payload) {
    int headerLength = 20 + (options.length + 3) / 4 * 4;
    return buffer(headerLength + payload.length)
        .put((byte) (0x40 | headerLength / 4))
        .put((byte) 0)
        .putShort((short) (headerLength + payload.length))
        .putShort((short) 1)
        .putShort((short) 0x4000)
        .put((byte) 64)
        .put((byte) protocol)
        .putShort((short) 0)
        .put(address(source, 4))
        .put(address(destination, 4))
        .put(options)
        .position(headerLength)
        .put(payload)
        .array();
  }

  public static byte[] ipv6(String source, String destination, int nextHeader, byte[] payload) {
    return buffer(40 + payload.length)
        .putInt(0x6000_0000)
        .putShort((short) payload.length)
        .put((byte) nextHeader)
        .put((byte) 64)
        .put(address(source, 16))
        .put(address(destination, 16))
        .put(payload)
        .array();
  }

  /**
   * A hop-by-hop, routing or destination options header of {@code units} × 8 bytes (the type is
   * given by the header before it), zero filled after next header and length.
   */
  public static byte[] ipv6Extension(int nextHeader, int units, byte[] payload) {
    return buffer(units * 8 + payload.length)
        .put((byte) nextHeader)
        .put((byte) (units - 1))
        .position(units * 8)
        .put(payload)
        .array();
  }

  /** An authentication header (RFC 4302) with a 12-byte ICV: 24 bytes. */
  public static byte[] ipv6Authentication(int nextHeader, byte[] payload) {
    return buffer(24 + payload.length)
        .put((byte) nextHeader)
        .put((byte) 4)
        .position(24)
        .put(payload)
        .array();
  }

  /** A fragment header with an offset in 8-byte units and the M (more fragments) flag. */
  public static byte[] ipv6Fragment(int nextHeader, int offset, boolean more, byte[] payload) {
    return buffer(8 + payload.length)
        .put((byte) nextHeader)
        .put((byte) 0)
        .putShort((short) (offset << 3 | (more ? 1 : 0)))
        .putInt(0x1234)
        .put(payload)
        .array();
  }

  public static byte[] tcp(int sourcePort, int destinationPort, int flags, int payloadLength) {
    return tcp(sourcePort, destinationPort, flags, 1000, 0, NONE, payloadLength);
  }

  /** A TCP header with options (padded with EOL to 4 bytes) and a payload of counting bytes. */
  public static byte[] tcp(
      int sourcePort,
      int destinationPort,
      int flags,
      long seq,
      long ack,
      byte[] options,
      int payloadLength) {
    int headerLength = 20 + (options.length + 3) / 4 * 4;
    ByteBuffer b =
        buffer(headerLength + payloadLength)
            .putShort((short) sourcePort)
            .putShort((short) destinationPort)
            .putInt((int) seq)
            .putInt((int) ack)
            .putShort((short) ((headerLength / 4) << 12 | flags))
            .putShort((short) 65535)
            .putInt(0)
            .put(options)
            .position(headerLength);
    for (int i = 0; i < payloadLength; i++) {
      b.put((byte) i);
    }
    return b.array();
  }

  public static byte[] mss(int value) {
    return buffer(4).put((byte) 2).put((byte) 4).putShort((short) value).array();
  }

  public static byte[] windowScale(int shift) {
    return new byte[] {3, 3, (byte) shift};
  }

  public static byte[] sackPermitted() {
    return new byte[] {4, 2};
  }

  public static byte[] timestamps(int value, int echo) {
    return buffer(10).put((byte) 8).put((byte) 10).putInt(value).putInt(echo).array();
  }

  public static byte[] nop() {
    return new byte[] {1};
  }

  public static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
    return buffer(8 + payload.length)
        .putShort((short) sourcePort)
        .putShort((short) destinationPort)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0)
        .put(payload)
        .array();
  }

  /**
   * An ICMP or ICMPv6 message: type, code, a zero checksum (not checked), 4 zero bytes (unused, MTU
   * or pointer), then {@code quote} (for an error: the packet that failed, cut as the sender
   * likes).
   */
  public static byte[] icmp(int type, int code, byte[] quote) {
    return buffer(8 + quote.length)
        .put((byte) type)
        .put((byte) code)
        .putShort((short) 0)
        .putInt(0)
        .put(quote)
        .array();
  }

  /** The first {@code length} bytes of {@code packet}, as an ICMP error quotes it. */
  public static byte[] cut(byte[] packet, int length) {
    return java.util.Arrays.copyOf(packet, Math.min(length, packet.length));
  }

  /** A VXLAN header (I flag, this VNI) before an Ethernet frame; goes in UDP to 4789 or 8472. */
  public static byte[] vxlan(int vni, byte[] frame) {
    return buffer(8 + frame.length).putInt(0x0800_0000).putInt(vni << 8).put(frame).array();
  }

  /** A Geneve header (version 0) with options; {@code protocol} is the inner EtherType. */
  public static byte[] geneve(int protocol, int vni, byte[] options, byte[] inner) {
    return buffer(8 + options.length + inner.length)
        .put((byte) (options.length / 4))
        .put((byte) 0)
        .putShort((short) protocol)
        .putInt(vni << 8)
        .put(options)
        .put(inner)
        .array();
  }

  /** One Geneve option; {@code data} must be a multiple of 4 bytes. */
  public static byte[] geneveOption(int optionClass, int type, byte[] data) {
    return buffer(4 + data.length)
        .putShort((short) optionClass)
        .put((byte) type)
        .put((byte) (data.length / 4))
        .put(data)
        .array();
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The frame followed by zero bytes up to {@code length} (Ethernet pads to 60). */
  public static byte[] pad(byte[] frame, int length) {
    return java.util.Arrays.copyOf(frame, Math.max(length, frame.length));
  }

  /** Overwrites a big-endian 16-bit field, to break a well-formed packet on purpose. */
  public static byte[] with16(byte[] packet, int offset, int value) {
    byte[] copy = packet.clone();
    copy[offset] = (byte) (value >>> 8);
    copy[offset + 1] = (byte) value;
    return copy;
  }

  /** Overwrites one byte. */
  public static byte[] with8(byte[] packet, int offset, int value) {
    byte[] copy = packet.clone();
    copy[offset] = (byte) value;
    return copy;
  }

  /** A packet as a reader would give it, whole (original length = captured length). */
  public static RawPacket raw(int linkType, byte[] data) {
    return raw(linkType, data, data.length);
  }

  /** A packet of {@code data} captured from a frame of {@code originalLength} bytes. */
  public static RawPacket raw(int linkType, byte[] data, int originalLength) {
    RawPacket packet = new RawPacket();
    packet.timestampNanos = 1_700_000_000_123_456_789L;
    packet.linkType = linkType;
    packet.capturedLength = data.length;
    packet.originalLength = originalLength;
    // Data in the middle of a larger segment, as in a mapped file: reads must stay inside.
    byte[] framed = new byte[data.length + 16];
    System.arraycopy(data, 0, framed, 8, data.length);
    java.util.Arrays.fill(framed, 0, 8, (byte) 0x45);
    java.util.Arrays.fill(framed, 8 + data.length, framed.length, (byte) 0x45);
    packet.data = MemorySegment.ofArray(framed);
    packet.dataOffset = 8;
    return packet;
  }

  private static byte[] address(String text, int length) {
    byte[] bytes = IpAddress.parse(text).bytes();
    if (bytes.length != length) {
      throw new IllegalArgumentException("expected an IPv" + (length == 4 ? 4 : 6) + ": " + text);
    }
    return bytes;
  }

  private static ByteBuffer buffer(int length) {
    return ByteBuffer.allocate(length);
  }
}
