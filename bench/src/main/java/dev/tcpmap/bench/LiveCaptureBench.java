package dev.tcpmap.bench;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.Discard;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.tls.TlsHandshakes;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.packet.CaptureConfig;
import dev.tcpmap.packet.CaptureSettings;
import dev.tcpmap.packet.InterfaceSelection;
import dev.tcpmap.packet.InterfaceStatus;
import dev.tcpmap.packet.LiveCapture;
import dev.tcpmap.packet.PacketCaptureFactory;
import dev.tcpmap.packet.PacketCaptureSource;
import dev.tcpmap.packet.linux.RingConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Live capture with the filter on at the highest rate the test hosts make: a generator JVM in
 * namespace A writes 100-byte segments (TCP_NODELAY) over {@code CONNECTIONS} connections to a sink
 * JVM in namespace B — a third to port 443 (every payload segment passes), a third to 8443 with
 * each write starting a TLS record (passes by content), a third plain to 8080 (rejected) — and one
 * more thread makes real TLS 1.3 handshakes (JDK, SNI {@code bench.tls.test}) to port 4443 one
 * after the other, while {@link LiveCapture} captures on B's veth through the agent's own source
 * ({@link PacketCaptureSource}: the packet decode loop, the handshake collector) into the agent's
 * {@link Pipeline} and {@link Aggregator}. Prints the veth's packet rate, the passed rate, the
 * kernel's drops, the capture thread's CPU (utime + stime of its /proc task) per passed packet, and
 * the handshakes made against those the pipeline reported. The ring is the agent's default ({@code
 * capture.ring}) unless RING_MIB says otherwise. Needs root.
 *
 * <pre>
 * bench/live-capture.sh [SECONDS [CONNECTIONS [TLS_PORTS [RING_MIB]]]]   TLS_PORTS 443 or none
 * </pre>
 */
public final class LiveCaptureBench {
  private static final int[] PORTS = {443, 8443, 8080};
  private static final int HANDSHAKE_PORT = 4443;
  private static final String SNI = "bench.tls.test";
  private static final int WARM_UP_SECONDS = 5;

