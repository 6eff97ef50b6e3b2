package dev.tcpmap.aggregate.history;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.testing.Tmpfs;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.StoreConfig;
import dev.tcpmap.store.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
  private final AtomicLong now = new AtomicLong(T0.toEpochMilli());
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @TempDir Path dir;

  @BeforeAll
  static void loadSqliteElsewhere() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("mount");
    // The native library must not be unpacked into the small file system the test fills.
    SQLiteJDBCLoader.initialize();
  }

  private final Aggregator aggregator =
      new Aggregator(
          new Aggregator.Options(
              "agent",
              100_000,
              100,
              Optional.of(
                  new Aggregator.Options.History(
                      StoreConfig.DEFAULTS, History.GRACE, Duration.ofSeconds(10)))),
          Resolver.IP_ONLY,
          clock);

  private History open(Path dataDir) {
    return Histories.open(
        Configuration.load(
                List.of(StoreSettings.AREA), Map.of("store.data-dir", dataDir.toString()), Map.of())
            .get(StoreSettings.AREA),
        100,
        Map.of(),
        clock,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void diskFullWhileRunning_historyKeptInMemory_exact_saidAndLoggedOnce() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("full"), "size=8m");
        History history = open(tmpfs.path())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.RUNNING);
      Path filler = tmpfs.fill("filler");

      long made = feed(history, 60);
      awaitWriter(history);

      assertThat(history.status().state()).isEqualTo(SourceStatus.State.DEGRADED);
      assertThat(history.status().message()).contains("writes failed");
      assertThat(history.writeFailures()).isPositive();
      assertThat(opened(history)).isEqualTo(made);
      String text = log.toString(StandardCharsets.UTF_8);
      assertThat(text.split("writing failed", -1)).hasSize(2);
      assertThat(text).contains("disk full").doesNotContain("\tat ");

      // Room again: later batches go to the file, the ones kept in memory stay counted once.
      Files.delete(filler);
      made += feed(history, 30);
      history.finish(aggregator.finish());
      assertThat(opened(history)).isEqualTo(made);
      assertThat(history.status().message()).contains("writing works again");
    }
  }

  @Test
  void readOnlyDirectoryAtStart_historyInMemory_saidAndLogged() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("ro"), "size=1m,ro");
        History history = open(tmpfs.path())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.DEGRADED);
      assertThat(history.status().message()).contains("history kept in memory only");
      assertThat(history.where()).startsWith("memory (");

      long made = feed(history, 25);
      assertThat(opened(history)).isEqualTo(made);
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("cannot open");
    }
  }

  /** Connections to 40 servers a second, each with its own edge, ticking each second. */
  private long feed(History history, int seconds) {
    long made = 0;
    for (int i = 0; i < seconds; i++) {
      Instant start = Instant.ofEpochMilli(now.get());
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
      now.addAndGet(1_000);
      history.handOver(aggregator.drain(clock.instant()), aggregator.pending());
    }
    return made;
  }

  private long opened(History history) {
    return history.query(0, now.get() + 60_000).edges().values().stream()
        .mapToLong(Counters::opened)
        .sum();
  }

  /** Until the writer has taken what was handed over (bounded: 10 s). */
  private static void awaitWriter(History history) throws InterruptedException {
    for (int i = 0; i < 100 && history.writeFailures() == 0; i++) {
      Thread.sleep(100);
    }
  }
}
