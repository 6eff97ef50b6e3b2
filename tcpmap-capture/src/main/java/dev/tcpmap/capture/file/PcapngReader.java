package dev.tcpmap.capture.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads pcapng (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/): a sequence of blocks,
 * each framed by its type and total length, with the length repeated at the end.
 *
 * <pre>
 * block: type(4) total_length(4) body(total_length - 12) total_length(4)
 * SHB  0x0A0D0D0A: byte_order_magic(4) major(2) minor(2) section_length(8) options
 * IDB  1: link_type(2) reserved(2) snaplen(4) options (if_tsresol = 9, if_tsoffset = 14)
 * EPB  6: interface(4) ts_high(4) ts_low(4) captured(4) original(4) data options
 * OPB  2: interface(2) drops(2) ts_high(4) ts_low(4) captured(4) original(4) data options
 * SPB  3: original(4) data            (interface 0, no timestamp)
 * </pre>
 *
 * Each section has its own byte order and interfaces. Other blocks (name resolution, statistics,
 * decryption secrets, custom) are skipped by their length.
 */
final class PcapngReader implements CaptureReader {
  static final int SECTION_HEADER = 0x0A0D0D0A;
  private static final int INTERFACE_DESCRIPTION = 1;
  private static final int OBSOLETE_PACKET = 2;
  private static final int SIMPLE_PACKET = 3;
  private static final int ENHANCED_PACKET = 6;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int OPTION_END = 0;
  private static final int IF_TSRESOL = 9;
  private static final int IF_TSOFFSET = 14;
  private static final int DEFAULT_TSRESOL = 6; // microseconds, when an IDB has no if_tsresol

  private final Source source;
  private final Interfaces interfaces = new Interfaces();
  private ValueLayout.OfInt int32 = CaptureFiles.BIG_INT;
  private ValueLayout.OfShort int16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  private ValueLayout.OfLong int64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private long offset;
  private long lastTimestamp;

  /** Reads the first section header, so that a broken one fails the open. */
  PcapngReader(Source source) throws IOException {
    this.source = source;
    offset = sectionHeader(0);
  }

  @Override
  public boolean next(RawPacket into) throws IOException {
    while (true) {
      long at = offset;
      long available = source.fill(at, 12);
      if (available == 0) {
        return false;
      }
      if (available < 12) {
        throw new CaptureFormatException(
            "truncated block header (" + available + " of 12 bytes)", at);
      }
      int type = source.segment.get(int32, at - source.base);
      if (type == SECTION_HEADER) {
        offset = sectionHeader(at);
        continue;
      }
      long length = blockLength(at, 12);
      boolean packet =
          switch (type) {
            case ENHANCED_PACKET -> packet(at, length, false, into);
            case OBSOLETE_PACKET -> packet(at, length, true, into);
            case SIMPLE_PACKET -> simplePacket(at, length, into);
            case INTERFACE_DESCRIPTION -> interfaceDescription(at, length);
            default -> skip(at, length);
          };
      offset = at + length;
      if (packet) {
        return true;
      }
    }
  }

  /** Reads a section header block at {@code at}; returns the offset after it. */
  private long sectionHeader(long at) throws IOException {
    long available = source.fill(at, 28);
    if (available < 28) {
      throw new CaptureFormatException(
          "truncated section header block (" + available + " of 28 bytes)", at);
    }
    int magic = source.segment.get(CaptureFiles.BIG_INT, at + 8 - source.base);
    ByteOrder order =
        switch (magic) {
          case BYTE_ORDER_MAGIC -> ByteOrder.BIG_ENDIAN;
          case 0x4D3C2B1A -> ByteOrder.LITTLE_ENDIAN;
          default ->
              throw new CaptureFormatException(
                  String.format("bad byte-order magic 0x%08x in section header block", magic), at);
        };
    int32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    int16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
    int64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
    long length = blockLength(at, 28);
    int major = Short.toUnsignedInt(source.segment.get(int16, at + 12 - source.base));
    if (major != 1) {
      int minor = Short.toUnsignedInt(source.segment.get(int16, at + 14 - source.base));
      throw new CaptureFormatException("unsupported pcapng version " + major + "." + minor, at);
    }
    readWhole(at, length);
    interfaces.clear();
    return at + length;
  }

  /** Reads and checks the block's total length (header field; the trailer is checked later). */
  private long blockLength(long at, long minimum) throws CaptureFormatException {
    long length = Integer.toUnsignedLong(source.segment.get(int32, at + 4 - source.base));
    if (length < minimum || length % 4 != 0) {
      throw new CaptureFormatException(
          "bad block total length "
              + length
              + " (must be a multiple of 4 and at least "
              + minimum
              + ")",
          at);
    }
    if (length > Source.MAX_WINDOW) {
      throw new CaptureFormatException(
          "block total length " + length + " exceeds the maximum of " + Source.MAX_WINDOW, at);
    }
    return length;
  }

  /** Makes the whole block readable and checks its trailing length. */
  private void readWhole(long at, long length) throws IOException {
    long available = source.fill(at, length);
    if (available < length) {
      throw new CaptureFormatException(
          "truncated block (" + available + " of " + length + " bytes)", at);
    }
    checkTrailer(at, length);
  }

