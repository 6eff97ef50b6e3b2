package dev.tcpmap.enrich.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.LiveStore;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.enrich.probe.TestTlsServer.Mode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probes' cache and bounds, with the real probe against JDK servers on loopback and a real
 * {@link LiveStore}; the clock is injected, so that the TTL passes without waiting.
 */
class CertificateProbesTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
  private static final Duration TTL = Duration.ofHours(24);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = () -> now.get();
  private CertificateProbes probes;
  private LiveStore store;

  private final ProbeSockets sockets = new ProbeSockets();

  private void start(int maxEntries, int maxInFlight, Duration timeout) {
    TlsProbe probe = new TlsProbe(timeout, clock, sockets);
    probes = new CertificateProbes(probe::probe, sockets, TTL, maxEntries, maxInFlight, clock);
    store = new LiveStore(100, 100, clock, probes::complete);
  }

  @AfterEach
  void stop() {
    if (probes != null) {
      probes.close();
    }
  }

  @Test
  void handshake_withoutChain_isProbedOnceAndTheChainAttachedAndReused() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      store.handshake(tls13(1, server.port(), "tls.test"));
      store.handshake(tls13(2, server.port(), "tls.test")); // while the probe runs: no second one
      assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);

      now.set(T0.plusSeconds(60));
      store.handshake(tls13(3, server.port(), "tls.test")); // cached: attached at once
      store.publish();

      List<TlsHandshake> kept = store.snapshot().handshakes();
      assertThat(kept).hasSize(3);
      for (TlsHandshake h : kept) {
        CertificateChain chain = h.certificate().orElseThrow();
        assertThat(chain.source()).isEqualTo(CertificateChain.Source.PROBED);
        assertThat(chain.probedAt()).contains(T0);
        assertThat(chain.leaf().notAfter()).isEqualTo(Instant.parse("2026-02-06T03:04:05Z"));
      }
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.nextSni()).isEqualTo("tls.test");
      assertThat(probes.inFlight()).isZero();
    }
  }

  @Test
  void handshake_afterTheTtl_isProbedAgainAndRefreshesTheProbeTime() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("::1", Mode.TLS13)) {
      store.handshake(tls13v6(1, server.port(), ""));
      assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);

      now.set(T0.plus(TTL).minusSeconds(1));
      store.handshake(tls13v6(2, server.port(), ""));
      assertThat(probes.inFlight()).isZero(); // still fresh
      now.set(T0.plus(TTL));
      store.handshake(tls13v6(3, server.port(), ""));
      assertThat(probes.inFlight()).isEqualTo(1);
      assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);
      store.publish();

      assertThat(server.connections()).isEqualTo(2);
      assertThat(store.snapshot().handshakes())
          .allSatisfy(
              h -> assertThat(h.certificate().orElseThrow().probedAt()).contains(T0.plus(TTL)));
    }
  }

  @Test
  void failedProbe_isCountedByReasonAndNotRepeatedWithinItsShorterTtl() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    int port = closedPort();
    store.handshake(tls13(1, port, "tls.test"));
    assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);

    now.set(T0.plus(Duration.ofMinutes(4)));
    store.handshake(tls13(2, port, "tls.test"));
    assertThat(probes.inFlight()).isZero();
    now.set(T0.plus(Duration.ofMinutes(5))); // a tenth of 24h, at most 5m
    store.handshake(tls13(3, port, "tls.test"));
    assertThat(probes.inFlight()).isEqualTo(1);
    assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);
    store.publish();

    assertThat(store.counts().losses()).containsEntry("tls-probe/refused", 2L);
    assertThat(store.snapshot().handshakes())
        .allSatisfy(h -> assertThat(h.certificate()).isEmpty());
  }

  @Test
  void cache_beyondMaxEntries_forgetsTheOldest() throws Exception {
    start(2, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      for (String sni : List.of("a.tls.test", "b.tls.test", "c.tls.test")) {
        store.handshake(tls13(1, server.port(), sni));
        assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);
      }
      assertThat(probes.cached()).isEqualTo(2);

      store.handshake(tls13(2, server.port(), "c.tls.test"));
      assertThat(probes.inFlight()).isZero(); // the newest is kept
      store.handshake(tls13(2, server.port(), "a.tls.test"));
      assertThat(probes.inFlight()).isEqualTo(1); // the oldest was forgotten
      assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);
      assertThat(server.connections()).isEqualTo(4);
      assertThat(probes.cached()).isEqualTo(2);
    }
  }

  @Test
  void probes_beyondMaxInFlight_areCountedBusyAndNotStarted() throws Exception {
    start(100, 1, Duration.ofMillis(300));
    try (TestTlsServer silent = TestTlsServer.start("127.0.0.1", Mode.SILENT)) {
      store.handshake(tls13(1, silent.port(), "a.tls.test"));
      store.handshake(tls13(2, silent.port(), "b.tls.test"));
      assertThat(probes.inFlight()).isEqualTo(1);

      assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);
      store.publish();

      assertThat(store.counts().losses())
          .containsEntry("tls-probe/busy", 1L)
          .containsEntry("tls-probe/timeout", 1L);
      assertThat(silent.connections()).isEqualTo(1);
    }
  }

  @Test
  void theProbesOwnHandshake_isNotKept_butCounted() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      store.handshake(tls13(1, server.port(), "tls.test"));
      assertThat(probes.drainTo(store, WAIT)).isEqualTo(1);
      int probePort = server.clientPorts().getLast();

      // What live capture reports of the probe's connection, after the client's.
      store.handshake(handshake("127.0.0.1", probePort - 40_000, server.port(), "tls.test"));
      store.handshake(handshake("127.0.0.1", probePort - 40_000, server.port(), "tls.test"));
      store.publish();

      assertThat(store.snapshot().handshakes())
          .extracting(TlsHandshake::clientPort)
          .containsExactly(40_001, probePort); // the second is not a probe's any more
      assertThat(store.counts().events()).containsEntry("probe-handshake", 1L);
    }
  }

  @Test
  void handshakes_withoutServerAnswerOrToPortZero_areNotProbed() {
    start(100, 4, Duration.ofSeconds(5));
    TlsHandshake unanswered =
        new TlsHandshake(
            IpAddress.parse("127.0.0.1"),
            40_000,
            IpAddress.parse("127.0.0.1"),
            1,
            T0,
            T0,
            "tls.test",
            List.of("TLS 1.3"),
            List.of("TLS_AES_128_GCM_SHA256"),
            List.of(),
            "",
            "",
            "",
            "t13d0101h2_000000000000_000000000000",
            Optional.empty());

    TlsHandshake portZero = handshake("127.0.0.1", 1, 0, "tls.test");

    assertThat(probes.complete(unanswered)).containsSame(unanswered);
    assertThat(probes.complete(portZero)).containsSame(portZero);
    assertThat(probes.inFlight()).isZero();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket free = new ServerSocket()) {
      free.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return free.getLocalPort();
    }
  }

  private TlsHandshake tls13(int n, int port, String sni) {
    return handshake("127.0.0.1", n, port, sni);
  }

  private TlsHandshake tls13v6(int n, int port, String sni) {
    return handshake("::1", n, port, sni);
  }

  private TlsHandshake handshake(String ip, int n, int port, String sni) {
    return TestHandshakes.tls13(
        IpAddress.parse(ip),
        40_000 + n,
        IpAddress.parse(ip),
        port,
        now.get(),
        now.get(),
        sni,
        Optional.empty());
  }
}
