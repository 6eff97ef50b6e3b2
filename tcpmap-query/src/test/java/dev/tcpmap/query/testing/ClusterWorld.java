package dev.tcpmap.query.testing;

import static dev.tcpmap.core.testing.TestConnections.T0;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small cluster for fan-out tests. Five nodes: {@code node-a} and {@code node-b} run agents that
 * answer, {@code node-c}'s agent is down, {@code node-d}'s is hung, {@code node-e} has none.
 *
 * <pre>
 *   web-1 (a) ──▶ svc api 10.96.0.10:80 ──DNAT──▶ api-7:8080 (b)   2 connections
 *       agent a: client side web-1 → svc.api:80;  agent b: server side web-1 → api-7:8080
 *   web-1 (a) ──▶ cache-1:6379 (a)                                  1, both ends on a
 *   batch-1 (c, agent down) ──▶ api-7:8080                          1, only b saw it
 *   cron-1 (e, no agent)    ──▶ api-7:8080                          1, only b saw it
 *   worker-1 (d, agent hung) ──▶ api-7:8080                         1, only b saw it
 *   203.0.113.9 (external)  ──▶ api-7:8080                          1, only b saw it
 *   api-7 (b) ──▶ 198.51.100.1:443 (external)                       1, client side on b
 * </pre>
 *
 * Merged once each: 8 connections on 7 edges; {@code web-1 → api-7} is not among them.
 */
public final class ClusterWorld {
  public static final Instant NOW = T0.plus(Duration.ofHours(1));

  public static final Endpoint WEB =
      pod("10.1.0.1", "web-1", "shop", "Deployment", "web", "node-a");
  public static final Endpoint CACHE =
      pod("10.1.0.2", "cache-1", "shop", "StatefulSet", "cache", "node-a");
  public static final Endpoint SVC =
      new Endpoint(IpAddress.parse("10.96.0.10"), Kind.SERVICE, "api", "shop");
  public static final Endpoint API =
      pod("10.2.0.7", "api-7", "shop", "Deployment", "api", "node-b");
  public static final Endpoint BATCH = pod("10.3.0.1", "batch-1", "jobs", "Job", "batch", "node-c");
  public static final Endpoint WORKER =
      pod("10.4.0.1", "worker-1", "jobs", "Deployment", "worker", "node-d");
  public static final Endpoint CRON =
      pod("10.5.0.1", "cron-1", "jobs", "CronJob", "cron", "node-e");
  public static final Endpoint OUTSIDE = Endpoint.ofIp(IpAddress.parse("203.0.113.9"));
  public static final Endpoint STRIPE = Endpoint.ofIp(IpAddress.parse("198.51.100.1"));

  private static final List<Endpoint> ALL =
      List.of(WEB, CACHE, SVC, API, BATCH, WORKER, CRON, OUTSIDE, STRIPE);

  /** The Kubernetes view every agent shares. */
  public static final Resolver NAMES =
      (ip, at) -> ALL.stream().filter(e -> e.ip().equals(ip)).findFirst().orElse(Endpoint.ofIp(ip));

  /** What an agent keeps: its records named as the aggregator names them, with {@link #NAMES}. */
  private static Snapshot snapshot(
      List<Connection> connections, Map<String, Long> losses, Instant asOf) {
    return Snapshot.of(connections, NAMES, losses, asOf, List.of(), List.of());
  }

  private static final ProcessInfo CURL = new ProcessInfo(100, "curl", 4026531840L);
  private static final ProcessInfo SERVER = new ProcessInfo(200, "api", 4026532000L);

  /** What agent a observed: the client ends of its pods' connections. */
  public static final Snapshot NODE_A =
      snapshot(
          List.of(
              client(WEB, 40001, SVC, 80, 0, 1500),
              client(WEB, 40002, SVC, 80, 2, 12_250),
              both(WEB, 40003, CACHE, 6379, 3, 5)),
          Map.of("tracer/ring-buffer-full", 3L),
          NOW);

  /** What agent b observed: the server ends of api-7's connections, and one client end. */
  public static final Snapshot NODE_B =
      snapshot(
          List.of(
              server(WEB, 40001, API, 8080, 0, 1500),
              server(WEB, 40002, API, 8080, 2, 12_250),
              server(BATCH, 50000, API, 8080, 4, 100),
              server(CRON, 50001, API, 8080, 5, 100),
              server(WORKER, 50002, API, 8080, 6, 100),
              server(OUTSIDE, 50003, API, 8080, 7, 100),
              client(API, 41000, STRIPE, 443, 8, 300)),
          Map.of("tracer/ring-buffer-full", 1L, "agent/close-missed", 2L),
          NOW.minusSeconds(1));

  private ClusterWorld() {}

  private static Endpoint pod(
      String ip, String name, String namespace, String kind, String workload, String node) {
    return new Endpoint(
        IpAddress.parse(ip), Kind.POD, name, namespace, new Workload(kind, workload), node);
  }

  private static Connection client(
      Endpoint client, int port, Endpoint server, int serverPort, int startS, long ms) {
    return connection(client, port, server, serverPort, startS, ms, CURL, ProcessInfo.UNKNOWN);
  }

  private static Connection server(
      Endpoint client, int port, Endpoint server, int serverPort, int startS, long ms) {
    return connection(client, port, server, serverPort, startS, ms, ProcessInfo.UNKNOWN, SERVER);
  }

  private static Connection both(
      Endpoint client, int port, Endpoint server, int serverPort, int startS, long ms) {
    return connection(client, port, server, serverPort, startS, ms, CURL, SERVER);
  }

  private static Connection connection(
      Endpoint client,
      int port,
      Endpoint server,
      int serverPort,
      int startS,
      long ms,
      ProcessInfo clientProcess,
      ProcessInfo serverProcess) {
    return new Connection(
        client.ip(),
        port,
        server.ip(),
        serverPort,
        T0.plusSeconds(startS),
        Duration.ofMillis(ms),
        100,
        1000,
        Outcome.CLOSED,
        true,
        new SocketDetails(clientProcess, serverProcess, 0, 0));
  }

  /** A directory of fixed peers, naming {@code self} as this agent. */
  public static PeerDirectory directory(String self, Peer... peers) {
    return PeerDirectory.of(List.of(peers), self);
  }

  /** A loopback port nothing listens on (bound, then released). */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A peer that accepts connections and never answers: a hung agent. */
  public static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public SilentServer() {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    accepted.add(socket.accept());
                  }
                } catch (IOException e) {
                  // closed
                }
              });
    }

    public int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
