package dev.tcpmap.bench;

import dev.tcpmap.capture.decode.PacketDecoder;
import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.packet.CaptureConfig;
import dev.tcpmap.packet.InterfaceSelection;
import dev.tcpmap.packet.InterfaceStatus;
import dev.tcpmap.packet.LiveCapture;
import dev.tcpmap.packet.PacketSink;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Live capture with the filter on at the highest rate the test hosts make: a generator JVM in
 * namespace A writes 100-byte segments (TCP_NODELAY) over {@code CONNECTIONS} connections to a sink
 * JVM in namespace B — a third to port 443 (every payload segment passes), a third to 8443 with
 * each write starting a TLS record (passes by content), a third plain to 8080 (rejected) — while
 * {@link LiveCapture} captures on B's veth and feeds a {@link PacketDecoder}. Prints the veth's
 * packet rate, the passed rate, the kernel's drops, and the capture thread's CPU (utime + stime of
 * its /proc task) per passed packet. Needs root.
 *
 * <pre>
 * bench/live-capture.sh [SECONDS [CONNECTIONS [TLS_PORTS]]]     TLS_PORTS e.g. 443 or none
 * </pre>
 */
public final class LiveCaptureBench {
  private static final int[] PORTS = {443, 8443, 8080};

  private LiveCaptureBench() {}

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "sink" -> sink();
      case "generate" -> generate(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> run(args);
    }
  }

  private static void run(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    List<Integer> tlsPorts = args.length > 2 && args[2].equals("none") ? List.of() : List.of(443);
    try (TestNetwork network = TestNetwork.create(1, 1)) {
      Process sink = new ProcessBuilder(network.inNamespace(Side.B, java("sink"))).start();
      if (!"ready".equals(new String(sink.getInputStream().readNBytes(5)))) {
        throw new IllegalStateException("sink did not start");
      }
      Counter counter = new Counter();
      CaptureConfig config =
          CaptureConfig.of(InterfaceSelection.parse(network.interfaceName(Side.B)))
              .withTlsPorts(tlsPorts)
              .inNamespace(Path.of("/run/netns", network.namespace(Side.B)));
      LiveCapture capture = LiveCapture.start(config, counter);
      try {
        long[] before = {vethPackets(network), captureThreadTicks()};
        long start = System.nanoTime();
        Commands.run(
            Duration.ofSeconds(seconds + 60),
            network.inNamespace(
                Side.A,
                java(
                    "generate",
                    network.v4(Side.B, 0).toString(),
                    String.valueOf(connections),
                    String.valueOf(seconds))));
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1500); // last blocks and one statistics read
        long packets = vethPackets(network) - before[0];
        long ticks = captureThreadTicks() - before[1];
        InterfaceStatus status = capture.status().getFirst();
        report(elapsed, packets, status, ticks, counter, tlsPorts);
      } finally {
        capture.close();
        sink.destroyForcibly();
      }
    }
  }

  private static void report(
      double elapsed,
      long packets,
      InterfaceStatus status,
      long ticks,
      Counter counter,
      List<Integer> tlsPorts) {
    double cpuSeconds = ticks / 100.0; // USER_HZ
    System.out.printf(
        "tls ports %s, %.1f s: veth %d packets (%.0f kpps); passed %d (%.0f kpps), decoded TCP %d;"
            + " kernel drops %d; capture thread CPU %.2f s (%.1f %% of a core), %.2f us per passed"
            + " packet, %.3f us per veth packet%n",
        tlsPorts,
        elapsed,
        packets,
        packets / elapsed / 1e3,
        status.packets(),
        status.packets() / elapsed / 1e3,
        counter.tcp,
        status.drops(),
        cpuSeconds,
        100 * cpuSeconds / elapsed,
        status.packets() == 0 ? 0 : cpuSeconds * 1e6 / status.packets(),
        packets == 0 ? 0 : cpuSeconds * 1e6 / packets);
  }

  /** rx + tx packets of B's veth end (every packet the capture socket was offered). */
  private static long vethPackets(TestNetwork network) throws Exception {
    String out =
        Commands.run("ip", "-n", network.namespace(Side.B), "-s", "-o", "link", "show", "tm-b")
            .stdout();
    String[] f = out.replace("\\", " ").trim().split("\\s+");
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("RX:") || f[i].equals("TX:")) {
        // "RX: bytes packets errors ..." then the values after the header words
        int values = i;
        while (values < f.length && !f[values].matches("\\d+")) {
          values++;
        }
        numbers.add(Long.parseLong(f[values + 1]));
      }
    }
    return numbers.stream().mapToLong(Long::longValue).sum();
  }

  /** utime + stime of this JVM's capture thread, in clock ticks. */
  private static long captureThreadTicks() throws Exception {
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        if (Files.readString(task.resolve("comm")).strip().startsWith("tcpmap-packet")) {
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    }
    throw new IllegalStateException("no capture thread");
  }

  private static List<String> java(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path")));
    argv.add(LiveCaptureBench.class.getName());
    argv.addAll(List.of(args));
    return argv;
  }

  private static void sink() throws Exception {
    for (int port : PORTS) {
      ServerSocket listener = new ServerSocket();
      listener.bind(new InetSocketAddress(port));
      Thread.ofPlatform().daemon().start(() -> accept(listener));
    }
    System.out.print("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void accept(ServerSocket listener) {
    while (true) {
      try {
        Socket socket = listener.accept();
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (socket;
                      InputStream in = socket.getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                  } catch (java.io.IOException e) {
                    // the generator stopped
                  }
                });
      } catch (java.io.IOException e) {
        return;
      }
    }
  }

  private static void generate(String server, int connections, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int port = PORTS[c % PORTS.length];
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] write = new byte[100];
                    if (port == 8443) {
                      write[0] = 0x16;
                      write[1] = 3;
                      write[2] = 1;
                    }
                    try (Socket socket = new Socket(InetAddress.getByName(server), port)) {
                      socket.setTcpNoDelay(true);
                      OutputStream out = socket.getOutputStream();
                      while (System.nanoTime() < end) {
                        out.write(write);
                      }
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Decodes every passed packet, as the agent's pipeline would first do. */
  static final class Counter implements PacketSink {
    private final PacketDecoder decoder = new PacketDecoder();
    private final TcpSegment segment = new TcpSegment();
    long tcp;
    long lost;

    @Override
    public void packet(RawPacket packet) {
      if (decoder.decode(packet, segment)) {
        tcp++;
      }
    }

    @Override
    public void lost(String source, long count) {
      lost += count;
    }
  }
}
