package dev.tcpmap.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.testnet.ConnectionPlan;
import dev.tcpmap.capture.testnet.Ending;
import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.Scenario;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.capture.testnet.Tuples;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.ebpf.TracerSettings;
import dev.tcpmap.ebpf.TracerSourceFactory;
import dev.tcpmap.packet.PacketCaptureFactory;
import dev.tcpmap.server.cli.ConfigTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live agent with the real eBPF socket tracer, watching real connections between two network
 * namespaces joined by a veth pair: every planned connection is reported exactly once, with its
 * exact payload bytes each way, its roles, its outcome and the processes at both ends; a long-lived
 * one shows its traffic while it is open.
 */
@Tag("privileged")
class PrivilegedAgentTrafficTest {
  private static final int LONG_PORT = 7070;
  private static final Duration LONG_HOLD = Duration.ofSeconds(4);

  @TempDir Path work;

  @Test
  void everyConnectionBetweenNamespacesOnceExactWithItsProcesses() throws Exception {
    TrafficCapture.requireTools();
    Configuration config =
        Configuration.load(
            ConfigTable.AREAS,
            Map.of(
                "tracer.iterate-every",
                "500ms",
                "store.data-dir",
                "none",
                "capture.interfaces",
                "none"),
            Map.of());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Agent agent =
        Agent.start(
            config,
            Map.of(),
            new TracerSourceFactory().open(config.get(TracerSettings.AREA).tracer()),
            PacketCaptureFactory.live(),
            InstantSource.system(),
            new PrintStream(log, true, StandardCharsets.UTF_8),
            "test");
    TrafficCapture.Result result;
    Map<Long, Connection> seenOpen = new ConcurrentHashMap<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    try (TestNetwork network = TestNetwork.create(3, 2)) {
      Scenario scenario = withLongLived(network);
      Thread watcher =
          Thread.ofVirtual()
              .start(
                  () -> {
                    // Open records of the long-lived connection, as the API would show them.
                    while (watching.get()) {
                      for (Connection c : agent.snapshot().connections()) {
                        if (c.serverPort() == LONG_PORT && c.outcome() == Outcome.OPEN) {
                          seenOpen.put(c.bytesSent() + c.bytesReceived(), c);
                        }
                      }
                      sleep(Duration.ofMillis(100));
                    }
                  });
      result =
          TrafficCapture.run(
              network, scenario, work.resolve("traffic.pcap"), 4, Duration.ofMinutes(2));
      // Held closes wait two seconds for a partner; then a snapshot is at most 250 ms old.
      sleep(Duration.ofSeconds(3));
      watching.set(false);
      watcher.join();
      agent.stop();

      // Only what this test made: connections whose client socket is in one of its namespaces.
      Set<Long> ours = Set.of(network.netns(Side.A), network.netns(Side.B));
      List<Connection> observed =
          agent.snapshot().connections().stream()
              .filter(c -> ours.contains(c.details().client().netns()))
              .toList();
      assertThat(observed).as("agent log: %s", log).hasSize(result.expected().size());
      assertThat(
              ExpectedConnection.problems(
                  result.expected(),
                  observed,
                  Tuples::of,
                  (e, c) -> mismatch(e, c, network, result.pids())))
          .as("agent log: %s", log)
          .isEmpty();
      // The whole host's losses: a connection of another process that predates the agent (on a
      // shared machine there are always some) gets a history baseline; the test's own connections
      // were all seen from their start (checked above), so no other loss may be there. Nor may
      // a container of another process that ended before its cgroup was read: the test's own
      // processes are in no container.
      assertThat(agent.status().counts().losses())
          .allSatisfy(
              (reason, count) ->
                  assertThat(reason).isIn("history/baseline", "tracer/container-unknown"));
    }
    ExpectedConnection longLived =
        result.expected().stream().filter(e -> e.serverPort() == LONG_PORT).findFirst().get();
    assertThat(seenOpen.keySet())
        .as("bytes of the long-lived connection while it was open")
        .contains(longLived.bytesSent() + longLived.bytesReceived());
    Files.deleteIfExists(result.file());
  }

  /** The standard scenario plus one connection that stays open after its exchange. */
  private static Scenario withLongLived(TestNetwork network) {
    List<ConnectionPlan> plans = new ArrayList<>(Scenario.standard(network).plans());
    plans.add(
        new ConnectionPlan(
            plans.size(),
            Ending.CLIENT_CLOSE,
            network.v4(Side.A, 1),
            network.v4(Side.B, 1),
            LONG_PORT,
            250_000,
            1_000_000,
            1,
            0,
            LONG_HOLD.toMillis()));
    return new Scenario(plans);
  }

  private static String mismatch(
      ExpectedConnection e, Connection c, TestNetwork network, Map<String, Long> pids) {
    if (c.bytesSent() != e.bytesSent() || c.bytesReceived() != e.bytesReceived()) {
      return "bytes "
          + c.bytesSent()
          + "/"
          + c.bytesReceived()
          + ", expected "
          + e.bytesSent()
          + "/"
          + e.bytesReceived();
    }
    if (c.outcome() != e.outcome()) {
      return "outcome " + c.outcome() + ", expected " + e.outcome();
    }
    if (!c.startSeen()) {
      return "start not seen";
    }
    long clientPid = pids.get("client-" + network.sideOf(e.client()));
    ProcessInfo client = c.details().client();
    if (client.pid() != clientPid || !client.command().equals("java")) {
      return "client process " + client + ", expected java " + clientPid;
    }
    Side serverSide = network.sideOf(e.server());
    boolean serverSocketExists = e.outcome() != Outcome.REFUSED && e.outcome() != Outcome.TIMEOUT;
    ProcessInfo server = c.details().server();
    if (serverSocketExists) {
      long serverPid = pids.get("server-" + serverSide);
      if (server.pid() != serverPid || !server.command().equals("java")) {
        return "server process " + server + ", expected java " + serverPid;
      }
      if (server.netns() == client.netns()) {
        return "both ends in one network namespace: " + client + ", " + server;
      }
    } else if (server.isKnown()) {
      return "server process " + server + " for a connection without a server socket";
    }
    return null;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
