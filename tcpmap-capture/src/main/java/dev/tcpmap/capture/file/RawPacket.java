package dev.tcpmap.capture.file;

import java.lang.foreign.MemorySegment;

/**
 * A mutable flyweight describing one captured packet, reused for every packet.
 *
 * <p>Filled by {@link CaptureReader#next(RawPacket)} (or a live source) and valid until the next
 * call that fills it: the bytes it points to may be overwritten or unmapped after that. Not thread
 * safe; one instance belongs to one reading thread.
 */
public final class RawPacket {
  /** Capture time in nanoseconds since the Unix epoch. */
  public long timestampNanos;

  /** The {@code LINKTYPE_*} value of the packet's interface (see {@link LinkTypes}). */
  public int linkType;

  /** Bytes present in {@link #data}, at most {@link #originalLength} in a well-formed capture. */
  public int capturedLength;

  /** Length of the packet on the wire, before the snap length cut it. */
  public int originalLength;

  /** The packet bytes are {@code data[dataOffset, dataOffset + capturedLength)}. */
  public MemorySegment data;

  public long dataOffset;

  /** Offset of the packet's record in the (uncompressed) file, for messages. */
  public long fileOffset;
}
