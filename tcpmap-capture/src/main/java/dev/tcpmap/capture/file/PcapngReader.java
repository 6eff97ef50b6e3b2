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
final class PcapngReader extends SourceReader {
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

  private final Interfaces interfaces = new Interfaces();
  private ByteOrderFields fields = ByteOrderFields.BIG;
  private long offset;
  private long lastTimestamp;

  /** Reads the first section header, so that a broken one fails the open. */
  PcapngReader(Source source) throws IOException {
    super(source);
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
      int type = fields.int32(source.segment, at - source.base);
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
    int magic = source.segment.get(UnalignedLayouts.BIG_INT, at + 8 - source.base);
    ByteOrder order =
        switch (magic) {
          case BYTE_ORDER_MAGIC -> ByteOrder.BIG_ENDIAN;
          case 0x4D3C2B1A -> ByteOrder.LITTLE_ENDIAN;
          default ->
              throw new CaptureFormatException(
                  String.format("bad byte-order magic 0x%08x in section header block", magic), at);
        };
    fields = ByteOrderFields.of(order);
    long length = blockLength(at, 28);
    int major = fields.uint16(source.segment, at + 12 - source.base);
    if (major != 1) {
      int minor = fields.uint16(source.segment, at + 14 - source.base);
      throw new CaptureFormatException("unsupported pcapng version " + major + "." + minor, at);
    }
    readWhole(at, length);
    interfaces.clear();
    return at + length;
  }

  /** Reads and checks the block's total length (header field; the trailer is checked later). */
  private long blockLength(long at, long minimum) throws CaptureFormatException {
    long length = fields.uint32(source.segment, at + 4 - source.base);
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
    long trailer = fields.uint32(source.segment, at + length - 4 - source.base);
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
    int linkType = fields.uint16(s, i + 8);
    long snapLength = fields.uint32(s, i + 12);
    int tsresol = DEFAULT_TSRESOL;
    long tsoffset = 0;
    long end = i + length - 4;
    for (long o = i + 16; o + 4 <= end; ) {
      int code = fields.uint16(s, o);
      int valueLength = fields.uint16(s, o + 2);
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
        tsoffset = fields.int64(s, o + 4);
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
    int iface = obsolete ? fields.uint16(s, i + 8) : fields.int32(s, i + 8);
    long units = (fields.uint32(s, i + 12) << 32) | fields.uint32(s, i + 16);
    long captured = fields.uint32(s, i + 20);
    long original = fields.uint32(s, i + 24);
    checkInterface(iface, at);
    if (captured > length - 32 || captured > PcapReader.MAX_CAPTURED) {
      throw new CaptureFormatException(
          "captured length " + captured + " exceeds its block of " + length + " bytes", at);
    }
    lastTimestamp = interfaces.nanos(iface, units);
    fill(into, at, lastTimestamp, interfaces.linkType(iface), captured, original, i + 28);
    return true;
  }

  private boolean simplePacket(long at, long length, RawPacket into) throws IOException {
    if (length < 16) {
      throw new CaptureFormatException("simple packet block too short: " + length, at);
    }
    readWhole(at, length);
    checkInterface(0, at);
    long original = fields.uint32(source.segment, at + 8 - source.base);
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
    fill(
        into, at, lastTimestamp, interfaces.linkType(0), captured, original, at + 12 - source.base);
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
}
