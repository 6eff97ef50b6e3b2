package dev.tcpmap.capture.decode;

import dev.tcpmap.core.model.IpAddress;

/**
 * The TCP facts of one decoded packet, written by the decoder and read by the tracker.
 *
 * <p>{@link PacketDecoder#decodeTransport} also hands over UDP datagrams in it: then the addresses,
 * ports and payload fields describe the datagram, and the TCP fields are zero. And ICMP/ICMPv6
 * errors: then the addresses and ports are those of the packet the error quotes (the packet that
 * {@code source} sent and that failed), {@link #quotedProtocol} is its protocol, and the {@code
 * icmp…} and {@code reporter…} fields describe the error itself.
 *
 * <p>A mutable flyweight: one instance is reused for every packet so that the per-packet path
 * allocates nothing. Its fields are valid until the next decode into it. Addresses use the {@link
 * IpAddress} layout (IPv4 in the low 32 bits of {@code low} with {@code high == 0}).
 */
public final class TcpSegment {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  /** Capture time in nanoseconds since the Unix epoch. */
  public long timestampNanos;

  /** True for IPv6 addresses. */
  public boolean v6;

  public long srcHigh;
  public long srcLow;
  public long dstHigh;
  public long dstLow;
  public int srcPort;
  public int dstPort;

  /** Sequence and acknowledgement numbers as unsigned 32-bit values. */
  public long seq;

  public long ack;

  /** TCP flags byte (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR). */
  public int flags;

  /**
   * TCP payload length from the IP header's lengths (never from the captured length, which includes
   * Ethernet padding or is cut by the snap length).
   */
  public int payloadLength;

  /**
   * Where the payload starts in the decoded packet's {@code data}; its captured bytes are {@code
   * data[payloadOffset, payloadOffset + capturedPayloadLength)}.
   */
  public long payloadOffset;

  /**
   * Payload bytes present in the capture: {@link #payloadLength} unless the snap length cut them.
   */
  public int capturedPayloadLength;

  /** Window scale shift from a SYN's options, or -1 when absent. */
  public int windowScale;

  /** For an ICMP error: the quoted packet's protocol (6 TCP, 17 UDP). */
  public int quotedProtocol;

  /** For an ICMP error: its type and code (ICMP or ICMPv6 by {@link #v6}). */
  public int icmpType;

  public int icmpCode;

  /** For an ICMP error: who sent it (the outer source address). */
  public long reporterHigh;

  public long reporterLow;

  /**
   * Zeroes the TCP fields and sets the payload: for what the decoder hands over that is not TCP.
   */
  void notTcp(long payloadOffset, int payloadLength, int capturedPayloadLength) {
    seq = 0;
    ack = 0;
    flags = 0;
    windowScale = -1;
    this.payloadOffset = payloadOffset;
    this.payloadLength = payloadLength;
    this.capturedPayloadLength = capturedPayloadLength;
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  public IpAddress source() {
    return v6 ? IpAddress.v6(srcHigh, srcLow) : IpAddress.v4((int) srcLow);
  }

  public IpAddress destination() {
    return v6 ? IpAddress.v6(dstHigh, dstLow) : IpAddress.v4((int) dstLow);
  }

  /** The sender of an ICMP error. */
  public IpAddress reporter() {
    return v6 ? IpAddress.v6(reporterHigh, reporterLow) : IpAddress.v4((int) reporterLow);
  }

  @Override
  public String toString() {
    return source()
        + ":"
        + srcPort
        + " > "
        + destination()
        + ":"
        + dstPort
        + " flags=0x"
        + Integer.toHexString(flags)
        + " seq="
        + seq
        + " ack="
        + ack
        + " len="
        + payloadLength;
  }
}
