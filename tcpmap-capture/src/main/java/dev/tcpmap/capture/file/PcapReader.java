package dev.tcpmap.capture.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Reads classic pcap (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/): a 24-byte file
 * header, then records of a 16-byte header and the packet bytes.
 *
 * <pre>
 * file header: magic(4) major(2) minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
 * record:      ts_sec(4) ts_usec_or_nsec(4) incl_len(4) orig_len(4) data(incl_len)
 * </pre>
 *
 * <p>Versions are read as libpcap's {@code sf-pcap.c} reads them: 2.4 (what everything writes), 2.0
 * to 2.2 with the two lengths in the older order ({@code orig_len} first), 2.3 with either order
 * (swapped when {@code incl_len > orig_len}, as some 2.3 writers kept the old order), and 543.0
 * (DG/UX tcpdump, old order). Any other version is not a pcap file we can trust.
 */
final class PcapReader extends SourceReader {
  private static final int FILE_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int VERSION_OFFSET = 4;
  private static final int LINK_TYPE_OFFSET = 20;

  /** The order of a record's two lengths, by file version. */
  private enum Lengths {
    CAPTURED_FIRST,
    ORIGINAL_FIRST,
    EITHER
  }

  /**
   * Largest captured length accepted: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD and libpcap's
   * largest default snaplen. A record may exceed the header's snaplen (tcpdump and Wireshark read
   * those too), but not this.
   */
  static final long MAX_CAPTURED = 262_144;

  private final ByteOrderFields fields;
  private final long fractionNanos;
  private final int linkType;
  private final Lengths lengths;
  private long offset = FILE_HEADER;

  private PcapReader(
      Source source, ByteOrderFields fields, boolean nanos, int linkType, Lengths lengths) {
    super(source);
    this.fields = fields;
    this.fractionNanos = nanos ? 1 : 1_000;
    this.linkType = linkType;
    this.lengths = lengths;
  }

  static PcapReader open(Source source, ByteOrder order, boolean nanos) throws IOException {
    long available = source.fill(0, FILE_HEADER);
    if (available < FILE_HEADER) {
      throw new CaptureFormatException(
          "truncated pcap file header (" + available + " of 24 bytes)", 0);
    }
    ByteOrderFields fields = ByteOrderFields.of(order);
    Lengths lengths = lengths(fields, source);
    // The upper 6 bits of the link type field carry the FCS length (libpcap's LT_LINKTYPE mask);
    // a trailing FCS is harmless because lengths come from the IP header.
    int linkType = fields.int32(source.segment, LINK_TYPE_OFFSET - source.base) & 0x03FF_FFFF;
    if (!LinkTypes.supported(linkType)) {
      throw new CaptureFormatException(
          "unsupported link type " + LinkTypes.describe(linkType), LINK_TYPE_OFFSET);
    }
    return new PcapReader(source, fields, nanos, linkType, lengths);
  }

  private static Lengths lengths(ByteOrderFields fields, Source source)
      throws CaptureFormatException {
    int major = fields.uint16(source.segment, VERSION_OFFSET - source.base);
    int minor = fields.uint16(source.segment, VERSION_OFFSET + 2 - source.base);
    if (major == 543 && minor == 0) {
      return Lengths.ORIGINAL_FIRST; // DG/UX tcpdump
    }
    if (major != 2 || minor > 4) {
      throw new CaptureFormatException(
          "unsupported pcap version " + major + "." + minor + " (readable: 2.0 to 2.4)",
          VERSION_OFFSET);
    }
    return switch (minor) {
      case 4 -> Lengths.CAPTURED_FIRST;
      case 3 -> Lengths.EITHER;
      default -> Lengths.ORIGINAL_FIRST;
    };
  }

  @Override
  public boolean next(RawPacket into) throws IOException {
    long at = offset;
    long available = source.fill(at, RECORD_HEADER);
    if (available == 0) {
      return false;
    }
    if (available < RECORD_HEADER) {
      throw new CaptureFormatException(
          "truncated record header (" + available + " of 16 bytes)", at);
    }
    MemorySegment s = source.segment;
    long i = at - source.base;
    long seconds = fields.uint32(s, i);
    long fraction = fields.uint32(s, i + 4);
    long captured = fields.uint32(s, i + 8);
    long original = fields.uint32(s, i + 12);
    if (lengths == Lengths.ORIGINAL_FIRST || (lengths == Lengths.EITHER && captured > original)) {
      long first = captured;
      captured = original;
      original = first;
    }
    if (captured > MAX_CAPTURED) {
      throw new CaptureFormatException(
          "record captured length " + captured + " exceeds the maximum of " + MAX_CAPTURED, at);
    }
    available = source.fill(at + RECORD_HEADER, captured);
    if (available < captured) {
      throw new CaptureFormatException(
          "truncated record (" + available + " of " + captured + " bytes)", at);
    }
    long nanos = seconds * 1_000_000_000L + fraction * fractionNanos;
    fill(into, at, nanos, linkType, captured, original, at + RECORD_HEADER - source.base);
    offset = at + RECORD_HEADER + captured;
    return true;
  }
}
