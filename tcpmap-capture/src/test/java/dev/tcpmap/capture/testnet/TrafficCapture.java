package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.track.TrackerConfig;
import dev.tcpmap.core.testing.Privileged;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a {@link Scenario} across a {@link TestNetwork} while tcpdump records side A's veth end.
 *
 * <p>For each side with clients, one {@link TrafficPeer} client runs there and one server on the
 * other side (started first, and waited for until it listens). The capture is stopped only after
 * every client has exited and every server connection has ended, so the file holds each
 * connection's last packet. All waits are bounded by {@code limit}; every process is killed on the
 * way out.
 */
public final class TrafficCapture {
  /**
   * The tracker's defaults but a 1 s connect timeout, for analysing these captures: a capture ends
   * a few seconds after the unanswered SYN (the client gives up after 1.5 s), sooner than the
   * default 20 s after which the tracker calls an unanswered SYN a timeout rather than unknown.
   */
  public static final TrackerConfig TRACKER_CONFIG =
      new TrackerConfig(
          TrackerConfig.defaults().idleTimeout(),
          Duration.ofSeconds(1),
          TrackerConfig.defaults().maxTracked());

  /** Skips (in CI: fails) the calling test unless it is root with ip, ethtool, tcpdump, tshark. */
  public static void requireTools() {
    Privileged.requireRoot();
    for (String command : List.of("ip", "ethtool", "tcpdump", "tshark")) {
      Privileged.requireCommand(command);
    }
  }

  private TrafficCapture() {}

  /**
   * The result of a run.
   *
   * @param expected what an observer of {@code file} must report, one per plan
   * @param reports what the clients reported
   * @param pids the process id of each peer by role and side ({@code client-A}, {@code server-B})
   */
  public record Result(
      Path file,
      List<ExpectedConnection> expected,
      List<ConnectionReport> reports,
      Tcpdump.Stats tcpdump,
      Map<String, Long> pids) {

    /** What a tool that made a capture prints: file, size, packets, kernel drops, connections. */
    public String summary() throws IOException {
      return "%s: %d bytes, %d packets (%d dropped by the kernel), %d connections"
          .formatted(
              file,
              Files.size(file),
              tcpdump.captured(),
              tcpdump.droppedByKernel(),
              expected.size());
    }
  }

  /**
   * Captures {@link Scenario#standard} in a network of its own (3 hosts on side A, 2 on side B)
   * into {@code pcap}, four connections at a time; the network is gone when this returns.
   */
  public static Result runStandard(Path pcap) throws IOException, InterruptedException {
    try (TestNetwork network = TestNetwork.create(3, 2)) {
      return runStandard(network, pcap);
    }
  }

  /** Captures {@link Scenario#standard} in {@code network}, four connections at a time. */
  public static Result runStandard(TestNetwork network, Path pcap)
      throws IOException, InterruptedException {
    return run(network, Scenario.standard(network), pcap, 4, Duration.ofMinutes(2));
  }

  /** Runs {@code scenario} with up to {@code parallel} connections per client at a time. */
  public static Result run(
      TestNetwork network, Scenario scenario, Path pcap, int parallel, Duration limit)
      throws IOException, InterruptedException {
    return run(network, scenario, pcap, parallel, limit, n -> {});
  }

  /** More traffic in the same capture, made once the scenario's connections are done. */
  @FunctionalInterface
  public interface Then {
    void run(TestNetwork network) throws IOException, InterruptedException;
  }

