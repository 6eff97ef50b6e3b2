package dev.tcpmap.packet.linux;

/**
 * The kernel's counts of one capture socket over an interval ({@code struct tpacket_stats_v3}).
 *
 * @param packets packets that passed the filter, including those dropped ({@code tp_packets})
 * @param drops packets that passed the filter but found no room in the ring ({@code tp_drops})
 * @param freezes times the ring was full and the kernel froze it ({@code tp_freeze_q_cnt})
 */
public record KernelStats(long packets, long drops, long freezes) {
  public static final KernelStats ZERO = new KernelStats(0, 0, 0);

  public KernelStats {
    if (packets < 0 || drops < 0 || freezes < 0) {
      throw new IllegalArgumentException(
          "negative count: " + packets + ", " + drops + ", " + freezes);
    }
  }

  public KernelStats plus(KernelStats other) {
    return new KernelStats(packets + other.packets, drops + other.drops, freezes + other.freezes);
  }
}
