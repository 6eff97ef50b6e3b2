package dev.tcpmap.core.event;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * For a part that counts its losses where it cannot hand an event on (a lookup queue that was full,
 * a Kubernetes index that forgot an owner): a virtual thread that reports what is new in its totals
 * as {@link EventsLost} once a second, and once more when closed.
 */
public final class LossReporter implements AutoCloseable {
  private static final Duration EVERY = Duration.ofSeconds(1);

  private final Supplier<Map<String, Long>> totals;
  private final String defaultSource;
  private final EventSink sink;
  private final LossTotals reported = new LossTotals();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread thread;

  private LossReporter(
      String name, Supplier<Map<String, Long>> totals, String defaultSource, EventSink sink) {
    this.totals = Objects.requireNonNull(totals, "totals");
    this.defaultSource = Objects.requireNonNull(defaultSource, "defaultSource");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
  }

  /**
   * Starts reporting {@code totals} (by {@code source/reason}, or by reason of {@code
   * defaultSource}) to {@code sink}.
   */
  public static LossReporter start(
      String name, Supplier<Map<String, Long>> totals, String defaultSource, EventSink sink) {
    LossReporter reporter = new LossReporter(name, totals, defaultSource, sink);
    reporter.thread.start();
    return reporter;
  }

  private void run() {
    try {
      while (!closing.await(EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
        report();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void report() {
    reported.report(totals.get(), defaultSource, sink);
  }

  /** Stops, after reporting what is new. Idempotent. */
  @Override
  public void close() {
    closing.countDown();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    report();
  }
}