  private void checkTrailer(long at, long length) throws CaptureFormatException {
    long trailer = Integer.toUnsignedLong(source.segment.get(int32, at + length - 4 - source.base));
    if (trailer != length) {
      throw new CaptureFormatException(
          "block total length " + length + " does not match its trailing copy " + trailer, at);
    }
  }

  private boolean skip(long at, long length) throws IOException {
    long available = source.fill(at + length - 4, 4);
    if (available < 4) {
      throw new CaptureFormatException("truncated block (" + length + " bytes announced)", at);
    }
    checkTrailer(at, length);
    return false;
  }

  private boolean interfaceDescription(long at, long length) throws IOException {
    if (length < 20) {
      throw new CaptureFormatException("interface description block too short: " + length, at);
    }
    readWhole(at, length);
    MemorySegment s = source.segment;
    long i = at - source.base;
    int linkType = Short.toUnsignedInt(s.get(int16, i + 8));
    long snapLength = Integer.toUnsignedLong(s.get(int32, i + 12));
    int tsresol = DEFAULT_TSRESOL;
    long tsoffset = 0;
    long end = i + length - 4;
    for (long o = i + 16; o + 4 <= end; ) {
      int code = Short.toUnsignedInt(s.get(int16, o));
      int valueLength = Short.toUnsignedInt(s.get(int16, o + 2));
      if (code == OPTION_END) {
        break;
      }
      if (o + 4 + valueLength > end) {
        throw new CaptureFormatException(
            "option " + code + " of length " + valueLength + " overruns its block", at);
      }
      if (code == IF_TSRESOL && valueLength == 1) {
        tsresol = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, o + 4));
      } else if (code == IF_TSOFFSET && valueLength == 8) {
        tsoffset = s.get(int64, o + 4);
      }
      o += 4 + ((valueLength + 3) & ~3);
    }
    String problem = interfaces.add(linkType, snapLength, tsresol, tsoffset);
    if (problem != null) {
      throw new CaptureFormatException(problem, at);
    }
    return false;
  }

  /** An enhanced packet block, or the obsolete packet block (16-bit interface id) it replaced. */
  private boolean packet(long at, long length, boolean obsolete, RawPacket into)
      throws IOException {
    if (length < 32) {
      throw new CaptureFormatException("packet block too short: " + length, at);
    }
    readWhole(at, length);
    MemorySegment s = source.segment;
    long i = at - source.base;
    int iface = obsolete ? Short.toUnsignedInt(s.get(int16, i + 8)) : s.get(int32, i + 8);
    long units =
        (Integer.toUnsignedLong(s.get(int32, i + 12)) << 32)
            | Integer.toUnsignedLong(s.get(int32, i + 16));
    long captured = Integer.toUnsignedLong(s.get(int32, i + 20));
    long original = Integer.toUnsignedLong(s.get(int32, i + 24));
    checkInterface(iface, at);
    if (captured > length - 32 || captured > PcapReader.MAX_CAPTURED) {
      throw new CaptureFormatException(
          "captured length " + captured + " exceeds its block of " + length + " bytes", at);
    }
    lastTimestamp = interfaces.nanos(iface, units);
    fill(into, at, iface, captured, original, i + 28);
    return true;
  }

  private boolean simplePacket(long at, long length, RawPacket into) throws IOException {
    if (length < 16) {
      throw new CaptureFormatException("simple packet block too short: " + length, at);
    }
    readWhole(at, length);
    checkInterface(0, at);
    long original = Integer.toUnsignedLong(source.segment.get(int32, at + 8 - source.base));
    // The captured length is not stored: it is the original length cut by interface 0's snap
    // length (0 = unlimited) and by the room in the block.
    long snap = interfaces.snapLength(0) == 0 ? Long.MAX_VALUE : interfaces.snapLength(0);
    long captured = Math.min(original, Math.min(snap, length - 16));
    if (captured > PcapReader.MAX_CAPTURED) {
      throw new CaptureFormatException(
          "captured length " + captured + " exceeds the maximum of " + PcapReader.MAX_CAPTURED, at);
    }
    // A simple packet block has no timestamp; the previous packet's keeps time monotonic for
    // the tracker (Wireshark shows 0, which would stretch connection durations to decades).
    fill(into, at, 0, captured, original, at + 12 - source.base);
    return true;
  }

  private void checkInterface(int iface, long at) throws CaptureFormatException {
    if (iface < 0 || iface >= interfaces.count()) {
      throw new CaptureFormatException(
          "packet for interface "
              + Integer.toUnsignedString(iface)
              + " but the section describes "
              + interfaces.count(),
          at);
    }
  }

  private void fill(
      RawPacket into, long at, int iface, long captured, long original, long dataIndex) {
    into.timestampNanos = lastTimestamp;
    into.linkType = interfaces.linkType(iface);
    into.capturedLength = (int) captured;
    into.originalLength = (int) Math.min(original, Integer.MAX_VALUE);
    into.data = source.segment;
    into.dataOffset = dataIndex;
    into.fileOffset = at;
  }

  @Override
  public long position() {
    return source.position();
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
