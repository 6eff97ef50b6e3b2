package dev.tcpmap.enrich.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probes' cache and bounds, with the real probe against JDK servers on loopback, as a stage of
 * a real {@link Pipeline} before the {@link Aggregator}; the clock is injected, so that the TTL
 * passes without waiting.
 */
class CertificateProbesTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
  private static final Duration TTL = Duration.ofHours(24);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = () -> now.get();
  private CertificateProbes probes;
  private Pipeline pipeline;
  private final Semaphore results = new Semaphore(0);

  private final ProbeSockets sockets = new ProbeSockets();

  private void start(int maxEntries, int maxInFlight, Duration timeout) {
    TlsProbe probe = new TlsProbe(timeout, clock, sockets);
    probes = new CertificateProbes(probe::probe, sockets, TTL, maxEntries, maxInFlight, clock);
    pipeline =
        new Pipeline(
            List.of(probes),
            new Aggregator(
                new Aggregator.Options("agent", 100, 100, Optional.empty()),
                Resolver.IP_ONLY,
                clock),
            Optional.empty(),
            Duration.ZERO,
            clock);
    probes.start(
        event -> {
          pipeline.accept(event);
          results.release();
        });
  }

  @AfterEach
  void stop() {
    if (probes != null) {
      probes.stop();
    }
  }

  private void handshake(TlsHandshake h) {
    pipeline.accept(new TlsHandshakeSeen(h));
  }

  /** A handshake whose probe's result then comes back. */
  private void handshakeProbed(TlsHandshake h) throws InterruptedException {
    handshake(h);
    awaitResults(1);
  }

  /** Waits for {@code n} probe results to have come back through the event path. */
  private void awaitResults(int n) throws InterruptedException {
    assertThat(results.tryAcquire(n, WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("%d probe results within %s", n, WAIT)
        .isTrue();
  }

  /** Probes still out (started, no result back through the event path). */
  private int inFlight() {
    return pipeline.<Integer>read(a -> probes.inFlight());
  }

  /** Probes started so far: counted when started, so it does not race with their results. */
  private long started() {
    return pipeline.<Long>read(a -> probes.started());
  }

  private Snapshot snapshot() {
    return pipeline.snapshot();
  }

  @Test
  void handshake_withoutChain_isProbedOnceAndTheChainAttachedAndReused() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      handshake(tls13(1, server.port(), "tls.test"));
      handshake(tls13(2, server.port(), "tls.test")); // while the probe runs: no second one
      awaitResults(1);

      now.set(T0.plusSeconds(60));
      handshake(tls13(3, server.port(), "tls.test")); // cached: attached at once

      List<TlsHandshake> kept = snapshot().handshakes();
      assertThat(kept).hasSize(3);
      for (TlsHandshake h : kept) {
        CertificateChain chain = h.certificate().orElseThrow();
        assertThat(chain.source()).isEqualTo(CertificateChain.Source.PROBED);
        assertThat(chain.probedAt()).contains(T0);
        assertThat(chain.leaf().notAfter()).isEqualTo(Instant.parse("2026-02-06T03:04:05Z"));
      }
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.nextSni()).isEqualTo("tls.test");
      assertThat(inFlight()).isZero();
    }
  }

  @Test
  void handshake_afterTheTtl_isProbedAgainAndRefreshesTheProbeTime() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("::1", Mode.TLS13)) {
      handshakeProbed(tls13v6(1, server.port(), ""));

      now.set(T0.plus(TTL).minusSeconds(1));
      handshake(tls13v6(2, server.port(), ""));
      assertThat(started()).isEqualTo(1); // still fresh
      now.set(T0.plus(TTL));
      handshake(tls13v6(3, server.port(), ""));
      assertThat(started()).isEqualTo(2);
      awaitResults(1);

      assertThat(server.connections()).isEqualTo(2);
      assertThat(snapshot().handshakes())
          .allSatisfy(
              h -> assertThat(h.certificate().orElseThrow().probedAt()).contains(T0.plus(TTL)));
    }
  }

  @Test
  void failedProbe_isCountedByReasonAndNotRepeatedWithinItsShorterTtl() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    int port = closedPort();
    handshakeProbed(tls13(1, port, "tls.test"));

    now.set(T0.plus(Duration.ofMinutes(4)));
    handshake(tls13(2, port, "tls.test"));
    assertThat(started()).isEqualTo(1);
    now.set(T0.plus(Duration.ofMinutes(5))); // a tenth of 24h, at most 5m
    handshake(tls13(3, port, "tls.test"));
    assertThat(started()).isEqualTo(2);
    awaitResults(1);

    assertThat(snapshot().losses()).containsEntry("tls-probe/refused", 2L);
    assertThat(snapshot().handshakes()).allSatisfy(h -> assertThat(h.certificate()).isEmpty());
  }

  @Test
  void cache_beyondMaxEntries_forgetsTheOldest() throws Exception {
    start(2, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      for (String sni : List.of("a.tls.test", "b.tls.test", "c.tls.test")) {
        handshakeProbed(tls13(1, server.port(), sni));
      }
      assertThat((int) pipeline.read(a -> probes.cached())).isEqualTo(2);

      handshake(tls13(2, server.port(), "c.tls.test"));
      assertThat(started()).isEqualTo(3); // the newest is kept
      handshake(tls13(2, server.port(), "a.tls.test"));
      assertThat(started()).isEqualTo(4); // the oldest was forgotten
      awaitResults(1);
      assertThat(server.connections()).isEqualTo(4);
      assertThat((int) pipeline.read(a -> probes.cached())).isEqualTo(2);
    }
  }

  @Test
  void probes_beyondMaxInFlight_areCountedBusyAndNotStarted() throws Exception {
    start(100, 1, Duration.ofMillis(300));
    try (TestTlsServer silent = TestTlsServer.start("127.0.0.1", Mode.SILENT)) {
      handshake(tls13(1, silent.port(), "a.tls.test"));
      handshake(tls13(2, silent.port(), "b.tls.test"));
      assertThat(started()).isEqualTo(1);

      awaitResults(1);

      assertThat(snapshot().losses())
          .containsEntry("tls-probe/busy", 1L)
          .containsEntry("tls-probe/timeout", 1L);
      assertThat(silent.connections()).isEqualTo(1);
    }
  }

  @Test
  void theProbesOwnHandshake_isNotKept_butCounted() throws Exception {
    start(100, 4, Duration.ofSeconds(5));
    try (TestTlsServer server = TestTlsServer.start("127.0.0.1", Mode.TLS13)) {
      handshakeProbed(tls13(1, server.port(), "tls.test"));
      int probePort = server.clientPorts().getLast();

      // What live capture reports of the probe's connection, after the client's.
      handshake(handshake("127.0.0.1", probePort - 40_000, server.port(), "tls.test"));
      handshake(handshake("127.0.0.1", probePort - 40_000, server.port(), "tls.test"));

      assertThat(snapshot().handshakes())
          .extracting(TlsHandshake::clientPort)
          .containsExactly(40_001, probePort); // the second is not a probe's any more
      assertThat(pipeline.events()).containsEntry("probe-handshake", 1L);
    }
  }

  @Test
  void handshakes_withoutServerAnswerOrToPortZero_areNotProbed() {
    start(100, 4, Duration.ofSeconds(5));
    TlsHandshake unanswered =
        TestHandshakes.unanswered(
            IpAddress.parse("127.0.0.1"), 40_000, IpAddress.parse("127.0.0.1"), 1, T0, "tls.test");

    TlsHandshake portZero = handshake("127.0.0.1", 1, 0, "tls.test");

    assertThat(probes.complete(unanswered, event -> {})).containsSame(unanswered);
    assertThat(probes.complete(portZero, event -> {})).containsSame(portZero);
    assertThat(started()).isZero();
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
