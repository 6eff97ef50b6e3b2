package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.file.UnalignedLayouts.BIG_INT;
import static dev.tcpmap.capture.file.UnalignedLayouts.BIG_LONG;
import static dev.tcpmap.capture.file.UnalignedLayouts.BIG_SHORT;
import static dev.tcpmap.capture.file.UnalignedLayouts.LITTLE_INT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Unsigned network-order reads from a segment; callers check bounds against the packet first. */
final class Bytes {
  private Bytes() {}

  static int u8(MemorySegment s, long at) {
    return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, at));
  }

  static int u16(MemorySegment s, long at) {
    return Short.toUnsignedInt(s.get(BIG_SHORT, at));
  }

  static long u32(MemorySegment s, long at) {
    return Integer.toUnsignedLong(s.get(BIG_INT, at));
  }

  static int int32(MemorySegment s, long at) {
    return s.get(BIG_INT, at);
  }

  static int littleInt32(MemorySegment s, long at) {
    return s.get(LITTLE_INT, at);
  }

  static long int64(MemorySegment s, long at) {
    return s.get(BIG_LONG, at);
  }
}
