package dev.tcpmap.ebpf.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import dev.tcpmap.ebpf.tracer.Loopback.Ending;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The socket tracer on real loopback connections made by this JVM: both ends of each connection,
 * exact payload bytes each way, roles, outcomes, pid and command. The host may carry other traffic,
 * so records are matched by the test's ports.
 */
@Tag("privileged")
class PrivilegedSocketTracerTest {
  private static final int[] SIZES = {0, 1, 100_000, 3_000_000};
  private static SocketTracer tracer;
  private static final List<SocketRecord> seen = new ArrayList<>();
  private static int pid;
  private static String comm;

  @BeforeAll
  static void open() throws Exception {
    Privileged.requireRoot();
    tracer = SocketTracer.open(new SocketTracer.Options(65536, 16 * 1024 * 1024, 64 * 1024, 4096));
    pid = (int) ProcessHandle.current().pid();
    comm = Files.readString(Path.of("/proc/self/comm")).strip();
  }

  @AfterAll
  static void close() {
    if (tracer != null) {
      tracer.close();
    }
  }

  record Case(String address, int up, int down, Ending ending) {
    @Override
    public String toString() {
      return address + " up " + up + " down " + down + " " + ending;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String address : List.of("127.0.0.1", "::1")) {
      for (Ending ending : Ending.values()) {
        for (int i = 0; i < SIZES.length; i++) {
          // every size each way, paired with a different size the other way
          cases.add(new Case(address, SIZES[i], SIZES[(i + 1) % SIZES.length], ending));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void connection_bothEndsClosed_exactBytesRolesOutcomes(Case c) throws Exception {
    InetAddress address = InetAddress.getByName(c.address());
    Loopback.Ports ports = Loopback.exchange(address, c.up(), c.down(), c.ending());

    SocketRecord client = await(closed(ports.client(), ports.server()));
    SocketRecord server = await(closed(ports.server(), ports.client()));

    Outcome expected = c.ending() == Ending.RESET ? Outcome.RESET : Outcome.CLOSED;
    assertThat(client.role()).isEqualTo(Role.ACTIVE);
    assertThat(server.role()).isEqualTo(Role.PASSIVE);
    assertThat(client.bytesSent()).as("client sent").isEqualTo(c.up());
    assertThat(client.bytesReceived()).as("client received").isEqualTo(c.down());
    assertThat(server.bytesSent()).as("server sent").isEqualTo(c.down());
    assertThat(server.bytesReceived()).as("server received").isEqualTo(c.up());
    assertThat(client.outcome()).as("client outcome").isEqualTo(expected);
    assertThat(server.outcome()).as("server outcome").isEqualTo(expected);
    for (SocketRecord r : List.of(client, server)) {
      assertThat(r.pid()).isEqualTo(pid);
      assertThat(r.command()).isEqualTo(comm);
      assertThat(r.local()).isEqualTo(IpAddress.parse(c.address()));
      assertThat(r.remote()).isEqualTo(IpAddress.parse(c.address()));
      assertThat(r.startNanos()).isPositive().isLessThanOrEqualTo(r.atNanos());
      assertThat(r.netns()).isEqualTo(ownNetns());
    }
    assertThat(await(opened(ports.client(), ports.server())).role()).isEqualTo(Role.ACTIVE);
    assertThat(await(opened(ports.server(), ports.client())).role()).isEqualTo(Role.PASSIVE);
  }

  @ParameterizedTest
  @MethodSource("addresses")
  void connect_closedPort_refused(String text) throws Exception {
    int clientPort = Loopback.refused(InetAddress.getByName(text));

    SocketRecord client = await(r -> r.kind() == Kind.CLOSED && r.localPort() == clientPort);

    assertThat(client.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(client.role()).isEqualTo(Role.ACTIVE);
    assertThat(client.bytesSent()).isZero();
    assertThat(client.bytesReceived()).isZero();
    assertThat(client.pid()).isEqualTo(pid);
    assertThat(seen).noneMatch(r -> r.kind() == Kind.OPENED && r.localPort() == clientPort);
  }

  static Stream<String> addresses() {
    return Stream.of("127.0.0.1", "::1");
  }

  static Predicate<SocketRecord> closed(int local, int remote) {
    return r -> r.kind() == Kind.CLOSED && r.localPort() == local && r.remotePort() == remote;
  }

  static Predicate<SocketRecord> opened(int local, int remote) {
    return r -> r.kind() == Kind.OPENED && r.localPort() == local && r.remotePort() == remote;
  }

  /** Polls until a record matches; bounded (10 s). */
  static SocketRecord await(Predicate<SocketRecord> match) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Optional<SocketRecord> found = seen.stream().filter(match).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      assertThat(System.nanoTime()).as("no matching record within 10 s").isLessThan(deadline);
      tracer.poll(Duration.ofMillis(100), seen::add);
    }
  }

  static long ownNetns() throws java.io.IOException {
    String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
  }
}
