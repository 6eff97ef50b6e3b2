package dev.tcpmap.bench;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.track.TcpTracker;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.event.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Packets per second of the {@link TcpTracker} alone: 1 M pre-built packets of 100k flows (about 10
 * packets each), replayed through reused {@link TcpSegment}s as a decoder would fill them. {@code
 * active} flows are interleaved at any time: 1,000 (a new flow starts when one ends; the table
 * still holds the ~100k connections and tombstones), or all 100,000 at once, each flow's packets
 * spread over the whole run (the worst case for the cache: nearly every packet misses). Each pass
 * shifts the clock by more than the idle timeout, so it starts with the previous pass's connections
 * expiring: every pass opens, reports and expires 100k connections, and event allocation is part of
 * the cost. {@code track} hands over one segment at a time, {@code trackBatched} 64 at a time.
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 TrackBenchmark</pre>
 */
public class TrackBenchmark extends ThroughputBenchmark {
  static final int PACKETS = 1_000_000;
  static final int FLOWS = 100_000;

  static final int BATCH = 64;

  @Param({"1000", "100000"})
  public int active;

  private SegmentArrays packets;
  private TcpTracker tracker;
  private final TcpSegment[] batch = new TcpSegment[BATCH];
  private long shift;
  private long events;

  @Setup
  public void setUp() {
    packets = SegmentArrays.of(new SyntheticTraffic(1, FLOWS, active, PACKETS / FLOWS), PACKETS);
    for (int i = 0; i < BATCH; i++) {
      batch[i] = new TcpSegment();
    }
    tracker = new TcpTracker(TrackerConfig.defaults(), this::count);
  }

  private void count(Event event) {
    events++;
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long track() {
    SegmentArrays p = packets;
    TcpSegment s = batch[0];
    for (int i = 0; i < p.size(); i++) {
      p.fill(i, s, shift);
      tracker.accept(s);
    }
    return nextPass();
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long trackBatched() {
    SegmentArrays p = packets;
    TcpSegment[] segments = batch;
    for (int from = 0; from < p.size(); from += BATCH) {
      int n = Math.min(BATCH, p.size() - from);
      for (int i = 0; i < n; i++) {
        p.fill(from + i, segments[i], shift);
      }
      tracker.accept(segments, n);
    }
    return nextPass();
  }

  private long nextPass() {
    shift += packets.span() + 2 * TrackerConfig.defaults().idleTimeout().toNanos();
    return events + tracker.tracked();
  }
}
