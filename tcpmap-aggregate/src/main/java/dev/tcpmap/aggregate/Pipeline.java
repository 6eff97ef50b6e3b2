package dev.tcpmap.aggregate;

import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.event.LossTotals;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.store.RangeSums;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one event path: every source's events, through the enrich stages, into the aggregator, and
 * from it the completed buckets into the history.
 *
 * <pre>
 *   sources (their own threads) ──accept──▶ [lock] count ─▶ stage ─▶ … ─▶ aggregator
 *   ticker (once a second)      ──────────▶ [lock] aggregator.drain ─▶ history (its writer thread)
 *                                                 settled handshakes ─▶ history
 *   readers (request threads)   ──────────▶ [lock] aggregator.snapshot(), history's pending buckets
 * </pre>
 *
 * One lock serializes the stages and the aggregator, so each is written by one thread at a time and
 * keeps its state without locks of its own; a source's thread holds it for one event at a time
 * (microseconds), a reader for one snapshot (about 1 ms per 100k records). Events delivered after
 * {@link #stop} are ignored.
 *
 * <p>{@link #stop} is the graceful end (SIGTERM, Ctrl-C, the end of a file): each source stops in
 * turn and delivers what it still holds (the tracer its held closes, capture the handshakes it
 * still reads), every handshake and every bucket, the one in flight included, goes to the history,
 * and the history is closed. Snapshots still answer afterwards, with the last state.
 */
public final class Pipeline implements EventSink, AutoCloseable {
  private static final long TICK_MILLIS = 1_000;

  private final Object lock = new Object();
  private final List<EventStage> stages;
  private final List<EventStage.Downstream> downstream = new ArrayList<>();
  private final Aggregator aggregator;
  private final Optional<History> history;
  private final Duration tlsSettle;
  private final InstantSource clock;
  private final List<Source> sources = new ArrayList<>();
  // Counted once per event under the lock: a mutable cell per kind (the kinds are constants), not
  // a boxed Long merged into a sorted map, which allocated and compared strings on every event.
  private final Map<String, long[]> events = new HashMap<>();
  private final LossTotals historyLosses = new LossTotals();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread ticker;
  private boolean stopped;

  /**
   * @param stages the enrich stages, in order, between the sources and the aggregator
   * @param history where completed buckets and settled handshakes go; empty for a capture file
   * @param tlsSettle how long a handshake stays only in memory before the history keeps it: a probe
   *     of its server has then had time to attach its chain
   */
  public Pipeline(
      List<EventStage> stages,
      Aggregator aggregator,
      Optional<History> history,
      Duration tlsSettle,
      InstantSource clock) {
    this.stages = List.copyOf(stages);
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.history = Objects.requireNonNull(history, "history");
    this.tlsSettle = Objects.requireNonNull(tlsSettle, "tlsSettle");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (int i = 0; i < this.stages.size(); i++) {
      int next = i + 1;
      downstream.add(
          new EventStage.Downstream() {
            @Override
            public void accept(Event event) {
              dispatch(event, next);
            }

            @Override
            public void count(String kind) {
              Pipeline.this.count(kind);
            }
          });
    }
    this.ticker = Thread.ofPlatform().name("tcpmap-pipeline").daemon().unstarted(this::tickLoop);
  }

  /**
   * Starts the sources, in order, each delivering here, and the ticker that hands buckets to the
   * history. A source that fails to start stops the ones started before it and is thrown.
   */
  public void start(List<Source> toStart) {
    ticker.start();
    for (Source source : toStart) {
      try {
        source.start(this);
      } catch (RuntimeException e) {
        stop();
        throw e;
      }
      sources.add(source);
    }
  }

  /** One event from any source's thread. */
  @Override
  public void accept(Event event) {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      count(event.kind());
      dispatch(event, 0);
    }
  }

  private void dispatch(Event event, int stage) {
    if (stage == stages.size()) {
      aggregator.accept(event);
    } else {
      stages.get(stage).accept(event, downstream.get(stage));
    }
  }

  /** What the aggregator holds as of now. Any thread. */
  public Snapshot snapshot() {
    synchronized (lock) {
      return aggregator.snapshot();
    }
  }

  /** A value read from the aggregator under the lock, e.g. a count. Any thread. */
  public <T> T read(Function<Aggregator, T> reader) {
    synchronized (lock) {
      return reader.apply(aggregator);
    }
  }

  /** Events received by kind, and counts the stages added. Any thread. */
  public Map<String, Long> events() {
    synchronized (lock) {
      Map<String, Long> out = new TreeMap<>();
      events.forEach((kind, n) -> out.put(kind, n[0]));
      return Collections.unmodifiableMap(out);
    }
  }

  private void count(String kind) {
    events.computeIfAbsent(kind, k -> new long[1])[0]++;
  }

  /**
   * The history's per-edge sums of {@code [from, to)}: what it wrote, what it holds, and the
   * buckets still in the aggregator. Any thread; reads SQLite outside the lock.
   *
   * @throws IllegalStateException without a history
   */
  public RangeSums history(long fromMillis, long toMillis) {
    History h = history.orElseThrow(() -> new IllegalStateException("no history"));
    synchronized (lock) {
      h.publishPending(aggregator.pending());
    }
    return h.query(fromMillis, toMillis);
  }

  /** The history, when there is one. */
  public Optional<History> historyStore() {
    return history;
  }

  /** Every source's parts and the history, for {@code /api/v1/status}. Any thread. */
  public List<SourceStatus> status() {
    List<SourceStatus> out = new ArrayList<>();
    List<Source> started;
    synchronized (lock) {
      started = List.copyOf(sources);
    }
    started.forEach(s -> out.addAll(s.status()));
    history.ifPresent(h -> out.add(h.status()));
    return out;
  }

  private void tickLoop() {
    try {
      while (!stopping.await(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
        synchronized (lock) {
          if (!stopped) {
            tick();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands completed buckets and settled handshakes to the history. Under the lock. */
  private void tick() {
    if (history.isEmpty()) {
      return;
    }
    History h = history.get();
    Instant now = clock.instant();
    h.handOver(aggregator.drain(now), aggregator.pending());
    Instant settled = now.minus(tlsSettle);
    h.keepHandshakes(aggregator.handshakesIn(h.handshakesHandedOver(), settled), settled);
    historyLosses.report(h.losses(), "history", aggregator);
  }

  /**
   * Stops every source (each delivers what it still holds), then writes the whole history (every
   * handshake, every bucket, the one in flight included) and closes it. Idempotent.
   */
  public void stop() {
    synchronized (lock) {
      if (stopped) {
        return;
      }
    }
    stopping.countDown();
    try {
      ticker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Source source : List.copyOf(sources)) {
      source.stop();
    }
    synchronized (lock) {
      history.ifPresent(
          h -> {
            // Every handshake now, settled or not: nothing comes after.
            Instant end = clock.instant().plusSeconds(1);
            h.keepHandshakes(aggregator.handshakesIn(h.handshakesHandedOver(), end), end);
            h.finish(aggregator.finish());
            h.close();
            historyLosses.report(h.losses(), "history", aggregator);
          });
      aggregator.snapshot();
      stopped = true;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
