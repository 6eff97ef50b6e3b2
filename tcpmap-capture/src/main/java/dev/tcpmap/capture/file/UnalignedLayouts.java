package dev.tcpmap.capture.file;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Unaligned layouts in a fixed byte order, for the fields of capture files and of packets, which
 * stand at any offset. They are static constants on purpose: the JIT folds a memory access only
 * when its layout is a constant; a layout held in a field costs an alignment and bounds walk per
 * read (it tripled the time per packet).
 */
public final class UnalignedLayouts {
  public static final ValueLayout.OfShort BIG_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  public static final ValueLayout.OfShort LITTLE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  public static final ValueLayout.OfInt BIG_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  public static final ValueLayout.OfInt LITTLE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  public static final ValueLayout.OfLong BIG_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private UnalignedLayouts() {}
}
