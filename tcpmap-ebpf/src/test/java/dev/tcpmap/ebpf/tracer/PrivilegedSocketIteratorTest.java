package dev.tcpmap.ebpf.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The socket iterator on live loopback connections: bytes so far grow as data flows; sockets that
 * predate the tracer are seen with their roles, and their close is reported and counted.
 */
@Tag("privileged")
class PrivilegedSocketIteratorTest {
  private static final SocketTracer.Options OPTIONS =
      new SocketTracer.Options(65536, 1 << 20, 0, 4096);

  /** Two ends of one open connection. */
  record Pair(ServerSocket listener, Socket client, Socket server) implements AutoCloseable {
    static Pair open(String address) throws Exception {
      InetAddress host = InetAddress.getByName(address);
      ServerSocket listener = new ServerSocket(0, 5, host);
      Socket client = new Socket();
      client.connect(new InetSocketAddress(host, listener.getLocalPort()), 5000);
      Socket server = listener.accept();
      client.setSoTimeout(10_000);
      server.setSoTimeout(10_000);
      return new Pair(listener, client, server);
    }

    int clientPort() {
      return client.getLocalPort();
    }

    int serverPort() {
      return listener.getLocalPort();
    }

    /** Client sends {@code up}, server sends {@code down}, each side reads all of it. */
    void send(int up, int down) throws Exception {
      Loopback.write(client.getOutputStream(), up);
      Loopback.readExactly(server.getInputStream(), up);
      Loopback.write(server.getOutputStream(), down);
      Loopback.readExactly(client.getInputStream(), down);
    }

    @Override
    public void close() throws java.io.IOException {
      client.close();
      server.close();
      listener.close();
    }
  }

  @Test
  void iterate_openConnection_bytesGrow() throws Exception {
    Privileged.requireRoot();
    int pid = (int) ProcessHandle.current().pid();
    try (SocketTracer tracer = SocketTracer.open(OPTIONS);
        Pair pair = Pair.open("::1")) {
      int[][] steps = {{1000, 0}, {50_000, 777}, {0, 2_000_000}};
      long up = 0;
      long down = 0;
      for (int[] step : steps) {
        pair.send(step[0], step[1]);
        up += step[0];
        down += step[1];

        SocketRecord client = awaitLive(tracer, pair.clientPort(), pair.serverPort(), up, down);
        SocketRecord server = awaitLive(tracer, pair.serverPort(), pair.clientPort(), down, up);

        assertThat(client.role()).isEqualTo(Role.ACTIVE);
        assertThat(server.role()).isEqualTo(Role.PASSIVE);
        assertThat(client.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(client.pid()).isEqualTo(pid);
        assertThat(server.pid()).isEqualTo(pid);
        assertThat(client.startNanos()).isPositive().isLessThan(client.atNanos());
      }
      assertThat(tracer.iterate())
          .anyMatch(
              r ->
                  r.kind() == Kind.LISTENING
                      && r.localPort() == pair.serverPort()
                      && r.pid() == pid
                      && r.remotePort() == 0);
    }
  }

  @Test
  void iterateAndClose_socketsOlderThanTracer_rolesKnownStartUnknownCounted() throws Exception {
    Privileged.requireRoot();
    Pair pair = Pair.open("127.0.0.1");
    pair.send(300, 4000);
    List<SocketRecord> seen = new ArrayList<>();
    try (SocketTracer tracer = SocketTracer.open(OPTIONS)) {
      pair.send(20, 0);
      SocketRecord client = awaitLive(tracer, pair.clientPort(), pair.serverPort(), 320, 4000);
      SocketRecord server = awaitLive(tracer, pair.serverPort(), pair.clientPort(), 4000, 320);
      assertThat(client.role()).isEqualTo(Role.ACTIVE);
      assertThat(server.role()).isEqualTo(Role.PASSIVE);
      assertThat(client.startNanos()).isZero();
      assertThat(client.pid()).isZero();

      pair.client().close();
      Loopback.expectEnd(pair.server().getInputStream());
      pair.close();

      SocketRecord clientClosed =
          await(
              tracer,
              seen,
              PrivilegedSocketTracerTest.closed(pair.clientPort(), pair.serverPort()));
      SocketRecord serverClosed =
          await(
              tracer,
              seen,
              PrivilegedSocketTracerTest.closed(pair.serverPort(), pair.clientPort()));
      assertThat(clientClosed.role()).isEqualTo(Role.ACTIVE);
      assertThat(serverClosed.role()).isEqualTo(Role.PASSIVE);
      assertThat(clientClosed.startNanos()).isZero();
      assertThat(clientClosed.bytesSent()).isEqualTo(320);
      assertThat(clientClosed.bytesReceived()).isEqualTo(4000);
      assertThat(serverClosed.bytesSent()).isEqualTo(4000);
      assertThat(serverClosed.bytesReceived()).isEqualTo(320);
      assertThat(clientClosed.outcome()).isEqualTo(Outcome.CLOSED);
      assertThat(tracer.counters().get("untracked-close")).isGreaterThanOrEqualTo(2);
    }
  }

  /**
   * Iterates until the socket shows the expected bytes: the sender's count moves when the ACK
   * arrives, which may be delayed (bounded: 5 s).
   */
  private static SocketRecord awaitLive(
      SocketTracer tracer, int local, int remote, long sent, long received) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    SocketRecord last = null;
    while (System.nanoTime() < deadline) {
      Optional<SocketRecord> found =
          tracer.iterate().stream()
              .filter(
                  r -> r.kind() == Kind.LIVE && r.localPort() == local && r.remotePort() == remote)
              .findFirst();
      if (found.isPresent()) {
        last = found.get();
        if (last.bytesSent() == sent && last.bytesReceived() == received) {
          return last;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(
        "no LIVE record of port " + local + " with " + sent + "/" + received + "; last: " + last);
  }

  private static SocketRecord await(
      SocketTracer tracer, List<SocketRecord> seen, Predicate<SocketRecord> match) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<SocketRecord> found = seen.stream().filter(match).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      tracer.poll(Duration.ofMillis(100), seen::add);
    }
    throw new AssertionError("no matching record within 10 s");
  }
}
