package dev.tcpmap.ebpf;

import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.LossTotals;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.ebpf.cgroup.ContainerNames;
import dev.tcpmap.ebpf.join.MonotonicClock;
import dev.tcpmap.ebpf.join.SocketJoiner;
import dev.tcpmap.ebpf.socket.SocketSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live agent's connections: the eBPF socket tracer and its socket iterator ({@link
 * SocketSource}), joined into connection events ({@link SocketJoiner}) on one platform thread.
 *
 * <pre>
 *   poll thread (platform: runs native upcalls)
 *     source.poll(100 ms) ─▶ joiner ─▶ sink
 *     every iterate-every: drain the ring, then source.iterate ─▶ joiner ─▶ sink
 *     joiner.expire (held closes reported after their grace), each second the source's new
 *       losses ─▶ EventsLost ─▶ sink
 * </pre>
 *
 * The joiner is touched only by the poll thread until {@link #stop} has joined it. {@link #stop}:
 * polling ends, what the ring buffer still holds is read, the programs are detached (the source
 * closed), the held closes are reported. Two parts in the status: {@code socket-tracer} and {@code
 * socket-iterator}; a failing iterator is reported and not run again, polling goes on.
 */
public final class TracerSource implements Source {
  static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final long LOSS_CHECK_NANOS = 1_000_000_000L;

  /** Bounds the draining before an iteration under a flood (each round takes up to a batch). */
  private static final int DRAIN_ROUNDS = 1024;

  /** Loss source of what the tracer lost (ring buffer full, evicted socket state, …). */
  static final String LOSS_SOURCE = "tracer";

  private final SocketSource source;
  private final ContainerNames containers;
  private final int maxSockets;
  private final long iterateEveryNanos;
  private final PrintStream log;
  private final AtomicReference<SourceStatus> tracer =
      new AtomicReference<>(new SourceStatus("socket-tracer", State.RUNNING, ""));
  private final AtomicReference<SourceStatus> iterator =
      new AtomicReference<>(new SourceStatus("socket-iterator", State.RUNNING, ""));
  private final Thread pollThread = Thread.ofPlatform().name("tcpmap-poll").unstarted(this::run);
  private final LossTotals losses = new LossTotals();
  private SocketJoiner joiner;
  private EventSink sink;
  private volatile boolean running = true;
  private boolean stopped;
  private boolean iterating = true;
  private long nextIterationNanos = Long.MIN_VALUE;
  private long lastLossCheck = Long.MIN_VALUE;

  /**
   * @param source an opened tracer (or, in tests, a scripted one); this source closes it
   * @param maxSockets most connections the joiner holds ({@code tracer.max-sockets})
   * @param iterateEvery how often the iterator reads every live socket ({@code
   *     tracer.iterate-every}); the first run is at once, to find the sockets that predate the
   *     agent
   * @param log where one line per failure goes (stderr)
   */
  public TracerSource(SocketSource source, int maxSockets, Duration iterateEvery, PrintStream log) {
    this(source, ContainerNames.NONE, maxSockets, iterateEvery, log);
  }

  /**
   * @param containers names the container of each end's cgroup; what it could not name is reported
   *     with the tracer's losses
   */
  public TracerSource(
      SocketSource source,
      ContainerNames containers,
      int maxSockets,
      Duration iterateEvery,
      PrintStream log) {
    this.source = Objects.requireNonNull(source, "source");
    this.containers = Objects.requireNonNull(containers, "containers");
    this.maxSockets = maxSockets;
    this.iterateEveryNanos = iterateEvery.toNanos();
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void start(EventSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.joiner =
        new SocketJoiner(
            sink, MonotonicClock.system(), SocketJoiner.DEFAULT_GRACE, maxSockets, containers);
    pollThread.start();
  }

  @Override
  public List<SourceStatus> status() {
    return List.of(tracer.get(), iterator.get());
  }

  /**
   * Stops polling (what the ring buffer holds is still read), detaches the programs and reports the
   * held closes. Idempotent; waits for the poll thread.
   */
  @Override
  public synchronized void stop() {
    if (stopped || joiner == null) {
      stopped = true;
      return;
    }
    stopped = true;
    running = false;
    try {
      pollThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The poll thread has ended: the joiner is this thread's now.
    joiner.drain();
    stopped(tracer);
    stopped(iterator);
  }

  private static void stopped(AtomicReference<SourceStatus> status) {
    status.updateAndGet(
        s -> s.state() == State.RUNNING ? new SourceStatus(s.name(), State.STOPPED, "") : s);
  }

  private void run() {
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
    if (lastLossCheck == Long.MIN_VALUE || now - lastLossCheck >= LOSS_CHECK_NANOS) {
      lastLossCheck = now;
      try {
        Map<String, Long> totals = new HashMap<>(source.losses());
        totals.putAll(containers.losses());
        losses.report(totals, LOSS_SOURCE, sink);
      } catch (RuntimeException e) {
        // a source that cannot say its losses now says them at the next check
      }
    }
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
    joiner.beginIteration(System.nanoTime());
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
