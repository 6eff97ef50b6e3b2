package dev.tcpmap.bench;

import dev.tcpmap.capture.decode.TcpSegment;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic classic pcap capture of interleaved TCP flows (see {@link SyntheticTraffic}),
 * streaming to disk, so files of any size (≥ 2 GB) need only a bounded amount of memory.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tcpmap.bench.SyntheticCapture OUT.pcap FLOWS PACKETS [CONCURRENT] [SEED]
 * </pre>
 *
 * FLOWS flows in all, CONCURRENT (default min(FLOWS, 10,000)) of them active at once; writing stops
 * after PACKETS packets or when every flow has ended, whichever comes first.
 */
public final class SyntheticCapture {
  private SyntheticCapture() {}

  public static void main(String[] args) throws IOException {
    BenchArgs.usageUnless(
        args.length >= 3 && args.length <= 5,
        "SyntheticCapture OUT.pcap FLOWS PACKETS [CONCURRENT] [SEED]");
    int flows = Integer.parseInt(args[1]);
    long packets = Long.parseLong(args[2]);
    int concurrent = BenchArgs.intArg(args, 3, Math.min(flows, 10_000));
    long seed = BenchArgs.longArg(args, 4, 1);
    long started = System.nanoTime();
    try (OutputStream file =
            new BufferedOutputStream(Files.newOutputStream(Path.of(args[0])), 1 << 20);
        PcapWriter writer = new PcapWriter(file)) {
      write(writer, seed, flows, concurrent, packets);
      System.out.printf(
          "%s: %,d packets, %,d bytes in %.1f s%n",
          args[0], writer.packets(), writer.bytes(), (System.nanoTime() - started) / 1e9);
    }
  }

  /** A capture held in memory (for benchmarks); must stay under 2 GiB. */
  public static byte[] inMemory(long seed, int flows, int concurrent, long packets) {
    return inMemory(seed, flows, concurrent, packets, PcapWriter.WHOLE_PACKETS);
  }

  /** The same, each frame cut to {@code snapLength} bytes. */
  public static byte[] inMemory(
      long seed, int flows, int concurrent, long packets, int snapLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    try (PcapWriter writer = new PcapWriter(out, snapLength)) {
      write(writer, seed, flows, concurrent, packets);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(PcapWriter writer, long seed, int flows, int concurrent, long packets)
      throws IOException {
    int perFlow = (int) Math.max(4, Math.min(1_000_000, packets / Math.max(1, flows)));
    SyntheticTraffic traffic = new SyntheticTraffic(seed, flows, concurrent, perFlow);
    TcpSegment segment = new TcpSegment();
    while (writer.packets() < packets && traffic.next(segment)) {
      writer.write(segment, traffic.vlan());
    }
  }
}
