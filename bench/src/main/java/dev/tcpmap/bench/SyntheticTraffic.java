package dev.tcpmap.bench;

import dev.tcpmap.capture.decode.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic stream of TCP packets from many interleaved flows, for benchmarks and synthetic
 * captures: IPv4 and IPv6, some behind an 802.1Q tag, handshakes, data both ways with pure ACKs and
 * some retransmissions, and endings by FIN, RST, refusal, an unanswered SYN or none (still open).
 * About 1 % of flows start mid-stream (no handshake).
 *
 * <p>Each call to {@link #next} picks one of the active flows at random and writes its next packet
 * into the segment; a finished flow is replaced by a new one until all flows have started. Time
 * moves 0–2 µs per packet. Memory is bounded by the number of concurrently active flows.
 */
public final class SyntheticTraffic {
  private static final long START_NANOS = 1_750_000_000_000_000_000L;

  private final SplittableRandom random;
  private final int flows;
  private final int averagePackets;
  private final List<SyntheticFlow> active = new ArrayList<>();
  private int started;
  private long time = START_NANOS;
  private boolean vlan;

  /**
   * @param seed the same seed gives the same packets
   * @param flows how many flows in all
   * @param concurrent how many are active (interleaved) at once
   * @param averagePackets average packets per flow (its data exchange is sized to match)
   */
  public SyntheticTraffic(long seed, int flows, int concurrent, int averagePackets) {
    this.random = new SplittableRandom(seed);
    this.flows = flows;
    this.averagePackets = Math.max(4, averagePackets);
    while (active.size() < Math.min(flows, concurrent)) {
      active.add(newFlow());
    }
  }

  /** Writes the next packet into {@code s}; false when every flow has ended. */
  public boolean next(TcpSegment s) {
    while (!active.isEmpty()) {
      int i = random.nextInt(active.size());
      SyntheticFlow flow = active.get(i);
      time += random.nextInt(2_001);
      if (flow.next(s, random, time)) {
        vlan = flow.vlan();
        return true;
      }
      if (started < flows) {
        active.set(i, newFlow());
      } else {
        active.set(i, active.getLast());
        active.removeLast();
      }
    }
    return false;
  }

  /** Whether the packet last written travels with an 802.1Q tag. */
  public boolean vlan() {
    return vlan;
  }

  private SyntheticFlow newFlow() {
    int id = started++;
    int dataSteps = random.nextInt(2 * (averagePackets - 4) + 1);
    return new SyntheticFlow(id, random, dataSteps);
  }
}
