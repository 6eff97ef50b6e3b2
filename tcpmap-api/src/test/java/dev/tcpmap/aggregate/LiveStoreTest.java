package dev.tcpmap.aggregate;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
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
import dev.tcpmap.enrich.ProcessResolver;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveStoreTest {
  private static final IpAddress A = IpAddress.parse("127.0.0.1");
  private static final SocketDetails DETAILS =
      new SocketDetails(new ProcessInfo(1, "curl", 9), new ProcessInfo(2, "nginx", 9), 0, 10);

  private final AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(10));
  private final InstantSource clock = () -> now.get();

  private static Connection closed(int clientPort, long sent) {
    return new Connection(
        A, clientPort, A, 80, T0, Duration.ofSeconds(1), sent, 0, Outcome.CLOSED, true, DETAILS);
  }

  @Test
  void openConnection_showsBytesSoFarAndDurationUpToNow_thenItsClose() {
    LiveStore store = new LiveStore(10, 10, clock);
    store.accept(new ConnectionOpened(A, 40_000, A, 80, T0, true, DETAILS));
    store.accept(
        new ConnectionProgress(A, 40_000, A, 80, T0, T0.plusSeconds(5), 100, 200, DETAILS));
    store.publish();

    Connection open = store.snapshot().connections().getFirst();
    assertThat(open.outcome()).isEqualTo(Outcome.OPEN);
    assertThat(open.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(open.bytesSent()).isEqualTo(100);
    assertThat(open.details()).isEqualTo(DETAILS);

    store.accept(new ConnectionClosed(closed(40_000, 150)));
    store.publish();
    assertThat(store.snapshot().connections())
        .extracting(Connection::outcome)
        .containsExactly(Outcome.CLOSED);
  }

  @Test
  void log_keepsTheNewestAndCountsTheDropped() {
    LiveStore store = new LiveStore(2, 10, clock);
    for (int port = 1; port <= 3; port++) {
      store.accept(new ConnectionClosed(closed(port, port)));
    }
    store.accept(new EventsLost("tracer", "ring-buffer-full", 4));
    store.publish();

    assertThat(store.snapshot().connections())
        .extracting(Connection::clientPort)
        .containsExactly(2, 3);
    assertThat(store.snapshot().losses())
        .containsEntry("agent/connection-log-full", 1L)
        .containsEntry("tracer/ring-buffer-full", 4L);
    assertThat(store.counts().events()).containsEntry("closed", 3L).containsEntry("lost", 1L);
  }

  @Test
  void publishIfDue_rebuildsOnlyWhenAReaderAskedAndSomethingChanged() throws Exception {
    LiveStore store = new LiveStore(10, 10, clock);
    store.publish();
    Snapshot first = store.snapshot();
    store.accept(new ConnectionClosed(closed(1, 1)));
    store.publishIfDue();
    assertThat(store.snapshot()).as("nobody asked").isSameAs(first);

    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 200 && store.snapshot() == first; i++) {
                    store.publishIfDue();
                    sleepMillis(5);
                  }
                });
    Snapshot fresh = store.awaitFresh(Duration.ofSeconds(5));
    writer.join();
    assertThat(fresh.connections()).hasSize(1);

    // Asked again with nothing changed: answered at once, without a rebuild.
    Thread answerer =
        Thread.ofPlatform()
            .start(
                () -> {
                  sleepMillis(20);
                  store.publishIfDue();
                });
    assertThat(store.awaitFresh(Duration.ofSeconds(5))).isSameAs(fresh);
    answerer.join();
  }

  @Test
  void awaitFresh_withoutAWriter_givesTheLatestAfterTheTimeout() {
    LiveStore store = new LiveStore(10, 10, clock);
    Snapshot first = store.snapshot();
    store.accept(new ConnectionClosed(closed(1, 1)));
    assertThat(store.awaitFresh(Duration.ofMillis(20))).isSameAs(first);
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void processResolver_namesKnownEndsByComm_othersByTheDelegate() {
    Resolver resolver = new ProcessResolver(Resolver.IP_ONLY);
    Connection c =
        new Connection(
            A,
            1,
            IpAddress.parse("10.0.0.9"),
            80,
            T0,
            Duration.ZERO,
            0,
            0,
            Outcome.CLOSED,
            true,
            new SocketDetails(new ProcessInfo(1, "curl", 9), ProcessInfo.UNKNOWN, 0, 0));

    assertThat(resolver.resolveClient(c))
        .isEqualTo(new Endpoint(A, Endpoint.Kind.PROCESS, "curl", ""));
    assertThat(resolver.resolveClient(c).nodeId()).isEqualTo("curl@127.0.0.1");
    assertThat(resolver.resolveServer(c)).isEqualTo(Endpoint.ofIp(IpAddress.parse("10.0.0.9")));
  }

  @Test
  void handshakesAndNames_keepTheNewestOfEach_andCountTheDropped() {
    LiveStore store = new LiveStore(10, 2, clock);
    for (int port = 1; port <= 3; port++) {
      store.handshake(handshake(port));
      store.name(new DnsName(A, "n" + port + ".test", T0, Duration.ofSeconds(60)));
    }
    store.publish();

    Snapshot snapshot = store.snapshot();
    assertThat(snapshot.handshakes()).extracting(TlsHandshake::clientPort).containsExactly(2, 3);
    assertThat(snapshot.names()).extracting(DnsName::name).containsExactly("n2.test", "n3.test");
    assertThat(snapshot.losses())
        .containsEntry("agent/handshake-log-full", 1L)
        .containsEntry("agent/name-log-full", 1L);
    assertThat(store.counts().events()).containsEntry("handshake", 3L).containsEntry("name", 3L);
  }

  @Test
  void attachProbed_givesTheChainToThatServersHandshakesOnly_andKeepsObservedChains() {
    LiveStore store = new LiveStore(10, 10, clock);
    Certificate leaf =
        new Certificate("CN=tls.test", "CN=ca", List.of("tls.test"), T0, T0.plusSeconds(9), "1");
    CertificateChain observed =
        new CertificateChain(CertificateChain.Source.OBSERVED, List.of(leaf));
    store.handshake(handshake(1));
    store.handshake(handshake(2).withCertificate(observed));
    store.handshake(handshake(3, 8443, "tls.test"));
    store.handshake(handshake(4, 443, "other.test"));
    store.handshake(handshake(5));
    store.publish();
    Snapshot before = store.snapshot();

    CertificateChain probed = CertificateChain.probed(List.of(leaf), T0.plusSeconds(1));
    assertThat(store.attachProbed(A, 443, "tls.test", probed)).isEqualTo(2);
    store.publishIfDue(); // nobody asked: the published snapshot stays as it was
    assertThat(store.snapshot()).isSameAs(before);
    store.publish();

    assertThat(store.snapshot().handshakes())
        .extracting(TlsHandshake::clientPort, h -> h.certificate().map(CertificateChain::source))
        .containsExactly(
            tuple(1, Optional.of(CertificateChain.Source.PROBED)),
            tuple(2, Optional.of(CertificateChain.Source.OBSERVED)),
            tuple(3, Optional.empty()),
            tuple(4, Optional.empty()),
            tuple(5, Optional.of(CertificateChain.Source.PROBED)));
    assertThat(before.handshakes().getFirst().certificate()).isEmpty(); // snapshots are immutable

    CertificateChain again = CertificateChain.probed(List.of(leaf), T0.plusSeconds(2));
    assertThat(store.attachProbed(A, 443, "tls.test", again)).isEqualTo(2); // a newer probe
  }

  private static TlsHandshake handshake(int clientPort) {
    return handshake(clientPort, 443, "tls.test");
  }

  private static TlsHandshake handshake(int clientPort, int serverPort, String sni) {
    return TestHandshakes.tls13(A, clientPort, A, serverPort, T0, T0, sni, Optional.empty());
  }
}
