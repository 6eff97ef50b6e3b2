package dev.tcpmap.server.agent;

import dev.tcpmap.aggregate.LiveStore;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.api.Status;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.ebpf.join.MonotonicClock;
import dev.tcpmap.ebpf.join.SocketJoiner;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.enrich.probe.CertificateProbes;
import dev.tcpmap.enrich.probe.ProbeSockets;
import dev.tcpmap.enrich.probe.TlsProbe;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live agent's wiring: socket source → joiner → live store, and packet capture's handshakes and
 * names → live store, on one platform thread.
 *
 * <pre>
 *   poll thread (platform: runs native upcalls)
 *     source.poll(100 ms) ─▶ joiner.accept
 *     every tracer.iterate-every: drain the ring, source.iterate(joiner.iterationRecord)
 *     joiner.expire(now), loss deltas ─▶ store  ◀──────────────────────────────┘
 *     capture.drainTo ─▶ store (handshakes, names, capture losses; queued by the capture thread)
 *       a handshake without a chain ─▶ probes.complete: cached chain, or a probe started
 *     probes.drainTo ─▶ store (probed chains attached, failed probes counted)
 *     history.tick: completed buckets ─▶ the history's writer thread (SQLite); every second the
 *       settled handshakes (a probe had time to attach its chain) ─▶ the same writer
 *     store.publishIfDue()  ─▶ snapshots, when the HTTP API asked for one (any thread)
 *   joiner's events ─▶ store and history, both
 * </pre>
 *
 * The joiner and the store are touched only by the poll thread until {@link #stop} has joined it.
 * {@link #stop} is the graceful shutdown (SIGTERM, SIGINT): stop polling, read what the ring buffer
 * still holds, detach (close the source), report held closes, stop capture (reporting the
 * handshakes it still follows), write the whole history (the bucket in flight, every handshake),
 * publish a last snapshot.
 */
public final class Agent {
  static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  /** How long a reader waits for a fresh snapshot: a poll round (100 ms) and a rebuild. */
  static final Duration FRESH_WAIT = Duration.ofSeconds(1);

  private static final long LOSS_CHECK_NANOS = 1_000_000_000L;

  /** Bounds the draining before an iteration under a flood (each round takes up to a batch). */
  private static final int DRAIN_ROUNDS = 1024;

  private static final String TRACER = "socket-tracer";
  private static final String ITERATOR = "socket-iterator";

  private final SocketSource source;
  private final PacketCaptureSource capture;
  private final LiveStore store;
  private final History history;
  private final Optional<CertificateProbes> probes;
  private final SocketJoiner joiner;
  private final PrintStream log;
  private final String version;
  private final Instant startedAt;
  private final AtomicReference<SourceStatus> tracer;
  private final AtomicReference<SourceStatus> iterator;
  private final Map<String, Long> lossTotals = new HashMap<>();
  private final Thread pollThread;
  private final long iterateEveryNanos;
  private long nextIterationNanos = Long.MIN_VALUE;
  private boolean iterating = true;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile boolean running = true;
  private long lastLossCheck = Long.MIN_VALUE;
  private long lastTlsHandOff = System.nanoTime();
  private final InstantSource clock;

  /**
   * How long a handshake stays only in memory before the history keeps it: a probe of its server
   * (connect, then handshake, each within {@code tls.probe-timeout}) has then attached its chain.
   */
  private final Duration tlsSettle;

  private Agent(
      TcpmapConfig config,
      SocketSource source,
      PacketCaptureSource capture,
      History history,
      InstantSource clock,
      PrintStream log,
      String version) {
    this.source = source;
    this.capture = capture;
    this.history = history;
    this.clock = clock;
    this.tlsSettle = config.tlsProbeTimeout().multipliedBy(2).plusSeconds(2);
    this.log = log;
    this.version = version;
    this.probes = probes(config, clock);
    LiveStore.Admission completion =
        probes.<LiveStore.Admission>map(p -> p::complete).orElse(Optional::of);
    this.store =
        new LiveStore(config.agentMaxConnections(), config.agentMaxHandshakes(), clock, completion);
    EventSink both =
        event -> {
          store.accept(event);
          history.accept(event);
        };
    this.joiner =
        new SocketJoiner(
            both, MonotonicClock.system(), SocketJoiner.DEFAULT_GRACE, config.tracerMaxSockets());
    this.startedAt = clock.instant();
    this.tracer = new AtomicReference<>(new SourceStatus(TRACER, State.RUNNING, ""));
    this.iterator = new AtomicReference<>(new SourceStatus(ITERATOR, State.RUNNING, ""));
    this.pollThread = Thread.ofPlatform().name("tcpmap-poll").unstarted(this::pollLoop);
    this.iterateEveryNanos = config.tracerIterateEvery().toNanos();
  }

  /** Only the live agent probes: a capture file may come from a network this host cannot reach. */
  private static Optional<CertificateProbes> probes(TcpmapConfig config, InstantSource clock) {
    if (!config.tlsProbeCertificates()) {
      return Optional.empty();
    }
    ProbeSockets sockets = new ProbeSockets();
    TlsProbe probe = new TlsProbe(config.tlsProbeTimeout(), clock, sockets);
    return Optional.of(
        new CertificateProbes(
            probe::probe,
            sockets,
            config.tlsCertificateCacheTtl(),
            config.tlsMaxProbedServers(),
            CertificateProbes.MAX_IN_FLIGHT,
            clock));
  }

  /**
   * Starts polling {@code source} and iterating it every {@code tracer.iterate-every} (the first
   * run at once, to find the sockets that predate the agent).
   *
   * @param capture live packet capture, already started (or failed, or off); the agent closes it
   * @param history where the connections' rollups go; the agent finishes and closes it
   * @param log where one line per source failure goes (stderr)
   */
  public static Agent start(
      TcpmapConfig config,
      SocketSource source,
      PacketCaptureSource capture,
      History history,
      InstantSource clock,
      PrintStream log,
      String version) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(history, "history");
    Agent agent = new Agent(config, source, capture, history, clock, log, version);
    agent.pollThread.start();
    return agent;
  }

  /** The connections and losses as of now (the last ones once stopped). Any thread. */
  public Snapshot snapshot() {
    return stopped.get() ? store.snapshot() : store.awaitFresh(FRESH_WAIT);
  }

  /** What {@code /api/v1/status} shows. Any thread. */
  public Status status() {
    Snapshot snapshot = snapshot();
    long open = snapshot.connections().stream().filter(c -> c.outcome() == Outcome.OPEN).count();
    List<SourceStatus> sources = new ArrayList<>(List.of(tracer.get(), iterator.get()));
    capture.status().ifPresent(sources::add);
    Status status =
        new Status(
            version,
            startedAt,
            sources,
            store.counts(),
            open,
            snapshot.connections().size() - open);
    return status.with(history.status(), history.losses());
  }

  /**
   * Stops gracefully: polling ends (what the ring buffer holds is still read), the source is closed
   * (programs detached), held closes are reported, capture stops (the handshakes it still follows
   * are reported), and a last snapshot is published. Idempotent; waits for the poll thread.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    running = false;
    try {
      pollThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The poll thread has ended: the joiner, the store and the history are this thread's now.
    joiner.drain();
    capture.close();
    capture.drainTo(store);
    probes.ifPresent(
        p -> {
          p.close();
          p.drainTo(store, Duration.ZERO);
        });
    // Every handshake now, settled or not: nothing comes after.
    Instant end = clock.instant().plusSeconds(1);
    history.keepHandshakes(store.handshakesIn(history.handshakesHandedOver(), end), end);
    history.finish();
    history.close();
    store.publish();
    stopped(tracer);
    stopped(iterator);
  }

  private static void stopped(AtomicReference<SourceStatus> status) {
    status.updateAndGet(
        s -> s.state() == State.RUNNING ? new SourceStatus(s.name(), State.STOPPED, "") : s);
  }

  private void pollLoop() {
    try {
      while (running) {
        iterateIfDue();
        source.poll(POLL_TIMEOUT, joiner::accept);
        housekeeping();
      }
      // Stopping: take what is already in the ring buffer before detaching.
      source.poll(Duration.ZERO, joiner::accept);
    } catch (RuntimeException e) {
      fail(tracer, e);
    } finally {
      closeSource();
      housekeeping();
    }
  }

  private void housekeeping() {
    long now = System.nanoTime();
    joiner.expire(now);
    capture.drainTo(store);
    probes.ifPresent(p -> p.drainTo(store, Duration.ZERO));
    if (lastLossCheck == Long.MIN_VALUE || now - lastLossCheck >= LOSS_CHECK_NANOS) {
      lastLossCheck = now;
      lossDeltas();
    }
    // Before the store publishes: a reader woken by that snapshot finds the history as fresh.
    history.tick();
    if (now - lastTlsHandOff >= LOSS_CHECK_NANOS) {
      lastTlsHandOff = now;
      Instant settled = clock.instant().minus(tlsSettle);
      history.keepHandshakes(store.handshakesIn(history.handshakesHandedOver(), settled), settled);
    }
    store.publishIfDue();
  }

  /** The source reports totals; the store counts events: the difference since last time. */
  private void lossDeltas() {
    Map<String, Long> totals;
    try {
      totals = source.losses();
    } catch (RuntimeException e) {
      return;
    }
    totals.forEach(
        (reason, total) -> {
          long delta = total - lossTotals.getOrDefault(reason, 0L);
          if (delta > 0) {
            store.accept(new EventsLost("tracer", reason, delta));
            lossTotals.put(reason, total);
          }
        });
  }

  /**
   * Runs the socket iterator when it is due, on this thread: its records are joined as they are
   * read (a list of 200,000 outlived young collections and grew the heap), and nothing else touches
   * the joiner meanwhile. A failing iterator is reported and not run again; polling goes on.
   */
  private void iterateIfDue() {
    long now = System.nanoTime();
    if (!iterating || (nextIterationNanos != Long.MIN_VALUE && now - nextIterationNanos < 0)) {
      return;
    }
    // Whatever the ring buffer holds happened before the iteration begins (records wait there
    // for up to a poll timeout): joined first, a connection that closed just before the
    // iteration is closed, not taken for one that vanished without its close.
    for (int round = 0; round < DRAIN_ROUNDS && source.poll(Duration.ZERO, joiner::accept) > 0; ) {
      round++;
    }
    long started = System.nanoTime();
    joiner.beginIteration(started);
    try {
      source.iterate(joiner::iterationRecord);
      joiner.endIteration();
    } catch (RuntimeException e) {
      joiner.abandonIteration();
      fail(iterator, e);
      iterating = false;
    }
    nextIterationNanos = System.nanoTime() + iterateEveryNanos;
  }

  private void closeSource() {
    try {
      source.close();
    } catch (RuntimeException e) {
      log.println("tcpmap: closing the socket tracer failed: " + e.getMessage());
    }
  }

  private void fail(AtomicReference<SourceStatus> status, RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    // Logged before the state changes, so whoever sees FAILED also finds the line.
    log.println("tcpmap: " + status.get().name() + " failed: " + message);
    status.set(new SourceStatus(status.get().name(), State.FAILED, message));
  }
}
