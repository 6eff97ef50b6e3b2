package dev.tcpmap.capture.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes classic pcap files in memory: either byte order, micro- or nanosecond timestamps, any link
 * type; records may be cut (snap length) or deliberately broken. For tests.
 */
public final class PcapWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;
  private final boolean nanos;
  private int major = 2;
  private int minor = 4;

  /** Little endian, microseconds, snap length 262144. */
  public PcapWriter(int linkType) {
    this(linkType, ByteOrder.LITTLE_ENDIAN, false, 262_144);
  }

  public PcapWriter(int linkType, ByteOrder order, boolean nanos, int snapLength) {
    this.order = order;
    this.nanos = nanos;
    out.writeBytes(
        buffer(24)
            .putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4)
            .putShort((short) 2)
            .putShort((short) 4)
            .putInt(0)
            .putInt(0)
            .putInt(snapLength)
            .putInt(linkType)
            .array());
  }

  public PcapWriter packet(long timestampNanos, byte[] frame) {
    return packet(timestampNanos, frame, frame.length);
  }

  /** The frame cut to {@code capturedLength} bytes, with its full length as original length. */
  public PcapWriter packet(long timestampNanos, byte[] frame, int capturedLength) {
    long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
    long fraction = Math.floorMod(timestampNanos, 1_000_000_000L) / (nanos ? 1 : 1_000);
    byte[] data = java.util.Arrays.copyOf(frame, capturedLength);
    return record((int) seconds, (int) fraction, capturedLength, frame.length, data);
  }

  /** A record with any header values, followed by {@code data} as is. */
  public PcapWriter record(int seconds, int fraction, int captured, int original, byte[] data) {
    out.writeBytes(
        buffer(16).putInt(seconds).putInt(fraction).putInt(captured).putInt(original).array());
    out.writeBytes(data);
    return this;
  }

  /** Appends raw bytes (a partial record, garbage). */
  public PcapWriter raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** The version in the file header (2.4 unless set). */
  public PcapWriter version(int major, int minor) {
    this.major = major;
    this.minor = minor;
    return this;
  }

  public byte[] toBytes() {
    byte[] bytes = out.toByteArray();
    ByteBuffer.wrap(bytes).order(order).putShort(4, (short) major).putShort(6, (short) minor);
    return bytes;
  }

  public Path writeTo(Path file) {
    return write(file, toBytes());
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  private ByteBuffer buffer(int length) {
    return ByteBuffer.allocate(length).order(order);
  }
}
