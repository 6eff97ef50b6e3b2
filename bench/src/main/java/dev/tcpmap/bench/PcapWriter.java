package dev.tcpmap.bench;

import static dev.tcpmap.capture.decode.TcpSegment.SYN;

import dev.tcpmap.capture.decode.TcpSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes {@link TcpSegment}s as a classic pcap file (microsecond timestamps, link type 1 =
 * Ethernet), streaming: one packet's bytes are held at a time.
 *
 * <pre>
 * record:  ts_sec ts_usec incl_len orig_len (little-endian, 16 bytes)
 * frame:   Ethernet (14) [802.1Q tag (4)] IPv4 (20) | IPv6 (40)  TCP (20, SYNs 28)  payload
 * </pre>
 *
 * The IPv4 header checksum is correct; the TCP checksum is zero (no offload-free capture has one
 * either). Payload bytes are zeros.
 */
public final class PcapWriter implements AutoCloseable {
  private static final int MAGIC_MICROS = 0xA1B2_C3D4;

  /** The largest snap length, libpcap's default: whole packets. */
  public static final int WHOLE_PACKETS = 262_144;

  private static final int LINKTYPE_ETHERNET = 1;
  private static final int RECORD_HEADER = 16;

  private final OutputStream out;
  private final int snapLength;
  private final byte[] bytes = new byte[RECORD_HEADER + 18 + 40 + 28 + 65_535];
  private final ByteBuffer buffer = ByteBuffer.wrap(bytes);
  private long packets;
  private long written;

  public PcapWriter(OutputStream out) throws IOException {
    this(out, WHOLE_PACKETS);
  }

  /**
   * @param snapLength bytes kept of each frame, as {@code tcpdump -s}: 96 keeps the headers of a
   *     typical TCP/IP packet and drops its payload
   */
  public PcapWriter(OutputStream out, int snapLength) throws IOException {
    this.out = out;
    this.snapLength = snapLength;
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    header.putInt(snapLength).putInt(LINKTYPE_ETHERNET);
    out.write(header.array());
    written = 24;
  }

  /** Appends one packet, with an 802.1Q tag (VLAN 100) when {@code vlan}. */
  public void write(TcpSegment s, boolean vlan) throws IOException {
    int tcpLength = (s.flags & SYN) != 0 ? 28 : 20;
    int ipLength = (s.v6 ? 40 : 20) + tcpLength + s.payloadLength;
    int frameLength = 14 + (vlan ? 4 : 0) + ipLength;
    buffer.clear();
    long micros = Math.floorDiv(s.timestampNanos, 1_000L);
    buffer.putInt(Integer.reverseBytes((int) (micros / 1_000_000)));
    buffer.putInt(Integer.reverseBytes((int) (micros % 1_000_000)));
    int captured = Math.min(frameLength, snapLength);
    buffer.putInt(Integer.reverseBytes(captured));
    buffer.putInt(Integer.reverseBytes(frameLength));
    ethernet(s.v6, vlan);
    if (s.v6) {
      ipv6(s, tcpLength + s.payloadLength);
    } else {
      ipv4(s, ipLength);
    }
    tcp(s, tcpLength);
    Arrays.fill(bytes, buffer.position(), buffer.position() + s.payloadLength, (byte) 0);
    out.write(bytes, 0, RECORD_HEADER + captured);
    packets++;
    written += RECORD_HEADER + captured;
  }

  public long packets() {
    return packets;
  }

  /** Bytes written so far, file header included. */
  public long bytes() {
    return written;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void ethernet(boolean v6, boolean vlan) {
    buffer.putInt(0x0200_0000).putShort((short) 0x0002); // destination 02:00:00:00:00:02
    buffer.putInt(0x0200_0000).putShort((short) 0x0001); // source 02:00:00:00:00:01
    if (vlan) {
      buffer.putShort((short) 0x8100).putShort((short) 100);
    }
    buffer.putShort((short) (v6 ? 0x86DD : 0x0800));
  }

  private void ipv4(TcpSegment s, int totalLength) {
    int start = buffer.position();
    buffer.put((byte) 0x45).put((byte) 0).putShort((short) totalLength);
    buffer.putShort((short) packets).putShort((short) 0x4000); // identification, don't fragment
    buffer.put((byte) 64).put((byte) 6).putShort((short) 0);
    buffer.putInt((int) s.srcLow).putInt((int) s.dstLow);
    buffer.putShort(start + 10, checksum(start, 20));
  }

  private void ipv6(TcpSegment s, int payloadLength) {
    buffer.putInt(0x6000_0000).putShort((short) payloadLength).put((byte) 6).put((byte) 64);
    buffer.putLong(s.srcHigh).putLong(s.srcLow).putLong(s.dstHigh).putLong(s.dstLow);
  }

  private void tcp(TcpSegment s, int headerLength) {
    buffer.putShort((short) s.srcPort).putShort((short) s.dstPort);
    buffer.putInt((int) s.seq).putInt((int) s.ack);
    buffer.putShort((short) ((headerLength / 4) << 12 | (s.flags & 0xFF)));
    buffer.putShort((short) 65_535).putShort((short) 0).putShort((short) 0);
    if (headerLength == 28) {
      // MSS 1460, NOP, window scale
      buffer.putInt(0x0204_05B4).put((byte) 1).put((byte) 3).put((byte) 3);
      buffer.put((byte) Math.max(0, s.windowScale));
    }
  }

  /** RFC 1071 Internet checksum. */
  private short checksum(int from, int length) {
    int sum = 0;
    for (int i = from; i < from + length; i += 2) {
      sum += (bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (short) ~sum;
  }
}
