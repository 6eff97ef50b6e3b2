package dev.tcpmap.capture.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads classic pcap (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/): a 24-byte file
 * header, then records of a 16-byte header and the packet bytes.
 *
 * <pre>
 * file header: magic(4) major(2) minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
 * record:      ts_sec(4) ts_usec_or_nsec(4) incl_len(4) orig_len(4) data(incl_len)
 * </pre>
 */
final class PcapReader implements CaptureReader {
  private static final int FILE_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int LINK_TYPE_OFFSET = 20;

  /**
   * Largest captured length accepted: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD and libpcap's
   * largest default snaplen. A record may exceed the header's snaplen (tcpdump and Wireshark read
   * those too), but not this.
   */
  static final long MAX_CAPTURED = 262_144;

  private final Source source;
  private final ValueLayout.OfInt int32;
  private final long fractionNanos;
  private final int linkType;
  private long offset = FILE_HEADER;

  private PcapReader(Source source, ValueLayout.OfInt int32, boolean nanos, int linkType) {
    this.source = source;
    this.int32 = int32;
    this.fractionNanos = nanos ? 1 : 1_000;
    this.linkType = linkType;
  }

  static PcapReader open(Source source, ByteOrder order, boolean nanos) throws IOException {
    long available = source.fill(0, FILE_HEADER);
    if (available < FILE_HEADER) {
      throw new CaptureFormatException(
          "truncated pcap file header (" + available + " of 24 bytes)", 0);
    }
    ValueLayout.OfInt int32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    // The upper 6 bits of the link type field carry the FCS length (libpcap's LT_LINKTYPE mask);
    // a trailing FCS is harmless because lengths come from the IP header.
    int linkType = source.segment.get(int32, LINK_TYPE_OFFSET - source.base) & 0x03FF_FFFF;
    if (!LinkTypes.supported(linkType)) {
      throw new CaptureFormatException(
          "unsupported link type " + LinkTypes.describe(linkType), LINK_TYPE_OFFSET);
    }
    return new PcapReader(source, int32, nanos, linkType);
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
    long seconds = Integer.toUnsignedLong(s.get(int32, i));
    long fraction = Integer.toUnsignedLong(s.get(int32, i + 4));
    long captured = Integer.toUnsignedLong(s.get(int32, i + 8));
    long original = Integer.toUnsignedLong(s.get(int32, i + 12));
    if (captured > MAX_CAPTURED) {
      throw new CaptureFormatException(
          "record captured length " + captured + " exceeds the maximum of " + MAX_CAPTURED, at);
    }
    available = source.fill(at + RECORD_HEADER, captured);
    if (available < captured) {
      throw new CaptureFormatException(
          "truncated record (" + available + " of " + captured + " bytes)", at);
    }
    into.timestampNanos = seconds * 1_000_000_000L + fraction * fractionNanos;
    into.linkType = linkType;
    into.capturedLength = (int) captured;
    into.originalLength = (int) Math.min(original, Integer.MAX_VALUE);
    into.data = source.segment;
    into.dataOffset = at + RECORD_HEADER - source.base;
    into.fileOffset = at;
    offset = at + RECORD_HEADER + captured;
    return true;
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
