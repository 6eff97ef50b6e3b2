package dev.tcpmap.kubernetes;

import static org.assertj.core.api.Assertions.fail;

import dev.tcpmap.core.source.SourceStatus.State;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: informers deliver on their own time. */
final class Await {
  /**
   * Long enough for an informer on a loaded machine (at load 25 on 2 cores the mock API server's
   * answers outlast the client's 10 s timeout and it retries); a passing test waits far less.
   */
  static final Duration WAIT = Duration.ofSeconds(90);

  private Await() {}

  /** Until the watch has synced its informers and says so. */
  static void running(ClusterWatch watch) {
    until(WAIT, () -> watch.status().state() == State.RUNNING, () -> watch.status().toString());
  }

  static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within " + timeout + "; last state: " + state.get());
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
