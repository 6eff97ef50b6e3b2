package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.CaptureReader;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testing.PcapWriter;
import dev.tcpmap.core.testing.Privileged;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real loopback traffic this test makes itself (IPv4 and IPv6, a few bounded connections), captured
 * at the same time by tcpdump on lo (Ethernet, nanosecond pcap), tcpdump on any (Linux cooked v2)
 * and tshark (pcapng): each capture decodes to exactly the connections and payload bytes that were
 * sent.
 */
@Tag("privileged")
class PrivilegedLoopbackCaptureTest {
  /** Client-to-server and server-to-client payload bytes of each connection. */
  private static final int[][] EXCHANGES = {{1_000, 0}, {100_000, 5_000}, {0, 70_000}};

  private static final int MAX_PROBES = 20;

  @TempDir Path dir;

  /**
   * One connection: server port, client port, payload bytes each way, and whether SYN and FIN were
   * seen both ways.
   */
  record Flow(
      int serverPort,
      int clientPort,
      long toServer,
      long toClient,
      boolean opened,
      boolean closed) {}

  @Test
  void decode_realLoopbackCaptures_giveTheBytesSent() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("tcpdump");
    Privileged.requireCommand("tshark");
    try (ServerSocket v4 = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        ServerSocket v6 = new ServerSocket(0, 10, InetAddress.getByName("::1"));
        ServerSocket probe = probeServer(v4.getLocalPort(), v6.getLocalPort())) {
      String filter =
          "tcp and (port %d or port %d or port %d)"
              .formatted(v4.getLocalPort(), v6.getLocalPort(), probe.getLocalPort());
      Path lo = dir.resolve("lo.pcap");
      Path any = dir.resolve("any.pcap");
      Path pcapng = dir.resolve("lo.pcapng");
      List<Path> files = List.of(lo, any, pcapng);
      List<Process> captures = new ArrayList<>();
      try {
        captures.add(
            start(
                "tcpdump",
                "-i",
                "lo",
                "-U",
                "-n",
                "--time-stamp-precision=nano",
                "-w",
                lo.toString(),
                filter));
        captures.add(start("tcpdump", "-i", "any", "-U", "-n", "-w", any.toString(), filter));
        captures.add(
            start("tshark", "-i", "lo", "-F", "pcapng", "-w", pcapng.toString(), "-f", filter));
        awaitCapturing(probe, files);

        List<Flow> sent = new ArrayList<>();
        for (int[] exchange : EXCHANGES) {
          sent.add(exchange(v4, exchange[0], exchange[1]));
          sent.add(exchange(v6, exchange[1], exchange[0]));
        }
        // libpcap hands packets over a ring block at a time: stopping before the last block is
        // handed over would lose it, so first wait until each file holds every flow.
        await(files, flows -> flows.containsAll(sent));
        for (Process capture : captures) {
          stop(capture);
        }

        assertThat(flows(lo, LinkTypes.ETHERNET)).containsAll(sent);
        assertThat(flows(any, LinkTypes.LINUX_SLL2)).containsAll(sent);
        assertThat(flows(pcapng, LinkTypes.ETHERNET)).containsAll(sent);
        Path gzip =
            PcapWriter.write(dir.resolve("lo.pcap.gz"), PcapWriter.gzip(Files.readAllBytes(lo)));
        assertThat(flows(gzip, LinkTypes.ETHERNET)).containsAll(sent);
        for (Path file : List.of(lo, any, pcapng)) {
          assertThat(flows(file, -1))
              // A probe caught mid-stream (its SYN came before capturing began) has its roles
              // guessed, so the probe port may show on either side.
              .filteredOn(
                  f ->
                      f.serverPort() != probe.getLocalPort()
                          && f.clientPort() != probe.getLocalPort())
              .hasSize(sent.size());
        }
      } finally {
        captures.forEach(Process::destroyForcibly);
      }
    }
  }

  private static Process start(String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /**
   * The captures' own "listening" messages come before packets are really seen (tshark's by up to a
   * second), so the signal is a probe connection found whole in every file.
   */
  private void awaitCapturing(ServerSocket probe, List<Path> files) throws Exception {
    for (int attempt = 0; attempt < MAX_PROBES; attempt++) {
      Flow sent = exchange(probe, 1, 1);
      if (await(
          files,
          flows ->
              flows.stream()
                  .anyMatch(
                      f -> f.serverPort() == sent.serverPort() && f.opened() && f.closed()))) {
        return;
      }
    }
    throw new AssertionError("captures did not see a probe connection in " + MAX_PROBES + " tries");
  }

  /**
   * Waits, woken by file changes (inotify) and for at most 2 s, until every file decodes to flows
   * meeting {@code condition}; true if they do.
   */
  private boolean await(List<Path> files, Predicate<List<Flow>> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    try (WatchService watch = dir.getFileSystem().newWatchService()) {
      dir.register(
          watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
      while (!allMeet(files, condition)) {
        WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (key == null) {
          return false;
        }
        key.pollEvents();
        key.reset();
      }
      return true;
    }
  }

  private static boolean allMeet(List<Path> files, Predicate<List<Flow>> condition) {
    for (Path file : files) {
      try {
        if (!Files.exists(file) || !condition.test(flows(file, -1))) {
          return false;
        }
      } catch (IOException stillBeingWritten) {
        return false;
      }
    }
    return true;
  }

  /** SIGINT, so that the capture flushes what it holds, then waits for it to exit. */
  private static void stop(Process capture) throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(capture.pid()))
        .start()
        .waitFor(5, TimeUnit.SECONDS);
    assertThat(capture.waitFor(10, TimeUnit.SECONDS)).as("capture exits on SIGINT").isTrue();
  }

  /**
   * A server for probes on 127.0.0.1 whose port no other server here uses: ports are per address,
   * so ::1 and 127.0.0.1 can be given the same one, and the captures tell flows apart by port.
   */
  private static ServerSocket probeServer(int... taken) throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      ServerSocket probe = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
      if (IntStream.of(taken).noneMatch(port -> port == probe.getLocalPort())) {
        return probe;
      }
      probe.close();
    }
    throw new IOException("no free port for the probe server after 20 attempts");
  }

  /** One connection to {@code server}: the client sends, half-closes, the server answers. */
  private static Flow exchange(ServerSocket server, int toServer, int toClient) throws Exception {
    try (Socket client = new Socket()) {
      client.connect(server.getLocalSocketAddress(), 5_000);
      client.setSoTimeout(5_000);
      try (Socket accepted = server.accept()) {
        accepted.setSoTimeout(5_000);
        Thread reply =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        drain(accepted.getInputStream());
                        accepted.getOutputStream().write(new byte[toClient]);
                        accepted.shutdownOutput();
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
        client.getOutputStream().write(new byte[toServer]);
        client.shutdownOutput();
        assertThat(drain(client.getInputStream())).isEqualTo(toClient);
        assertThat(reply.join(java.time.Duration.ofSeconds(10))).isTrue();
      }
      return new Flow(server.getLocalPort(), client.getLocalPort(), toServer, toClient, true, true);
    }
  }

  private static long drain(InputStream in) throws IOException {
    return in.transferTo(OutputStream.nullOutputStream());
  }

  /**
   * Decodes a capture into flows: packets grouped by port pair, the client being the side that sent
   * the SYN without ACK (both ports are ephemeral here, so their order says nothing).
   *
   * @param linkType the link type every packet must have, or -1 for any
   */
  private static List<Flow> flows(Path file, int linkType) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    TcpSegment segment = new TcpSegment();
    RawPacket packet = new RawPacket();
    Map<String, long[]> flows = new TreeMap<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      while (reader.next(packet)) {
        assertThat(linkType < 0 || packet.linkType == linkType).as("link type").isTrue();
        assertThat(decoder.decode(packet, segment)).as("%s: %s", file, decoder.counters()).isTrue();
        int low = Math.min(segment.srcPort, segment.dstPort);
        int high = Math.max(segment.srcPort, segment.dstPort);
        // [0] bytes low->high, [1] bytes high->low, [2] SYN sides, [3] FIN sides, [4] client side
        long[] flow = flows.computeIfAbsent(segment.v6 + ":" + low + ":" + high, k -> new long[5]);
        int side = segment.srcPort == low ? 1 : 2;
        flow[side - 1] += segment.payloadLength;
        flow[2] |= segment.has(TcpSegment.SYN) ? side : 0;
        flow[3] |= segment.has(TcpSegment.FIN) ? side : 0;
        if (segment.has(TcpSegment.SYN) && !segment.has(TcpSegment.ACK)) {
          flow[4] = side;
        }
      }
    }
    List<Flow> result = new ArrayList<>();
    flows.forEach((key, flow) -> result.add(flow(key, flow)));
    return result;
  }

  private static Flow flow(String key, long[] flow) {
    String[] parts = key.split(":");
    int low = Integer.parseInt(parts[1]);
    int high = Integer.parseInt(parts[2]);
    boolean lowIsClient = flow[4] == 1;
    return new Flow(
        lowIsClient ? high : low,
        lowIsClient ? low : high,
        lowIsClient ? flow[0] : flow[1],
        lowIsClient ? flow[1] : flow[0],
        flow[2] == 3,
        flow[3] == 3);
  }
}
