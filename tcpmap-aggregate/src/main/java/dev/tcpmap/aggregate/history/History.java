package dev.tcpmap.aggregate.history;

import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.store.EdgeSums;
import dev.tcpmap.store.HandshakeStore;
import dev.tcpmap.store.MemoryHandshakeStore;
import dev.tcpmap.store.MemoryRollupStore;
import dev.tcpmap.store.RangeSums;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.RollupStore;
import dev.tcpmap.store.StoreConfig;
import dev.tcpmap.store.StoreException;
import dev.tcpmap.store.StoredEdge;
import dev.tcpmap.store.Window;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The agent's history: the aggregator's completed buckets kept in a {@link RollupStore}, SQLite by
 * default, so that a window has exact sums that survive a restart, and its settled TLS handshakes
 * in a {@link HandshakeStore}.
 *
 * <pre>
 *   pipeline (its lock): handOver(drained, pending) ─▶ queue;  publishPending(pending) for queries
 *   writer thread:       queue ─▶ durable.write  (failing: ─▶ fallback, in memory; counted, said, logged once)
 *   any thread:          query(window) = durable + fallback + queued + pending
 * </pre>
 *
 * A batch is in exactly one of: the aggregator's pending buckets, the queue ({@code inFlight}), the
 * durable store or the fallback. The hand-offs between them happen under the write lock and a query
 * reads all four under the read lock, so that a window never counts a rollup twice or misses one. A
 * crash (SIGKILL) loses what is not yet written: the bucket in flight and its grace, and any queued
 * batch; {@link #finish} at a graceful stop writes everything.
 */
public final class History implements AutoCloseable {
  static final String SOURCE = "history";

  /** How long after a bucket ends it waits for late events before it is written. */
  public static final Duration GRACE = Duration.ofSeconds(2);

  /** Loss reason: rollups of a batch that summed past a {@code long} in the store. */
  static final String OVERFLOW = "write-overflow";

  private final StoreConfig config;
  private final RollupStore durable;
  private final MemoryRollupStore fallback;
  private final HandshakeStore tls;
  private final MemoryHandshakeStore tlsFallback;
  private final int tlsQueryLimit;
  private final LinkedBlockingQueue<TlsBatch> tlsQueue = new LinkedBlockingQueue<>();

  /** Handshakes handed over, and the instant up to which they are all of them. */
  private record TlsBatch(List<TlsHandshake> handshakes, Instant upTo) {}

  /** Every handshake captured before this instant is written (or in the fallback). */
  private volatile Instant tlsWritten = Instant.EPOCH;

  /** Handshakes before this instant have been handed to the writer. Poll thread only. */
  private Instant tlsHandedOver = Instant.EPOCH;

  private final String where;
  private final InstantSource clock;
  private final PrintStream log;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final LinkedBlockingQueue<List<Rollup>> queue = new LinkedBlockingQueue<>();
  private final List<List<Rollup>> inFlight = new ArrayList<>();
  private final Thread writer;
  private final AtomicReference<SourceStatus> status;
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private volatile List<Rollup> pending = List.of();
  private volatile Map<String, Long> tlsLosses = Map.of();
  private long nextMaintain = Long.MIN_VALUE;
  private boolean failureLogged;
  private volatile boolean finishing;

  /** Markers in the queue, known by identity. */
  private static final List<Rollup> END = new ArrayList<>();

  private static final List<Rollup> MAINTAIN = new ArrayList<>();

  private static final List<Rollup> TLS = new ArrayList<>();

  History(
      StoreConfig config,
      Optional<RollupStore> durable,
      Optional<HandshakeStore> tls,
      int maxTlsHandshakes,
      int tlsQueryLimit,
      String where,
      SourceStatus initial,
      InstantSource clock,
      PrintStream log) {
    this.config = config;
    this.fallback = new MemoryRollupStore(config);
    this.durable = durable.orElse(fallback);
    this.tlsFallback = new MemoryHandshakeStore(config, maxTlsHandshakes);
    this.tls = tls.orElse(tlsFallback);
    this.tlsQueryLimit = tlsQueryLimit;
    this.where = where;
    this.clock = clock;
    this.log = log;
    this.status = new AtomicReference<>(initial);
    this.writer = Thread.ofPlatform().name("tcpmap-history").unstarted(this::writeLoop);
    this.writer.start();
  }

  // ---- the pipeline's thread (under its lock) ----

  /**
   * Hands the buckets that are complete to the writer and publishes those still pending for
   * queries; now and then queues the store's maintenance. The pipeline, about once a second.
   */
  public void handOver(List<Rollup> batch, List<Rollup> stillPending) {
    publish(batch, stillPending);
    long now = clock.millis();
    if (nextMaintain == Long.MIN_VALUE || now >= nextMaintain) {
      nextMaintain = now + config.coarseMillis();
      queue.add(MAINTAIN);
    }
  }

  /** Publishes the buckets the aggregator still holds, for a query about to read. */
  public void publishPending(List<Rollup> stillPending) {
    publish(List.of(), stillPending);
  }

  /**
   * Hands the live handshakes captured in {@code [from, before)} to the writer, once each: the
   * caller gives them when they are settled (a probed chain had time to come). Poll thread only.
   *
   * @param settled the handshakes captured from the last call's {@code before} to this one's
   */
  public void keepHandshakes(List<TlsHandshake> settled, Instant before) {
    if (!before.isAfter(tlsHandedOver)) {
      return;
    }
    tlsHandedOver = before;
    // The batch first: the writer takes it when it meets the marker.
    tlsQueue.add(new TlsBatch(List.copyOf(settled), before));
    queue.add(TLS);
  }

  /** The instant up to which handshakes were handed over; the next call's {@code from}. */
  public Instant handshakesHandedOver() {
    return tlsHandedOver;
  }

  /** Queues {@code batch} for the writer and publishes what is pending, in one step for queries. */
  private void publish(List<Rollup> batch, List<Rollup> stillPending) {
    lock.writeLock().lock();
    try {
      if (!batch.isEmpty()) {
        inFlight.add(batch);
        queue.add(batch);
      }
      pending = List.copyOf(stillPending);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * At a graceful stop, after the last event: writes {@code last} (every bucket the aggregator
   * still held, the one in flight included) and waits for the writer.
   */
  public void finish(List<Rollup> last) {
    publish(last, List.of());
    endWriter();
  }

  /** Lets the writer write what is queued, then waits for it to end. */
  private void endWriter() {
    finishing = true;
    queue.add(END);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- any thread ----

  /**
   * The per-edge sums of every bucket overlapping {@code [from, to)} (epoch milliseconds), from
   * what is written and what is not yet; {@code from} below 0 is read as 0.
   */
  public RangeSums query(long fromMillis, long toMillis) {
    long from = Math.max(0, fromMillis);
    long to = Math.max(from, toMillis);
    lock.readLock().lock();
    try {
      RangeSums stored = durable.query(from, to);
      Window effective = stored.effective();
      Map<StoredEdge, EdgeSums> sums = new HashMap<>(stored.sided());
      if (durable != fallback) {
        merge(sums, fallback.query(effective.fromMillis(), effective.toMillis()));
      }
      List<Rollup> unwritten = new ArrayList<>(pending);
      inFlight.forEach(unwritten::addAll);
      if (!unwritten.isEmpty() && !effective.isEmpty()) {
        try (MemoryRollupStore recent = new MemoryRollupStore(config)) {
          recent.write(unwritten);
          merge(sums, recent.query(effective.fromMillis(), effective.toMillis()));
        }
      }
      return new RangeSums(stored.requested(), effective, sums);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void merge(Map<StoredEdge, EdgeSums> into, RangeSums more) {
    more.sided().forEach((edge, sums) -> into.merge(edge, sums, EdgeSums::plus));
  }

  /** {@code history}: running, or degraded while writes fail and the history is kept in memory. */
  public SourceStatus status() {
    return status.get();
  }

  /**
   * What the history lost since it opened, by {@code history/<reason>}: batches that summed past a
   * {@code long}, handshakes the store dropped to stay in its bound. Totals, not deltas.
   */
  public Map<String, Long> losses() {
    Map<String, Long> losses = new TreeMap<>();
    if (overflowed.get() > 0) {
      losses.put(SOURCE + "/" + OVERFLOW, overflowed.get());
    }
    tlsLosses.forEach((k, v) -> losses.merge(k, v, Long::sum));
    return losses;
  }

  /** Batches the store refused (kept in memory instead). */
  public long writeFailures() {
    return writeFailures.get();
  }

  /** Batches (of buckets or of handshakes) the store took, for {@code /metrics}. */
  public long writes() {
    return writes.get();
  }

  /** Where the history is kept, for the start-up line. */
  public String where() {
    return where;
  }

  /** Closes the store; after {@link #finish}. */
  @Override
  public void close() {
    if (!finishing) {
      endWriter();
    }
    lock.writeLock().lock();
    try {
      if (durable != fallback) {
        durable.close();
      }
      fallback.close();
      if (tls != tlsFallback) {
        tls.close();
      }
      tlsFallback.close();
    } finally {
      lock.writeLock().unlock();
    }
    status.updateAndGet(
        s -> s.state() == State.FAILED ? s : new SourceStatus(SOURCE, State.STOPPED, where));
  }

  // ---- writer thread ----

  private void writeLoop() {
    while (true) {
      List<Rollup> batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == END) {
        return;
      }
      if (batch == MAINTAIN) {
        maintain();
        continue;
      }
      if (batch == TLS) {
        TlsBatch tlsBatch = tlsQueue.poll();
        writeHandshakes(tlsBatch.handshakes(), tlsBatch.upTo());
        continue;
      }
      lock.writeLock().lock();
      try {
        write(batch);
        inFlight.removeIf(b -> b == batch);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  private void write(List<Rollup> batch) {
    try {
      write(batch, durable::write, fallback::write);
    } catch (ArithmeticException e) {
      // A sum past a long: refused whole by either store; counted as lost, not retried.
      overflowed.addAndGet(batch.size());
    }
  }

  private void writeHandshakes(List<TlsHandshake> batch, Instant upTo) {
    lock.writeLock().lock();
    try {
      if (!batch.isEmpty()) {
        write(batch, tls::write, tlsFallback::write);
      }
      tlsWritten = upTo;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Into the durable store; when it refuses, into memory, so that nothing is lost. */
  private <T> void write(List<T> batch, Consumer<List<T>> store, Consumer<List<T>> memory) {
    try {
      store.accept(batch);
      wrote();
    } catch (StoreException e) {
      memory.accept(batch);
      failed(e);
    }
  }

  /**
   * The handshakes captured in {@code [from, to)} that are written, at most the query limit ({@code
   * agent.max-handshakes}) of the newest, and the instant they are written up to: those captured
   * from then on are still only the live store's, and the caller takes them from there.
   */
  public StoredHandshakes storedHandshakes(long fromMillis, long toMillis) {
    lock.readLock().lock();
    try {
      Instant written = tlsWritten;
      long from = Math.max(0, fromMillis);
      long to = Math.max(from, Math.min(toMillis, written.toEpochMilli()));
      List<TlsHandshake> out = new ArrayList<>(tls.query(from, to, tlsQueryLimit).handshakes());
      if (tls != tlsFallback) {
        out.addAll(tlsFallback.query(from, to, tlsQueryLimit).handshakes());
      }
      return new StoredHandshakes(out, written);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Handshakes read from the history, and the instant up to which it holds them.
   *
   * @param handshakes the stored handshakes of the window
   * @param writtenUpTo every handshake captured before it is stored; the later ones are live only
   */
  public record StoredHandshakes(List<TlsHandshake> handshakes, Instant writtenUpTo) {}

  /** Handshakes captured before this instant are in the store, the later ones are live only. */
  public Instant handshakesWritten() {
    return tlsWritten;
  }

  /** After a write that worked: a history degraded by failed writes says that it writes again. */
  private void wrote() {
    writes.incrementAndGet();
    if (writeFailures.get() > 0 && status.get().state() == State.DEGRADED) {
      status.set(
          new SourceStatus(
              SOURCE,
              State.DEGRADED,
              "writing works again; "
                  + writeFailures.get()
                  + " batches that failed are kept in memory only: "
                  + where));
    }
  }

  /** A write the file refused, its batch kept in memory: counted, said, logged the first time. */
  private void failed(StoreException e) {
    long failures = writeFailures.incrementAndGet();
    status.set(
        new SourceStatus(
            SOURCE,
            State.DEGRADED,
            failures
                + " writes failed, history kept in memory since (lost at exit): "
                + e.getMessage()));
    logOnce(e);
  }

  private void logOnce(StoreException e) {
    if (!failureLogged) {
      failureLogged = true;
      log.println(
          "tcpmap: history: writing failed ("
              + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + "), keeping it in memory; further failures are counted in /api/v1/status: "
              + e.getMessage());
    }
  }

  private void maintain() {
    long now = clock.millis();
    try {
      durable.maintain(now);
    } catch (StoreException e) {
      writeFailures.incrementAndGet();
    }
    if (durable != fallback) {
      fallback.maintain(now);
    }
    try {
      tls.maintain(now);
      tlsLosses = tls.losses();
    } catch (StoreException e) {
      writeFailures.incrementAndGet();
    }
    if (tls != tlsFallback) {
      tlsFallback.maintain(now);
    }
  }
}
