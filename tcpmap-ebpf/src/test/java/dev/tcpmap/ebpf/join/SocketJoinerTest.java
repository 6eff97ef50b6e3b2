package dev.tcpmap.ebpf.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.ebpf.cgroup.ContainerNames;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketJoinerTest {
  private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
  private static final long SEC = 1_000_000_000L;
  private static final long BASE = 1_000 * SEC;
  private static final long NS1 = 4026531840L;
  private static final long NS2 = 4026532001L;
  private static final long CLIENT_CGROUP = 7001;
  private static final long SERVER_CGROUP = 7002;

  private final List<Event> events = new ArrayList<>();
  private SocketJoiner joiner = joiner(1000);

  private SocketJoiner joiner(int max) {
    return new SocketJoiner(
        events::add, new MonotonicClock(T0, BASE), SocketJoiner.DEFAULT_GRACE, max);
  }

  /** A socket's records: one side of a connection, its tuple from its own side. */
  private record Sock(
      long id, long netns, String local, int localPort, String remote, int remotePort, Role role) {

    SocketRecord at(Kind kind, long atSec, long sent, long received, Outcome outcome) {
      return new SocketRecord(
          kind,
          id,
          netns,
          IpAddress.parse(local),
          localPort,
          IpAddress.parse(remote),
          remotePort,
          role,
          role == Role.UNKNOWN ? 0 : BASE + (role == Role.ACTIVE ? 0 : SEC / 1000),
          BASE + atSec * SEC,
          sent,
          received,
          outcome,
          3,
          250,
          serves() ? 200 : 100,
          serves() ? "server" : "client",
          serves() ? SERVER_CGROUP : CLIENT_CGROUP);
    }

    /** Whether its process is the server: by role, else (a predating socket) by an even id. */
    boolean serves() {
      return role == Role.PASSIVE || (role == Role.UNKNOWN && id % 2 == 0);
    }

    SocketRecord opened(long atSec) {
      return at(Kind.OPENED, atSec, 0, 0, Outcome.OPEN);
    }

    SocketRecord closed(long atSec, long sent, long received) {
      return at(Kind.CLOSED, atSec, sent, received, Outcome.CLOSED);
    }

    SocketRecord live(long atSec, long sent, long received) {
      return at(Kind.LIVE, atSec, sent, received, Outcome.OPEN);
    }

    Sock as(Role newRole) {
      return new Sock(id, netns, local, localPort, remote, remotePort, newRole);
    }
  }

  private static Sock client(long id, long netns, String local, String remote) {
    return new Sock(id, netns, local, 40_000, remote, 8080, Role.ACTIVE);
  }

  private static Sock server(long id, long netns, String local, String remote) {
    return new Sock(id, netns, local, 8080, remote, 40_000, Role.PASSIVE);
  }

  private static SocketRecord listening(long netns, int port) {
    return new SocketRecord(
        Kind.LISTENING,
        99,
        netns,
        IpAddress.parse("0.0.0.0"),
        port,
        IpAddress.parse("0.0.0.0"),
        0,
        Role.PASSIVE,
        0,
        BASE,
        0,
        0,
        Outcome.OPEN,
        0,
        0,
        200,
        "server",
        SERVER_CGROUP);
  }

  private final Sock loClient = client(1, NS1, "127.0.0.1", "127.0.0.1");
  private final Sock loServer = server(2, NS1, "127.0.0.1", "127.0.0.1");

  private <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private List<Connection> closedConnections() {
    return of(ConnectionClosed.class).stream().map(ConnectionClosed::connection).toList();
  }

  private void openBoth() {
    joiner.accept(loClient.opened(0));
    joiner.accept(loServer.opened(0));
  }

  @Test
  void pair_clientClosesFirst_isOneConnectionWithTheClientsNumbersAndBothProcesses() {
    openBoth();
    joiner.accept(loClient.closed(5, 100, 2000));
    assertThat(closedConnections()).isEmpty();

    joiner.accept(loServer.closed(5, 2001, 99));

    assertThat(of(ConnectionOpened.class)).hasSize(1);
    Connection c = closedConnections().getFirst();
    assertThat(closedConnections()).hasSize(1);
    assertThat(c.client()).hasToString("127.0.0.1");
    assertThat(c.clientPort()).isEqualTo(40_000);
    assertThat(c.serverPort()).isEqualTo(8080);
    assertThat(c.bytesSent()).isEqualTo(100);
    assertThat(c.bytesReceived()).isEqualTo(2000);
    assertThat(c.start()).isEqualTo(T0);
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.startSeen()).isTrue();
    assertThat(c.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(c.details().client()).isEqualTo(new ProcessInfo(100, "client", NS1));
    assertThat(c.details().server()).isEqualTo(new ProcessInfo(200, "server", NS1));
    assertThat(joiner.size()).isZero();
  }

  /** Names the two test cgroups' containers; the server's once its pod's status named it. */
  private static final class Containers implements ContainerNames {
    boolean serverNamed;

    @Override
    public String name(long cgroup) {
      if (cgroup == CLIENT_CGROUP) {
        return "app";
      }
      return cgroup == SERVER_CGROUP && serverNamed ? "sidecar" : "";
    }

    @Override
    public Map<String, Long> losses() {
      return Map.of();
    }
  }

  @Test
  void pair_containersOfBothEnds_namedAtEachEventAsKnownThen() {
    Containers containers = new Containers();
    joiner =
        new SocketJoiner(
            events::add,
            new MonotonicClock(T0, BASE),
            SocketJoiner.DEFAULT_GRACE,
            1000,
            containers);
    openBoth();
    containers.serverNamed = true;
    joiner.accept(loClient.closed(5, 100, 2000));
    joiner.accept(loServer.closed(5, 2001, 99));

    ConnectionOpened opened = of(ConnectionOpened.class).getFirst();
    assertThat(opened.details().client().container()).isEqualTo("app");
    assertThat(opened.details().server().container()).as("not named yet").isEmpty();
    Connection closed = closedConnections().getFirst();
    assertThat(closed.details().client()).isEqualTo(new ProcessInfo(100, "client", NS1, "app"));
    assertThat(closed.details().server()).isEqualTo(new ProcessInfo(200, "server", NS1, "sidecar"));
  }

  @Test
  void pair_serverClosesFirst_stillTheClientsNumbers() {
    openBoth();
    joiner.accept(loServer.closed(4, 2000, 100));
    joiner.expire(BASE + 5 * SEC);
    joiner.accept(loClient.closed(5, 100, 2000));

    assertThat(closedConnections()).hasSize(1);
    Connection c = closedConnections().getFirst();
    assertThat(c.bytesSent()).isEqualTo(100);
    assertThat(c.bytesReceived()).isEqualTo(2000);
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.details().server().pid()).isEqualTo(200);
  }

  @Test
  void pair_clientInCloseWait_reportedFromTheServerMirroredAfterTheGrace() {
    openBoth();
    joiner.accept(loServer.closed(3, 2000, 100));
    joiner.expire(BASE + 4 * SEC);
    assertThat(closedConnections()).isEmpty();

    joiner.expire(BASE + 5 * SEC);

    Connection c = closedConnections().getFirst();
    assertThat(c.bytesSent()).isEqualTo(100);
    assertThat(c.bytesReceived()).isEqualTo(2000);
    assertThat(c.details().client().command()).isEqualTo("client");
    // The lingering client's late close and live records add nothing.
    joiner.iterated(BASE + 60 * SEC, List.of(loClient.live(60, 100, 2000)));
    joiner.accept(loClient.closed(3600, 100, 2000));
    assertThat(closedConnections()).hasSize(1);
    assertThat(of(ConnectionProgress.class)).isEmpty();
    assertThat(joiner.size()).isZero();
  }

  @Test
  void pair_serverLingers_reportedFromTheClientAndItsLateCloseSwallowed() {
    openBoth();
    joiner.accept(loClient.closed(3, 100, 2000));
    joiner.expire(BASE + 5 * SEC);
    joiner.accept(loServer.closed(30, 2000, 100));

    assertThat(closedConnections()).hasSize(1);
    assertThat(closedConnections().getFirst().duration()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void loneClient_peerElsewhere_reportedAfterTheGraceWithoutServerProcess() {
    Sock c = client(1, NS1, "10.0.0.1", "93.184.216.34");
    joiner.accept(c.opened(0));
    joiner.accept(c.closed(1, 50, 5000));
    joiner.expire(BASE + 2 * SEC);
    assertThat(closedConnections()).isEmpty();

    joiner.expire(BASE + 3 * SEC);

    Connection conn = closedConnections().getFirst();
    assertThat(conn.server()).hasToString("93.184.216.34");
    assertThat(conn.bytesSent()).isEqualTo(50);
    assertThat(conn.bytesReceived()).isEqualTo(5000);
    assertThat(conn.details().server()).isEqualTo(ProcessInfo.UNKNOWN);
    assertThat(conn.details().retransmits()).isEqualTo(3);
    assertThat(conn.details().srttMicros()).isEqualTo(250);
  }

  @Test
  void loneServer_clientElsewhere_mirrored() {
    Sock s = server(2, NS1, "10.0.0.1", "10.9.9.9");
    joiner.accept(s.opened(0));
    joiner.accept(s.closed(1, 5000, 50));
    joiner.drain();

    Connection conn = closedConnections().getFirst();
    assertThat(conn.client()).hasToString("10.9.9.9");
    assertThat(conn.server()).hasToString("10.0.0.1");
    assertThat(conn.bytesSent()).isEqualTo(50);
    assertThat(conn.bytesReceived()).isEqualTo(5000);
    assertThat(conn.details().client()).isEqualTo(ProcessInfo.UNKNOWN);
    assertThat(conn.details().server().command()).isEqualTo("server");
  }

  @Test
  void refusedAndTimedOutConnects_haveNoOpenedAndAreReportedAtOnce() {
    Sock refused = client(1, NS1, "127.0.0.1", "127.0.0.1");
    Sock timedOut = new Sock(3, NS1, "10.0.0.1", 40_001, "10.0.0.99", 443, Role.ACTIVE);

    joiner.accept(refused.at(Kind.CLOSED, 0, 0, 0, Outcome.REFUSED));
    joiner.accept(timedOut.at(Kind.CLOSED, 20, 0, 0, Outcome.TIMEOUT));

    assertThat(of(ConnectionOpened.class)).isEmpty();
    assertThat(closedConnections())
        .extracting(Connection::outcome)
        .containsExactly(Outcome.REFUSED, Outcome.TIMEOUT);
    assertThat(closedConnections().get(1).duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(joiner.size()).isZero();
  }

  @Test
  void predatingSockets_roleFromListening_oneProgressPerIteration_closeCompletes() {
    Sock c = loClient.as(Role.UNKNOWN);
    Sock s = loServer.as(Role.UNKNOWN);
    // Both ports are ephemeral-looking: only the listening socket tells which end serves.
    c = new Sock(c.id(), NS1, "127.0.0.1", 50_000, "127.0.0.1", 45_000, Role.UNKNOWN);
    s = new Sock(s.id(), NS1, "127.0.0.1", 45_000, "127.0.0.1", 50_000, Role.UNKNOWN);
    joiner.iterated(
        BASE + 10 * SEC, List.of(c.live(10, 10, 20), s.live(10, 20, 10), listening(NS1, 45_000)));
    joiner.iterated(BASE + 15 * SEC, List.of(s.live(15, 40, 30), c.live(15, 30, 40)));

    ConnectionOpened opened = of(ConnectionOpened.class).getFirst();
    assertThat(of(ConnectionOpened.class)).hasSize(1);
    assertThat(opened.serverPort()).isEqualTo(45_000);
    assertThat(opened.startSeen()).isFalse();
    assertThat(opened.start()).isEqualTo(T0.plusSeconds(10));
    assertThat(of(ConnectionProgress.class))
        .extracting(ConnectionProgress::bytesSent, ConnectionProgress::bytesReceived)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(10L, 20L),
            org.assertj.core.groups.Tuple.tuple(30L, 40L));
    assertThat(of(ConnectionProgress.class).get(1).details().server().command())
        .isEqualTo("server");

    joiner.accept(c.closed(20, 35, 45));
    joiner.accept(s.closed(20, 45, 35));

    Connection conn = closedConnections().getFirst();
    assertThat(closedConnections()).hasSize(1);
    assertThat(conn.startSeen()).isFalse();
    assertThat(conn.start()).isEqualTo(T0.plusSeconds(10));
    assertThat(conn.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(conn.bytesSent()).isEqualTo(35);
  }

  @Test
  void predatingSocket_withoutListening_roleByPortRule() {
    Sock s = new Sock(5, NS1, "10.0.0.1", 5432, "10.0.0.7", 51_000, Role.UNKNOWN);
    joiner.iterated(BASE, List.of(s.live(0, 900, 80)));

    ConnectionProgress p = of(ConnectionProgress.class).getFirst();
    assertThat(p.server()).hasToString("10.0.0.1");
    assertThat(p.serverPort()).isEqualTo(5432);
    assertThat(p.bytesSent()).isEqualTo(80);
    assertThat(p.bytesReceived()).isEqualTo(900);
  }

  @Test
  void loopbackTuplesInTwoNamespaces_areTwoConnections() {
    Sock c1 = client(1, NS1, "127.0.0.1", "127.0.0.1");
    Sock s1 = server(2, NS1, "127.0.0.1", "127.0.0.1");
    Sock c2 = client(3, NS2, "127.0.0.1", "127.0.0.1");
    Sock s2 = server(4, NS2, "127.0.0.1", "127.0.0.1");
    for (Sock s : List.of(c1, s1, c2, s2)) {
      joiner.accept(s.opened(0));
    }
    joiner.accept(c1.closed(1, 1, 2));
    joiner.accept(s2.closed(1, 20, 10));
    joiner.accept(c2.closed(1, 10, 20));
    joiner.accept(s1.closed(1, 2, 1));

    assertThat(of(ConnectionOpened.class)).hasSize(2);
    assertThat(closedConnections())
        .extracting(c -> c.details().client().netns(), c -> c.details().server().netns())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(NS2, NS2),
            org.assertj.core.groups.Tuple.tuple(NS1, NS1));
    assertThat(closedConnections()).extracting(Connection::bytesSent).containsExactly(10L, 1L);
  }

  @Test
  void twoNamespacesOverVeth_pairIntoOneConnection() {
    Sock c = client(1, NS1, "10.0.0.1", "10.0.0.2");
    Sock s = server(2, NS2, "10.0.0.2", "10.0.0.1");
    joiner.accept(c.opened(0));
    joiner.accept(s.opened(0));
    joiner.accept(s.closed(1, 7, 3));
    joiner.accept(c.closed(1, 3, 7));

    assertThat(closedConnections()).hasSize(1);
    assertThat(closedConnections().getFirst().details().server().netns()).isEqualTo(NS2);
  }

  @Test
  void iteration_bothEndsLive_oneProgressWithTheClientsView() {
    openBoth();
    joiner.iterated(BASE + SEC, List.of(loServer.live(1, 70, 30), loClient.live(1, 30, 70)));

    assertThat(of(ConnectionProgress.class)).hasSize(1);
    ConnectionProgress p = of(ConnectionProgress.class).getFirst();
    assertThat(p.bytesSent()).isEqualTo(30);
    assertThat(p.bytesReceived()).isEqualTo(70);
    assertThat(p.start()).isEqualTo(of(ConnectionOpened.class).getFirst().start());
    assertThat(p.at()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void iteration_progressOnlyWhenTheBytesMoved() {
    openBoth();
    joiner.iterated(BASE + SEC, List.of(loServer.live(1, 0, 0), loClient.live(1, 0, 0)));
    assertThat(of(ConnectionProgress.class)).as("idle since it opened").isEmpty();

    joiner.iterated(BASE + 2 * SEC, List.of(loServer.live(2, 70, 30), loClient.live(2, 30, 70)));
    joiner.iterated(BASE + 3 * SEC, List.of(loServer.live(3, 70, 30), loClient.live(3, 30, 70)));
    joiner.iterated(BASE + 4 * SEC, List.of(loServer.live(4, 90, 30), loClient.live(4, 30, 90)));

    assertThat(of(ConnectionProgress.class))
        .extracting(ConnectionProgress::bytesSent, ConnectionProgress::bytesReceived)
        .containsExactly(tuple(30L, 70L), tuple(30L, 90L));
  }

  @Test
  void closeWithoutStart_predatingIsNoLoss_anyOtherWasEvicted() {
    Sock old = loClient.as(Role.UNKNOWN);
    Sock evicted = new Sock(7, NS1, "127.0.0.1", 40_007, "127.0.0.1", 8080, Role.UNKNOWN);
    // Before the first iteration nothing can be told: no loss counted.
    joiner.accept(
        new Sock(9, NS1, "127.0.0.1", 40_009, "127.0.0.1", 8080, Role.UNKNOWN).closed(0, 1, 1));
    joiner.iterated(BASE + SEC, List.of(old.live(1, 5, 5)));
    joiner.accept(old.closed(2, 5, 5));
    assertThat(of(EventsLost.class)).isEmpty();

    joiner.accept(evicted.closed(3, 1, 1));
    assertThat(of(EventsLost.class))
        .containsExactly(new EventsLost("tracer", SocketJoiner.EVICTED, 1));
    joiner.drain();
    assertThat(closedConnections()).hasSize(3);
  }

  @Test
  void vanishedSocket_missingFromTwoIterations_endsUnknownAndIsCounted() {
    Sock other = new Sock(7, NS1, "127.0.0.1", 40_007, "127.0.0.1", 8080, Role.ACTIVE);
    joiner.accept(loClient.opened(0));
    joiner.iterated(BASE + 5 * SEC, List.of(other.live(5, 0, 0)));
    assertThat(closedConnections()).isEmpty();

    joiner.iterated(BASE + 10 * SEC, List.of(other.live(10, 0, 0)));

    assertThat(closedConnections())
        .extracting(Connection::outcome)
        .containsExactly(Outcome.UNKNOWN);
    assertThat(of(EventsLost.class))
        .containsExactly(new EventsLost("agent", SocketJoiner.CLOSE_MISSED, 1));
  }

  @Test
  void socketInEveryIteration_isAlive_whateverTimeItsRecordsCarry() {
    joiner.accept(loClient.opened(0));
    for (int run = 1; run <= 3; run++) {
      joiner.iterated(BASE + run * 5 * SEC, List.of(loClient.live(0, run, run)));
    }

    assertThat(closedConnections()).isEmpty();
    assertThat(of(ConnectionProgress.class)).hasSize(3);
  }

  @Test
  void socketsInNamespacesTheIteratorDoesNotSee_areNotJudged() {
    Sock elsewhere = client(8, NS2, "10.0.0.1", "10.0.0.2");
    Sock here = new Sock(7, NS1, "127.0.0.1", 40_007, "127.0.0.1", 8080, Role.ACTIVE);
    joiner.accept(elsewhere.opened(0));
    joiner.iterated(BASE + 5 * SEC, List.of(here.live(5, 0, 0)));
    joiner.iterated(BASE + 10 * SEC, List.of(here.live(10, 0, 0)));

    assertThat(closedConnections()).isEmpty();
  }

  @Test
  void reusedTuple_endsTheOldConnectionFirst() {
    joiner.accept(loClient.opened(0));
    joiner.accept(loClient.closed(1, 5, 6));
    Sock again = new Sock(11, NS1, "127.0.0.1", 40_000, "127.0.0.1", 8080, Role.ACTIVE);
    joiner.accept(again.opened(1));

    assertThat(closedConnections()).hasSize(1);
    assertThat(of(ConnectionOpened.class)).hasSize(2);
    assertThat(joiner.size()).isEqualTo(1);
  }

  @Test
  void full_openedDroppedAndClosedReportedAloneAtOnce_bothCounted() {
    joiner = joiner(1);
    joiner.accept(loClient.opened(0));
    Sock second = new Sock(3, NS1, "127.0.0.1", 40_001, "127.0.0.1", 8080, Role.ACTIVE);
    Sock third = new Sock(4, NS1, "127.0.0.1", 40_002, "127.0.0.1", 8080, Role.ACTIVE);

    joiner.accept(second.opened(0));
    joiner.accept(third.closed(1, 1, 1));

    assertThat(of(ConnectionOpened.class)).hasSize(1);
    assertThat(closedConnections()).extracting(Connection::clientPort).containsExactly(40_002);
    assertThat(of(EventsLost.class))
        .containsExactly(
            new EventsLost("agent", SocketJoiner.TABLE_FULL, 1),
            new EventsLost("agent", SocketJoiner.TABLE_FULL, 1));
    assertThat(joiner.size()).isEqualTo(1);
  }

  @Test
  void drain_reportsHeldClosesAtOnce() {
    openBoth();
    joiner.accept(loClient.closed(1, 1, 2));
    joiner.drain();

    assertThat(closedConnections()).hasSize(1);
  }

  @Test
  void clock_mapsMonotonicNanosWithOneOffset() {
    MonotonicClock clock = new MonotonicClock(T0, BASE);
    assertThat(clock.instant(BASE + 1_500_000_000L)).isEqualTo(T0.plusMillis(1500));
    assertThat(clock.instant(BASE - SEC)).isEqualTo(T0.minusSeconds(1));
    MonotonicClock system = MonotonicClock.system();
    assertThat(Duration.between(Instant.now(), system.instant(System.nanoTime())).abs())
        .isLessThan(Duration.ofSeconds(1));
  }
}
