package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.model.IpAddress;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump writing every packet of one veth end to a pcap file.
 *
 * <p>{@code -U} writes each packet as it arrives, {@code -s 0} keeps whole frames, {@code -Z root}
 * keeps tcpdump from dropping to the {@code tcpdump} user before it opens the file (a temporary
 * directory is often not writable for that user), {@code -B} gives the kernel ring 64 MiB so bursts
 * are not dropped. The capture is ready when tcpdump says "listening on" (not after a sleep).
 *
 * <p>Stopping: tcpdump reads the kernel ring in blocks that are handed over when full or after a
 * timeout, and SIGINT ends it without reading what is still there. So {@link #stop(TestNetwork)}
 * first sends a UDP datagram holding a random marker across the veth and waits until the marker is
 * in the file — everything sent before it is then written too — and only then sends SIGINT and
 * waits for tcpdump to exit and print its counters.
 */
public final class Tcpdump implements AutoCloseable {
  private static final Duration READY_LIMIT = Duration.ofSeconds(15);
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);
  private static final Pattern COUNTER =
      Pattern.compile("^(\\d+) packets? (captured|received by filter|dropped by kernel)");

  /** tcpdump's own counters, printed when it exits. */
  public record Stats(long captured, long receivedByFilter, long droppedByKernel) {}

  private final Process process;
  private final Side side;
  private final Path file;
  private final StringBuffer stderr = new StringBuffer();
  private final CountDownLatch listening = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);

  private Tcpdump(Process process, Side side, Path file) {
    this.process = process;
    this.side = side;
    this.file = file;
  }

  /** Starts tcpdump on {@code side}'s veth end and returns once it captures. */
  public static Tcpdump start(TestNetwork network, Side side, Path file)
      throws IOException, InterruptedException {
    List<String> argv =
        network.inNamespace(
            side,
            List.of(
                "tcpdump",
                "-i",
                network.interfaceName(side),
                "-w",
                file.toString(),
                "-U",
                "-s",
                "0",
                "-Z",
                "root",
                "-B",
                "65536"));
    Process process =
        new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    Tcpdump tcpdump = new Tcpdump(process, side, file);
    Thread.startVirtualThread(tcpdump::readStderr);
    if (!tcpdump.listening.await(READY_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      tcpdump.close();
      throw new IOException(
          "tcpdump did not start listening within "
              + READY_LIMIT
              + ": "
              + tcpdump.stderr.toString().strip());
    }
    return tcpdump;
  }

  public Path file() {
    return file;
  }

  /** Makes sure every packet so far is in the file, stops tcpdump and returns its counters. */
  public Stats stop(TestNetwork network) throws IOException, InterruptedException {
    drain(network);
    Commands.run("kill", "-INT", String.valueOf(process.pid()));
    if (!process.waitFor(30, TimeUnit.SECONDS) || !ended.await(10, TimeUnit.SECONDS)) {
      throw new IOException("tcpdump did not exit after SIGINT: " + stderr.toString().strip());
    }
    return parseStats(stderr.toString());
  }

  @Override
  public void close() {
    Commands.destroy(process);
  }

  private void drain(TestNetwork network) throws IOException, InterruptedException {
    String marker = "tcpmap-drain-" + UUID.randomUUID();
    IpAddress target = network.v4(side.other(), 0);
    // Port 9 is "discard"; nobody listens, so the datagram costs one ICMP answer and nothing else.
    Commands.run(
        Commands.DEFAULT_TIMEOUT,
        network.inNamespace(
            side,
            List.of(
                "bash", "-c", "printf %s \"$1\" > /dev/udp/" + target + "/9", "drain", marker)));
    byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    while (!tailContains(needle)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IOException(
            "the drain marker did not reach "
                + file
                + " within "
                + DRAIN_LIMIT
                + ": "
                + stderr.toString().strip());
      }
      Thread.sleep(20);
    }
  }

  /**
   * Whether the last MiB of the file holds {@code needle} (the marker is among the last packets).
   */
  private boolean tailContains(byte[] needle) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      int length = (int) Math.min(size, 1 << 20);
      ByteBuffer tail = ByteBuffer.allocate(length);
      channel.read(tail, size - length);
      byte[] bytes = tail.array();
      for (int i = 0; i + needle.length <= tail.position(); i++) {
        if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
          return true;
        }
      }
      return false;
    }
  }

  private void readStderr() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        stderr.append(line).append('\n');
        if (line.contains("listening on")) {
          listening.countDown();
        }
      }
    } catch (IOException e) {
      stderr.append("(stderr unreadable: ").append(e).append(")\n");
    } finally {
      ended.countDown();
    }
  }

  static Stats parseStats(String text) throws IOException {
    long[] values = {-1, -1, -1};
    for (String line : text.lines().toList()) {
      Matcher matcher = COUNTER.matcher(line.strip());
      if (matcher.find()) {
        int slot =
            switch (matcher.group(2)) {
              case "captured" -> 0;
              case "received by filter" -> 1;
              default -> 2;
            };
        values[slot] = Long.parseLong(matcher.group(1));
      }
    }
    if (values[0] < 0 || values[2] < 0) {
      throw new IOException("tcpdump printed no packet counters: " + text.strip());
    }
    return new Stats(values[0], values[1], values[2]);
  }
}
