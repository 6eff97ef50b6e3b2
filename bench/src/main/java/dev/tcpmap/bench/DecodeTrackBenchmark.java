package dev.tcpmap.bench;

import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.track.TcpTracker;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Packets per second of reader → decoder → tracker, as in {@code tcpmap analyze}, over a synthetic
 * capture of 1 M packets of 100k flows (see {@link TrackBenchmark} for {@code active}) held in
 * memory: written once to tmpfs ({@code /dev/shm} when present) and memory-mapped by the reader.
 * Each invocation is one whole analysis: open, read every packet, decode, track, finish. {@code
 * decodeTrack} hands the tracker one segment at a time, {@code decodeTrackBatched} 64.
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 DecodeTrackBenchmark</pre>
 */
public class DecodeTrackBenchmark extends ThroughputBenchmark {
  static final int PACKETS = 1_000_000;
  static final int BATCH = 64;

  @Param({"1000", "100000"})
  public int active;

  /**
   * Flows in the capture: 100,000 gives 10 packets per flow (connection churn dominates); 5,000
   * gives 200, close to the 214 of the real 1.6 GB capture in docs/performance.md.
   */
  @Param({"100000", "5000"})
  public int flows;

  /**
   * Bytes kept per frame: 262144 keeps whole packets (reading is then bound by memory bandwidth,
   * about 3.7 GB/s on the 2-vCPU VM), 96 keeps headers only, as {@code tcpdump -s 96}.
   */
  @Param({"262144", "96"})
  public int snapLength;

  private Path capture;
  private TcpTracker tracker;
  private final PacketDecoder decoder = new PacketDecoder();
  private final RawPacket packet = new RawPacket();
  private final TcpSegment[] batch = new TcpSegment[BATCH];
  private long events;

  @Setup
  public void setUp() throws IOException {
    Path shm = Path.of("/dev/shm");
    capture =
        Files.isDirectory(shm)
            ? Files.createTempFile(shm, "synthetic", ".pcap")
            : Files.createTempFile("synthetic", ".pcap");
    Files.write(
        capture, SyntheticCapture.inMemory(1, flows, Math.min(active, flows), PACKETS, snapLength));
    tracker = new TcpTracker(TrackerConfig.defaults(), this::count);
    for (int i = 0; i < BATCH; i++) {
      batch[i] = new TcpSegment();
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(capture);
  }

  private void count(Event event) {
    events++;
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long decodeTrack() throws IOException {
    TcpSegment segment = batch[0];
    long last = 0;
    try (CaptureReader reader = CaptureReader.open(capture)) {
      while (reader.next(packet)) {
        if (decoder.decode(packet, segment)) {
          tracker.accept(segment);
          last = segment.timestampNanos;
        }
      }
    }
    tracker.finish(last);
    return events;
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long decodeTrackBatched() throws IOException {
    long last = 0;
    int n = 0;
    try (CaptureReader reader = CaptureReader.open(capture)) {
      while (reader.next(packet)) {
        if (decoder.decode(packet, batch[n]) && ++n == BATCH) {
          tracker.accept(batch, n);
          last = batch[n - 1].timestampNanos;
          n = 0;
        }
      }
    }
    tracker.accept(batch, n);
    tracker.finish(n > 0 ? batch[n - 1].timestampNanos : last);
    return events;
  }
}