  /** As {@link #run(TestNetwork, Scenario, Path, int, Duration)}, then {@code then}. */
  public static Result run(
      TestNetwork network, Scenario scenario, Path pcap, int parallel, Duration limit, Then then)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("tcpmap-traffic");
    List<PeerProcess> peers = new ArrayList<>();
    try (Tcpdump tcpdump = Tcpdump.start(network, Side.A, pcap)) {
      Map<Side, PeerProcess> servers = new EnumMap<>(Side.class);
      Map<Side, PeerProcess> clients = new EnumMap<>(Side.class);
      for (Side side : Side.values()) {
        if (!scenario.clientsOn(network, side).isEmpty()) {
          servers.put(side.other(), startServer(network, scenario, side.other(), work, peers));
        }
      }
      for (Side side : Side.values()) {
        List<ConnectionPlan> plans = scenario.clientsOn(network, side);
        if (!plans.isEmpty()) {
          clients.put(side, startClient(network, side, plans, parallel, limit, work, peers));
        }
      }
      List<ConnectionReport> reports = awaitClients(clients.values(), limit);
      for (Map.Entry<Side, PeerProcess> server : servers.entrySet()) {
        awaitServer(network, scenario, server.getKey(), server.getValue(), limit);
      }
      then.run(network);
      Tcpdump.Stats stats = tcpdump.stop(network);
      Map<String, Long> pids = new TreeMap<>();
      servers.forEach((side, peer) -> pids.put("server-" + side, peer.pid()));
      clients.forEach((side, peer) -> pids.put("client-" + side, peer.pid()));
      return new Result(pcap, scenario.expected(reports), reports, stats, pids);
    } finally {
      for (PeerProcess peer : peers) {
        peer.close();
      }
      deleteTree(work);
    }
  }

  private static List<ConnectionReport> awaitClients(Iterable<PeerProcess> clients, Duration limit)
      throws IOException, InterruptedException {
    List<ConnectionReport> reports = new ArrayList<>();
    for (PeerProcess client : clients) {
      for (String line : client.awaitExit(limit)) {
        if (ConnectionReport.isReport(line)) {
          reports.add(ConnectionReport.parse(line));
        }
      }
    }
    reports.sort(Comparator.comparingInt(ConnectionReport::id));
    return reports;
  }

  private static PeerProcess startServer(
      TestNetwork network, Scenario scenario, Side side, Path work, List<PeerProcess> peers)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(List.of("server", "--control", control(work, side).toString()));
    for (InetSocketAddress address : scenario.listenersOn(network, side)) {
      args.addAll(List.of("--listen", TrafficPeer.listenArgument(address)));
    }
    PeerProcess server = PeerProcess.start(network, side, "server-" + side, args, work);
    peers.add(server);
    server.awaitLines("ready"::equals, 1, Duration.ofSeconds(30));
    return server;
  }

  private static PeerProcess startClient(
      TestNetwork network,
      Side side,
      List<ConnectionPlan> plans,
      int parallel,
      Duration limit,
      Path work,
      List<PeerProcess> peers)
      throws IOException {
    Path planFile = work.resolve("plans-" + side + ".txt");
    Files.write(planFile, plans.stream().map(ConnectionPlan::toLine).toList());
    List<String> args =
        List.of(
            "client",
            "--control",
            control(work, side.other()).toString(),
            "--plans",
            planFile.toString(),
            "--parallel",
            String.valueOf(parallel),
            "--limit-seconds",
            String.valueOf(limit.toSeconds()));
    PeerProcess client = PeerProcess.start(network, side, "client-" + side, args, work);
    peers.add(client);
    return client;
  }

  /**
   * Waits for one {@code done}/{@code fail} line per connecting plan, then tells the server to
   * stop; any failure throws.
   */
  private static void awaitServer(
      TestNetwork network, Scenario scenario, Side side, PeerProcess server, Duration limit)
      throws IOException, InterruptedException {
    int connecting =
        (int)
            scenario.clientsOn(network, side.other()).stream()
                .filter(p -> p.ending().connects())
                .count();
    List<String> ended =
        server.awaitLines(l -> l.startsWith("done ") || l.startsWith("fail "), connecting, limit);
    List<String> failed = ended.stream().filter(l -> l.startsWith("fail ")).toList();
    if (!failed.isEmpty()) {
      throw new IOException(
          "server on side "
              + side
              + " failed "
              + failed.size()
              + " connections: "
              + failed.subList(0, Math.min(5, failed.size())));
    }
    server.closeInput();
  }

  private static Path control(Path work, Side serverSide) {
    return work.resolve("control-" + serverSide + ".sock");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
