package dev.tcpmap.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.packet.linux.InNamespace;
import dev.tcpmap.packet.linux.PacketException;
import dev.tcpmap.packet.linux.RingConfig;
import dev.tcpmap.packet.linux.TestLinks;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A new "pod" under a running capture whose periodic rescan is an hour away: only the kernel's link
 * notification can find its veth. Each pod is a veth pair between the test's "node" namespace (side
 * A, where capture runs and selects {@code tmpod*}) and its "pod" namespace (side B), with the
 * subnet 198.18.N.0/30 (RFC 2544's benchmark range, used nowhere else here). Right after the node
 * end is set up, the pod sends DNS answers (UDP from port 53: the kernel filter passes them) to the
 * node end, one every {@value #RESEND_MILLIS} ms until the sink reports one. Reported per pod: how
 * long after the start of the "up" the ring was open, and which try was the first captured.
 *
 * <p>Half the pods are set up with {@code ip link set … up} (what a CNI plugin does, through
 * netlink); there the figure includes starting and reaping the {@code ip} process. The other half
 * are set up with one {@code SIOCSIFFLAGS} call from the JVM ({@link TestLinks}), timed from just
 * before the system call in which the kernel sends the notification: the capture's own latency.
 *
 * <pre>
 *  node namespace (A)                       pod namespace (B)
 *  tmpodN 198.18.N.1/30 ◀── veth ──▶ tmpeerN 198.18.N.2/30
 *  LiveCapture (tmpod*, rescan 1 h)         DNS answers from :53, id = try number
 * </pre>
 */
@Tag("privileged")
class PrivilegedNewPodCaptureTest {
  private static final int PODS = 10;
  private static final int RESEND_MILLIS = 5;
  private static final int MAX_TRIES = 2_000; // 10 s: far beyond the milliseconds it takes
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * What one pod start measured.
   *
   * @param how "ip link set up" or "SIOCSIFFLAGS"
   * @param upNanos how long the "up" took: the command, or the system call until the test thread
   *     had its result
   * @param openedNanos from the start of the "up" to the ring being open
   * @param firstCapturedTry the first DNS answer captured (1: the one sent right after the "up")
   */
  record Start(int pod, String how, long upNanos, long openedNanos, int firstCapturedTry) {
    @Override
    public String toString() {
      return "pod %d: %s took %.2f ms; ring open %.2f ms after its start; first captured: try %d"
          .formatted(pod, how, upNanos / 1e6, openedNanos / 1e6, firstCapturedTry);
    }
  }

  @Test
  void newVeth_upUnderRunningCapture_capturedThroughTheLinkNotification() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("ip");
    List<Start> starts = new ArrayList<>();
    try (CaptureLog log = CaptureLog.attach();
        TestNetwork network = TestNetwork.create(1, 1)) {
      AnswerSink sink = new AnswerSink();
      CaptureConfig config = config(network, Duration.ofHours(1));
      try (LiveCapture capture = LiveCapture.start(config, sink);
          DatagramSocket pods =
              InNamespace.call(
                  network.namespace(Side.B), () -> new DatagramSocket(new InetSocketAddress(53)))) {
        assertThat(capture.notificationsUnavailable()).isEmpty();
        assertThat(capture.status()).isEmpty();
        for (int pod = 0; pod < PODS; pod++) {
          starts.add(startPod(network, pod, pod % 2 == 0, log, sink, pods));
        }
        assertThat(capture.status())
            .hasSize(PODS)
            .extracting(InterfaceStatus::state)
            .containsOnly(InterfaceStatus.State.CAPTURING);
      }
      assertThat(sink.lost).isEmpty();
    }
    // The measurement, for the record (surefire keeps it in target/surefire-reports).
    starts.forEach(System.out::println);
  }

  @Test
  void newVeth_notificationsUnavailable_saysSoOnceAndTheRescanFindsIt() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("ip");
    String refused = "cannot open a netlink socket for link notifications: Operation not permitted";
    try (CaptureLog log = CaptureLog.attach();
        TestNetwork network = TestNetwork.create(1, 1)) {
      CaptureConfig config = config(network, Duration.ofMillis(200));
      try (LiveCapture capture =
          LiveCapture.start(
              config,
              new PrivilegedInterfaceRescanTest.CountingSink(),
              () -> {
                throw new PacketException(PacketException.Kind.SOCKET_FAILED, 1, refused);
              })) {
        String a = network.namespace(Side.A);
        ip(a, "link add tmpod0 type veth peer name tmpeer0");
        ip(a, "link set tmpod0 up");
        log.opened("tmpod0").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        String problem = "no link notifications, new interfaces wait for the rescan every 200ms: ";
        assertThat(capture.notificationsUnavailable()).hasValue(problem + refused);
        assertThat(log.lines()).containsOnlyOnce(problem + refused);
      }
    }
  }

  private static Start startPod(
      TestNetwork network,
      int pod,
      boolean ipCommand,
      CaptureLog log,
      AnswerSink sink,
      DatagramSocket pods)
      throws Exception {
    String node = network.namespace(Side.A);
    String other = network.namespace(Side.B);
    String nodeEnd = "tmpod" + pod;
    String podEnd = "tmpeer" + pod;
    ip(node, "link add %s type veth peer name %s netns %s".formatted(nodeEnd, podEnd, other));
    ip(node, "addr add 198.18.%d.1/30 dev %s".formatted(pod, nodeEnd));
    ip(other, "addr add 198.18.%d.2/30 dev %s".formatted(pod, podEnd));
    ip(other, "link set %s up".formatted(podEnd));
    InetAddress target = InetAddress.getByName("198.18.%d.1".formatted(pod));
    CompletableFuture<Integer> captured = sink.expect(target);

    long before = System.nanoTime();
    if (ipCommand) {
      ip(node, "link set %s up".formatted(nodeEnd));
    } else {
      before = InNamespace.call(node, () -> TestLinks.up(nodeEnd));
    }
    long after = System.nanoTime();
    for (int tries = 1; tries <= MAX_TRIES && !captured.isDone(); tries++) {
      pods.send(new DatagramPacket(answer(tries), 12, new InetSocketAddress(target, 5353)));
      try {
        captured.get(RESEND_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // not captured yet: the next try
      }
    }
    assertThat(captured).as("a DNS answer to %s captured", nodeEnd).isDone();
    long opened = log.opened(nodeEnd).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    String how = ipCommand ? "ip link set up" : "SIOCSIFFLAGS";
    return new Start(pod, how, after - before, opened - before, captured.get());
  }

  /** A 12-byte DNS answer header: id {@code id}, QR set, no error, no records. */
  private static byte[] answer(int id) {
    return ByteBuffer.allocate(12).putShort((short) id).putShort((short) 0x8180).array();
  }

  /**
   * Rings of 64 small blocks: the answers come every 5 ms and each fills a block only until its 20
   * ms timeout, so a ring of two 512 KiB blocks dropped answers whenever the capture thread waited
   * more than ~40 ms for a core (it did, at load 15 on 2 cores); 64 blocks tolerate more than a
   * second of that. Drops stay an error here: they are the test's own packets.
   */
  private static CaptureConfig config(TestNetwork network, Duration rescan) {
    return CaptureConfig.of(InterfaceSelection.parse("tmpod*"))
        .withRescanPeriod(rescan)
        .withRing(new RingConfig(64 << 10, 64, RingConfig.DEFAULT.blockTimeoutMillis(), 2048))
        .inNamespace(Path.of("/run/netns", network.namespace(Side.A)));
  }

  private static void ip(String namespace, String args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace));
    argv.addAll(List.of(args.split(" ")));
    Commands.run(Duration.ofSeconds(20), argv);
  }

  /**
   * Completes, per destination address, with the id of the first DNS answer captured to it (frames
   * are Ethernet, IPv4, UDP from port 53).
   */
  static final class AnswerSink implements PacketSink {
    private final Map<InetAddress, CompletableFuture<Integer>> expected = new ConcurrentHashMap<>();
    final List<String> lost = new java.util.concurrent.CopyOnWriteArrayList<>();

    CompletableFuture<Integer> expect(InetAddress destination) {
      return expected.computeIfAbsent(destination, d -> new CompletableFuture<>());
    }

    @Override
    public void packet(RawPacket p) {
      byte[] frame = new byte[p.capturedLength];
      java.lang.foreign.MemorySegment.copy(
          p.data, ValueLayout.JAVA_BYTE, p.dataOffset, frame, 0, frame.length);
      ByteBuffer b = ByteBuffer.wrap(frame);
      if (frame.length < 14 + 20 + 8 + 12 || b.getShort(12) != 0x0800 || b.get(23) != 17) {
        return;
      }
      int udp = 14 + (b.get(14) & 0xf) * 4;
      if (frame.length < udp + 8 + 12 || b.getShort(udp) != 53) {
        return;
      }
      try {
        InetAddress destination =
            InetAddress.getByAddress(java.util.Arrays.copyOfRange(frame, 30, 34));
        CompletableFuture<Integer> future = expected.get(destination);
        if (future != null) {
          future.complete(b.getShort(udp + 8) & 0xffff);
        }
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void lost(String source, long count) {
      lost.add(source + " " + count);
    }
  }

  /**
   * The capture's log lines, and per interface the {@link System#nanoTime()} at which capture
   * logged it as capturing — on the capture thread, right after the ring opened.
   */
  static final class CaptureLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.tcpmap.packet");
    private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Long>> opened = new ConcurrentHashMap<>();

    static CaptureLog attach() {
      CaptureLog log = new CaptureLog();
      log.logger.addHandler(log);
      return log;
    }

    CompletableFuture<Long> opened(String name) {
      return opened.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    List<String> lines() {
      return lines;
    }

    @Override
    public void publish(LogRecord record) {
      long now = System.nanoTime();
      String line =
          record.getParameters() == null
              ? record.getMessage()
              : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
      lines.add(line);
      if (line.startsWith("capture on ") && line.endsWith(": capturing")) {
        opened(line.substring("capture on ".length(), line.length() - ": capturing".length()))
            .complete(now);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