  private LiveCaptureBench() {}

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "sink" -> sink();
      case "generate" -> generate(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> run(args);
    }
  }

  private static void run(String[] args) throws Exception {
    int seconds = BenchArgs.intArg(args, 0, 10);
    int connections = BenchArgs.intArg(args, 1, 6);
    List<Integer> tlsPorts =
        args.length > 2 && args[2].equals("none") ? List.of() : List.of(443, HANDSHAKE_PORT);
    int ring =
        args.length > 3
            ? Integer.parseInt(args[3]) << 20
            : Parsers.powerOfTwoBytes(CaptureSettings.RING.defaultValue(), 1, 1 << 30);
    try (TestNetwork network = TestNetwork.create(1, 1)) {
      Process sink = new ProcessBuilder(network.inNamespace(Side.B, java("sink"))).start();
      if (!"ready".equals(new String(sink.getInputStream().readNBytes(5)))) {
        throw new IllegalStateException("sink did not start");
      }
      Aggregator aggregator =
          new Aggregator(
              new Aggregator.Options("agent", 1, 1 << 20, Optional.empty()),
              Resolver.IP_ONLY,
              InstantSource.system());
      Pipeline pipeline =
          new Pipeline(
              List.of(), aggregator, Optional.empty(), Duration.ZERO, InstantSource.system());
      CaptureConfig config =
          CaptureConfig.of(InterfaceSelection.parse(network.interfaceName(Side.B)))
              .withTlsPorts(tlsPorts)
              .withRing(RingConfig.ofBytes(ring))
              .inNamespace(Path.of("/run/netns", network.namespace(Side.B)));
      LiveCapture[] started = new LiveCapture[1];
      PacketCaptureSource source =
          new PacketCaptureSource(
              config,
              Duration.ofMinutes(5),
              (c, packets) -> PacketCaptureFactory.of(started[0] = LiveCapture.start(c, packets)));
      pipeline.start(List.of(source));
      LiveCapture capture = started[0];
      try {
        // A first run warms the JIT: the drops of a cold pipeline are reported apart.
        String warmMade = generate(network, connections, WARM_UP_SECONDS);
        Thread.sleep(1500); // last blocks and one statistics read
        InterfaceStatus warm = capture.status().getFirst();
        long warmReported = reported(pipeline);
        System.out.printf(
            "warm-up %d s: passed %d, kernel drops %d; handshakes made %s, reported %d%n",
            WARM_UP_SECONDS, warm.packets(), warm.drops(), warmMade, warmReported);

        long[] before = {vethPackets(network), captureThreadTicks()};
        long start = System.nanoTime();
        String made = generate(network, connections, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1500); // last blocks and one statistics read
        long packets = vethPackets(network) - before[0];
        long ticks = captureThreadTicks() - before[1];
        InterfaceStatus status = capture.status().getFirst();
        report(
            elapsed,
            packets,
            status.packets() - warm.packets(),
            status.drops() - warm.drops(),
            ticks,
            tlsPorts);
        pipeline.stop();
        long reported = reported(pipeline) - warmReported;
        System.out.printf(
            "handshakes made %s, reported complete %d; pipeline losses since start %s%n",
            made, reported, pipeline.snapshot().losses());
      } finally {
        capture.close();
        sink.destroyForcibly();
      }
    }
  }

  private static String generate(TestNetwork network, int connections, int seconds)
      throws Exception {
    return Commands.run(
            Duration.ofSeconds(seconds + 60),
            network.inNamespace(
                Side.A,
                java(
                    "generate",
                    network.v4(Side.B, 0).toString(),
                    String.valueOf(connections),
                    String.valueOf(seconds))))
        .stdout()
        .strip();
  }

  /** The complete TLS 1.3 handshakes of the generator the pipeline has handed over so far. */
  private static long reported(Pipeline pipeline) {
    return pipeline.snapshot().handshakes().stream()
        .filter(h -> h.serverPort() == HANDSHAKE_PORT && h.sni().equals(SNI))
        .filter(h -> h.version().equals("TLS 1.3"))
        .count();
  }

  private static void report(
      double elapsed, long packets, long passed, long drops, long ticks, List<Integer> tlsPorts) {
    double cpuSeconds = ticks / 100.0; // USER_HZ
    System.out.printf(
        "tls ports %s, %.1f s: veth %d packets (%.0f kpps); passed %d (%.0f kpps);"
            + " kernel drops %d; capture thread CPU %.2f s (%.1f %% of a core), %.2f us per passed"
            + " packet, %.3f us per veth packet%n",
        tlsPorts,
        elapsed,
        packets,
        packets / elapsed / 1e3,
        passed,
        passed / elapsed / 1e3,
        drops,
        cpuSeconds,
        100 * cpuSeconds / elapsed,
        passed == 0 ? 0 : cpuSeconds * 1e6 / passed,
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
      Discard.start(port);
    }
    SSLServerSocket tls =
        (SSLServerSocket) TlsHandshakes.context().getServerSocketFactory().createServerSocket();
    tls.bind(new InetSocketAddress(HANDSHAKE_PORT));
    Thread.ofPlatform().daemon().start(() -> acceptTls(tls));
    System.out.print("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void acceptTls(SSLServerSocket listener) {
    while (true) {
      try (SSLSocket socket = (SSLSocket) listener.accept()) {
        socket.startHandshake();
        socket.getInputStream().read(); // until the client closes
      } catch (java.io.IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  /** TLS 1.3 handshakes one after the other until {@code end}; the number completed. */
  private static long handshakes(SSLSocketFactory factory, String server, long end)
      throws Exception {
    long done = 0;
    while (System.nanoTime() < end) {
      try (SSLSocket socket =
          (SSLSocket) factory.createSocket(InetAddress.getByName(server), HANDSHAKE_PORT)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        parameters.setServerNames(List.of(new SNIHostName(SNI)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        done++;
      }
    }
    return done;
  }

  private static void generate(String server, int connections, int seconds) throws Exception {
    // Made before the clock starts: loading the key store and TLS classes takes a while.
    SSLSocketFactory factory = TlsHandshakes.context().getSocketFactory();
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
    long made = handshakes(factory, server, end);
    for (Thread t : threads) {
      t.join();
    }
    System.out.println(made);
  }
}
