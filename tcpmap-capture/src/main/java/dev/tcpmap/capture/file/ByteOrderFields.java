package dev.tcpmap.capture.file;

import static dev.tcpmap.capture.file.UnalignedLayouts.BIG_INT;
import static dev.tcpmap.capture.file.UnalignedLayouts.BIG_SHORT;
import static dev.tcpmap.capture.file.UnalignedLayouts.LITTLE_INT;
import static dev.tcpmap.capture.file.UnalignedLayouts.LITTLE_SHORT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Reads the fixed-width fields of a capture file in the file's byte order, through the constant
 * {@link UnalignedLayouts}.
 */
final class ByteOrderFields {
  static final ByteOrderFields BIG = new ByteOrderFields(true);
  static final ByteOrderFields LITTLE = new ByteOrderFields(false);

  private final boolean big;

  private ByteOrderFields(boolean big) {
    this.big = big;
  }

  static ByteOrderFields of(ByteOrder order) {
    return order == ByteOrder.BIG_ENDIAN ? BIG : LITTLE;
  }

  int int32(MemorySegment s, long at) {
    return big ? s.get(BIG_INT, at) : s.get(LITTLE_INT, at);
  }

  long uint32(MemorySegment s, long at) {
    return Integer.toUnsignedLong(int32(s, at));
  }

  long int64(MemorySegment s, long at) {
    // A 64-bit integer in the section's byte order: in little-endian sections the low word comes
    // first.
    long first = uint32(s, at);
    long second = uint32(s, at + 4);
    return big ? (first << 32) | second : (second << 32) | first;
  }

  int uint16(MemorySegment s, long at) {
    return Short.toUnsignedInt(big ? s.get(BIG_SHORT, at) : s.get(LITTLE_SHORT, at));
  }
}
