package dev.tcpmap.aggregate;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The aggregator's live view: records, open connections, handshakes, answers, losses. */
class AggregatorTest {
  private static final IpAddress A = IpAddress.parse("127.0.0.1");
  private static final SocketDetails DETAILS =
      new SocketDetails(new ProcessInfo(1, "curl", 9), new ProcessInfo(2, "nginx", 9), 0, 10);

  private final AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(10));
  private final InstantSource clock = () -> now.get();

  private Aggregator aggregator(int maxConnections, int maxHandshakes, Resolver names) {
    return new Aggregator(
        new Aggregator.Options("agent", maxConnections, maxHandshakes, Optional.empty()),
        names,
        clock);
  }

  private static Connection closed(int clientPort, long sent) {
    return new Connection(
        A, clientPort, A, 80, T0, Duration.ofSeconds(1), sent, 0, Outcome.CLOSED, true, DETAILS);
  }

  @Test
  void closed_handsItsNamedRecordOn_namedOnce() {
    java.util.concurrent.atomic.AtomicInteger lookups =
        new java.util.concurrent.atomic.AtomicInteger();
    Resolver counting =
        (ip, at) -> {
          lookups.incrementAndGet();
          return Resolver.IP_ONLY.resolve(ip, at);
        };
    List<ConnectionRecord> handed = new ArrayList<>();
    Aggregator aggregator =
        new Aggregator(
            new Aggregator.Options("agent", 10, 10, Optional.empty()),
            counting,
            clock,
            handed::add);

    aggregator.accept(new ConnectionClosed(closed(40_000, 150)));

    assertThat(handed).containsExactly(aggregator.snapshot().records().getFirst());
    assertThat(lookups).hasValue(2);
  }

  @Test
  void openConnection_showsBytesSoFarAndDurationUpToNow_thenItsClose() {
    Aggregator aggregator = aggregator(10, 10, Resolver.IP_ONLY);
    aggregator.accept(new ConnectionOpened(A, 40_000, A, 80, T0, true, DETAILS));
    aggregator.accept(
        new ConnectionProgress(A, 40_000, A, 80, T0, T0.plusSeconds(5), 100, 200, DETAILS));

    Connection open = aggregator.snapshot().connections().getFirst();
    assertThat(open.outcome()).isEqualTo(Outcome.OPEN);
    assertThat(open.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(open.bytesSent()).isEqualTo(100);
    assertThat(open.details()).isEqualTo(DETAILS);
    assertThat(aggregator.openConnections()).isEqualTo(1);

    aggregator.accept(new ConnectionClosed(closed(40_000, 150)));
    assertThat(aggregator.snapshot().connections())
        .extracting(Connection::outcome)
        .containsExactly(Outcome.CLOSED);
    assertThat(aggregator.openConnections()).isZero();
  }

  @Test
  void log_keepsTheNewestAndCountsTheDropped() {
    Aggregator aggregator = aggregator(2, 10, Resolver.IP_ONLY);
    for (int port = 1; port <= 3; port++) {
      aggregator.accept(new ConnectionClosed(closed(port, port)));
    }
    aggregator.accept(new EventsLost("tracer", "ring-buffer-full", 4));

    assertThat(aggregator.snapshot().connections())
        .extracting(Connection::clientPort)
        .containsExactly(2, 3);
    assertThat(aggregator.snapshot().losses())
        .containsEntry("agent/connection-log-full", 1L)
        .containsEntry("tracer/ring-buffer-full", 4L);
  }

  @Test
  void openTable_full_newConnectionNotShownAndCounted() {
    Aggregator aggregator = aggregator(1, 10, Resolver.IP_ONLY);
    aggregator.accept(new ConnectionOpened(A, 1, A, 80, T0, true, DETAILS));
    aggregator.accept(new ConnectionOpened(A, 2, A, 80, T0, true, DETAILS));
    assertThat(aggregator.snapshot().connections())
        .extracting(Connection::clientPort)
        .containsExactly(1);
    assertThat(aggregator.losses()).containsEntry("agent/open-table-full", 1L);
  }

  @Test
  void snapshot_rebuiltOnlyWhenSomethingChangedOrConnectionsAreOpen() {
    Aggregator aggregator = aggregator(10, 10, Resolver.IP_ONLY);
    aggregator.accept(new ConnectionClosed(closed(1, 1)));
    Snapshot first = aggregator.snapshot();
    assertThat(aggregator.snapshot()).as("nothing changed").isSameAs(first);

    aggregator.accept(new ConnectionOpened(A, 2, A, 80, T0, true, DETAILS));
    Snapshot withOpen = aggregator.snapshot();
    now.set(now.get().plusSeconds(1));
    Snapshot later = aggregator.snapshot();
    assertThat(later).as("an open connection ages").isNotSameAs(withOpen);
    assertThat(later.connections().get(1).duration()).isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void records_areNamedOnceAtTheClose_withTheIdentityAtTheStart() {
    AtomicReference<String> owner = new AtomicReference<>("web-1");
    Resolver names =
        (ip, at) -> new Endpoint(ip, Endpoint.Kind.POD, owner.get() + "@" + at, "shop");
    Aggregator aggregator = aggregator(10, 10, names);
    aggregator.accept(new ConnectionClosed(closed(1, 1)));
    owner.set("intruder");

    ConnectionRecord record = aggregator.snapshot().records().getFirst();
    assertThat(record.client().name()).isEqualTo("web-1@" + T0);
    assertThat(record.server().name()).isEqualTo("web-1@" + T0);
  }

  @Test
  void handshakesAndNames_keepTheNewestOfEach_andCountTheDropped() {
    Aggregator aggregator = aggregator(10, 2, Resolver.IP_ONLY);
    for (int port = 1; port <= 3; port++) {
      aggregator.accept(new TlsHandshakeSeen(handshake(port)));
      aggregator.accept(
          new DnsAnswer(new DnsName(A, "n" + port + ".test", T0, Duration.ofSeconds(60))));
    }

    Snapshot snapshot = aggregator.snapshot();
    assertThat(snapshot.handshakes()).extracting(TlsHandshake::clientPort).containsExactly(2, 3);
    assertThat(snapshot.names()).extracting(DnsName::name).containsExactly("n2.test", "n3.test");
    assertThat(snapshot.losses())
        .containsEntry("agent/handshake-log-full", 1L)
        .containsEntry("agent/name-log-full", 1L);
  }

  @Test
  void probedChain_goesToThatServersHandshakesOnly_andKeepsObservedChains() {
    Aggregator aggregator = aggregator(10, 10, Resolver.IP_ONLY);
    Certificate leaf =
        new Certificate("CN=tls.test", "CN=ca", List.of("tls.test"), T0, T0.plusSeconds(9), "1");
    CertificateChain observed =
        new CertificateChain(CertificateChain.Source.OBSERVED, List.of(leaf));
    aggregator.accept(new TlsHandshakeSeen(handshake(1)));
    aggregator.accept(new TlsHandshakeSeen(handshake(2).withCertificate(observed)));
    aggregator.accept(new TlsHandshakeSeen(handshake(3, 8443, "tls.test")));
    aggregator.accept(new TlsHandshakeSeen(handshake(4, 443, "other.test")));
    aggregator.accept(new TlsHandshakeSeen(handshake(5)));
    Snapshot before = aggregator.snapshot();

    CertificateChain probed = CertificateChain.probed(List.of(leaf), T0.plusSeconds(1));
    aggregator.accept(probed(probed, T0.plusSeconds(1)));
    aggregator.accept(failed(T0.plusSeconds(1)));

    assertThat(aggregator.snapshot().handshakes())
        .extracting(TlsHandshake::clientPort, h -> h.certificate().map(CertificateChain::source))
        .containsExactly(
            tuple(1, Optional.of(CertificateChain.Source.PROBED)),
            tuple(2, Optional.of(CertificateChain.Source.OBSERVED)),
            tuple(3, Optional.empty()),
            tuple(4, Optional.empty()),
            tuple(5, Optional.of(CertificateChain.Source.PROBED)));
    assertThat(before.handshakes().getFirst().certificate()).isEmpty(); // snapshots are immutable

    CertificateChain again = CertificateChain.probed(List.of(leaf), T0.plusSeconds(2));
    aggregator.accept(probed(again, T0.plusSeconds(2)));
    assertThat(aggregator.snapshot().handshakes().getFirst().certificate())
        .as("a newer probe replaces an older one")
        .contains(again);
  }

  private static CertificateProbed probed(CertificateChain chain, Instant at) {
    return new CertificateProbed(A, 443, "tls.test", at, Optional.of(chain), "");
  }

  private static CertificateProbed failed(Instant at) {
    return new CertificateProbed(A, 443, "tls.test", at, Optional.empty(), "timeout");
  }

  private static TlsHandshake handshake(int clientPort) {
    return handshake(clientPort, 443, "tls.test");
  }

  private static TlsHandshake handshake(int clientPort, int serverPort, String sni) {
    return TestHandshakes.tls13(A, clientPort, A, serverPort, T0, T0, sni, Optional.empty());
  }
}
