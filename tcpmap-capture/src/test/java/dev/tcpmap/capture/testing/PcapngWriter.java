package dev.tcpmap.capture.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pcapng in memory: sections in either byte order, interface description blocks with
 * options, enhanced, simple and obsolete packet blocks, and any other block. For tests.
 */
public final class PcapngWriter {
  public static final int IF_NAME = 2;
  public static final int IF_TSRESOL = 9;
  public static final int IF_TSOFFSET = 14;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  /** An option of an interface description block; numbers are written in the section's order. */
  public record Option(int code, byte[] value) {
    public static Option name(String name) {
      return new Option(IF_NAME, name.getBytes(StandardCharsets.UTF_8));
    }

    /** if_tsresol: 10^-n seconds, or 2^-n when {@code 0x80 | n}. */
    public static Option tsresol(int code) {
      return new Option(IF_TSRESOL, new byte[] {(byte) code});
    }
  }

  /** Starts with a section header block in this byte order. */
  public PcapngWriter(ByteOrder order) {
    section(order);
  }

  /** A section in this byte order with one interface of this link type and no snap length. */
  public static PcapngWriter withInterface(ByteOrder order, int linkType) {
    return new PcapngWriter(order).interfaceBlock(linkType, 0);
  }

  /** A new section: byte order and interfaces start afresh. */
  public PcapngWriter section(ByteOrder order) {
    this.order = order;
    byte[] body =
        buffer(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array();
    return block(0x0A0D0D0A, Packets.concat(body, options(new Option(4, bytes("tcpmap test")))));
  }

  public PcapngWriter interfaceBlock(int linkType, int snapLength, Option... options) {
    byte[] head =
        buffer(8).putShort((short) linkType).putShort((short) 0).putInt(snapLength).array();
    return block(1, Packets.concat(head, options(options)));
  }

  /** if_tsoffset: seconds added to every timestamp of the interface. */
  public Option tsoffset(long seconds) {
    return new Option(IF_TSOFFSET, buffer(8).putLong(seconds).array());
  }

  public PcapngWriter enhancedPacket(int iface, long timestampUnits, byte[] data) {
    return enhancedPacket(iface, timestampUnits, data, data.length);
  }

  /** An enhanced packet block with a comment option; timestamp in the interface's units. */
  public PcapngWriter enhancedPacket(int iface, long timestampUnits, byte[] data, int original) {
    byte[] head =
        buffer(20)
            .putInt(iface)
            .putInt((int) (timestampUnits >>> 32))
            .putInt((int) timestampUnits)
            .putInt(data.length)
            .putInt(original)
            .array();
    return block(6, Packets.concat(head, padded(data), options(new Option(1, bytes("epb")))));
  }

  /** The obsolete packet block (type 2) older tools wrote instead of the enhanced one. */
  public PcapngWriter obsoletePacket(int iface, long timestampUnits, byte[] data) {
    byte[] head =
        buffer(20)
            .putShort((short) iface)
            .putShort((short) 0)
            .putInt((int) (timestampUnits >>> 32))
            .putInt((int) timestampUnits)
            .putInt(data.length)
            .putInt(data.length)
            .array();
    return block(2, Packets.concat(head, padded(data)));
  }

  /** A simple packet block: only the original length and the (possibly cut) data. */
  public PcapngWriter simplePacket(byte[] data, int original) {
    return block(3, Packets.concat(buffer(4).putInt(original).array(), padded(data)));
  }

  /** Any block: type, total length, body (padded to 4), total length. */
  public PcapngWriter block(int type, byte[] body) {
    byte[] padded = padded(body);
    int length = 12 + padded.length;
    out.writeBytes(buffer(8).putInt(type).putInt(length).array());
    out.writeBytes(padded);
    out.writeBytes(buffer(4).putInt(length).array());
    return this;
  }

  /** Appends raw bytes (a partial block, garbage). */
  public PcapngWriter raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  public byte[] toBytes() {
    return out.toByteArray();
  }

  private byte[] options(Option... options) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (Option option : options) {
      o.writeBytes(
          buffer(4)
              .putShort((short) option.code())
              .putShort((short) option.value().length)
              .array());
      o.writeBytes(padded(option.value()));
    }
    o.writeBytes(new byte[4]); // opt_endofopt
    return o.toByteArray();
  }

  private static byte[] padded(byte[] data) {
    return java.util.Arrays.copyOf(data, (data.length + 3) / 4 * 4);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private ByteBuffer buffer(int length) {
    return ByteBuffer.allocate(length).order(order);
  }
}
