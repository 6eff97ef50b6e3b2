package dev.tcpmap.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Unsigned network-order reads from a segment; callers check bounds against the packet first. */
final class Bytes {
  private static final ValueLayout.OfShort BIG_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt BIG_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt LITTLE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong BIG_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

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
