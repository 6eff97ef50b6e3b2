package dev.tcpmap.packet;

import dev.tcpmap.capture.file.RawPacket;

/**
 * Where live capture hands its packets: the boundary between the capture thread and decoding.
 *
 * <p>All methods are called on the one capture thread, never concurrently, so a sink may feed a
 * {@code PacketDecoder} (not thread safe) directly. They must not block for long: while they run,
 * the kernel fills the ring, and a full ring drops packets (counted, see {@link #lost}).
 */
public interface PacketSink {
  /**
   * One packet that passed the kernel filter, in the order of its interface's ring (packets of
   * different interfaces interleave by ring block, not strictly by time). {@code packet} and the
   * bytes it points to are valid only during this call: copy what must outlive it.
   */
  void packet(RawPacket packet);

  /**
   * {@code count} packets passed the filter but were lost before {@link #packet}: {@code source} is
   * {@code "capture/kernel-drops"} (the ring was full) or {@code "capture/sink-errors"} (this sink
   * threw). Reported once per statistics period with the increase since the last report.
   */
  void lost(String source, long count);

  /**
   * About once a second, packets or not, with the wall clock in nanoseconds since the epoch (the
   * clock of packet timestamps): a sink that waits for something to go quiet learns that time
   * passed even when no packet comes. An exception is counted as {@code capture/sink-errors}.
   */
  default void tick(long epochNanos) {}
}
