package dev.tcpmap.aggregate.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The agent's history on a real file system that fails under it (a small tmpfs mounted for the
 * test): full while the agent runs, read-only when it starts. The agent keeps the history in
 * memory, counts nothing twice and loses nothing, says so in its status and logs once.
 */
@Tag("privileged")
class PrivilegedHistoryFailureTest {
  private final HistoryHarness harness = new HistoryHarness(100_000);

  @TempDir Path dir;

  @BeforeAll
  static void loadSqliteElsewhere() throws Exception {
    Tmpfs.requireMountable();
    // The native library must not be unpacked into the small file system the test fills.
    SQLiteJDBCLoader.initialize();
  }

  private final Aggregator aggregator = harness.aggregator;

  @Test
  void diskFullWhileRunning_historyKeptInMemory_exact_saidAndLoggedOnce() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("full"), "size=8m");
        History history = harness.open(tmpfs.path().toString())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.RUNNING);
      Path filler = tmpfs.fill("filler");

      long made = feed(history, 60);
      awaitWriter(history);

      assertThat(history.status().state()).isEqualTo(SourceStatus.State.DEGRADED);
      assertThat(history.status().message()).contains("writes failed");
      assertThat(history.writeFailures()).isPositive();
      assertThat(harness.opened(history)).isEqualTo(made);
      String text = harness.log();
      assertThat(text.split("writing failed", -1)).hasSize(2);
      assertThat(text).contains("disk full").doesNotContain("\tat ");

      // Room again: later batches go to the file, the ones kept in memory stay counted once.
      Files.delete(filler);
      made += feed(history, 30);
      history.finish(aggregator.finish());
      assertThat(harness.opened(history)).isEqualTo(made);
      assertThat(history.status().message()).contains("writing works again");
    }
  }

  @Test
  void readOnlyDirectoryAtStart_historyInMemory_saidAndLogged() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("ro"), "size=1m,ro");
        History history = harness.open(tmpfs.path().toString())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.DEGRADED);
      assertThat(history.status().message()).contains("history kept in memory only");
      assertThat(history.where()).startsWith("memory (");

      long made = feed(history, 25);
      assertThat(harness.opened(history)).isEqualTo(made);
      assertThat(harness.log()).contains("cannot open");
    }
  }

  /** Connections to 40 servers a second, each with its own edge, ticking each second. */
  private long feed(History history, int seconds) {
    long made = 0;
    for (int i = 0; i < seconds; i++) {
      Instant start = harness.clock.instant();
      for (int j = 0; j < 40; j++) {
        aggregator.accept(
            new ConnectionClosed(
                TestConnections.connection(
                    "10.0.0.1",
                    40_000 + j,
                    "10.1." + (i % 250) + "." + j,
                    80,
                    start,
                    Duration.ofMillis(300),
                    100,
                    100)));
        made++;
      }
      harness.tick(history);
    }
    return made;
  }

  /** Until the writer has taken what was handed over (bounded: 10 s). */
  private static void awaitWriter(History history) throws InterruptedException {
    for (int i = 0; i < 100 && history.writeFailures() == 0; i++) {
      Thread.sleep(100);
    }
  }
}
