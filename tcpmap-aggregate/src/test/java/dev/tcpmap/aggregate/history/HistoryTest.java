package dev.tcpmap.aggregate.history;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.testing.TestConnections;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  private final AtomicLong now = new AtomicLong(T0.toEpochMilli());
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @TempDir Path dir;

  private StoreSettings.Config config(String dataDir) {
    return Configuration.load(
            List.of(StoreSettings.AREA), Map.of("store.data-dir", dataDir), Map.of())
        .get(StoreSettings.AREA);
  }

  private final Aggregator aggregator =
      new Aggregator(
          new Aggregator.Options(
              "agent",
              1_000,
              100,
              Optional.of(
                  new Aggregator.Options.History(
                      StoreConfig.DEFAULTS, History.GRACE, Duration.ofSeconds(10)))),
          Resolver.IP_ONLY,
          clock);

  private History open(String dataDir) {
    return Histories.open(
        config(dataDir), 100, Map.of(), clock, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  /**
   * One closed connection a second for {@code seconds}, 100 bytes each way, handing over each
   * second as the pipeline does.
   */
  private long feed(History history, AtomicLong now, int seconds, List<Long> totals) {
    long opened = 0;
    for (int i = 0; i < seconds; i++) {
      Instant start = Instant.ofEpochMilli(now.get());
      aggregator.accept(
          new ConnectionClosed(
              TestConnections.connection(
                  "10.0.0.1",
                  40_000 + i,
                  "10.0.0.2",
                  80,
                  start,
                  Duration.ofMillis(300),
                  100,
                  100)));
      opened++;
      now.addAndGet(1_000);
      history.handOver(aggregator.drain(clock.instant()), aggregator.pending());
      // Whatever the writer has done by now, a window holding everything counts every one once.
      history.publishPending(aggregator.pending());
      totals.add(opened(history.query(0, now.get() + 60_000).edges().values()));
    }
    return opened;
  }

  private static long opened(java.util.Collection<Counters> counters) {
    return counters.stream().mapToLong(Counters::opened).sum();
  }

  @Test
  void query_whileBucketsMoveFromBuilderToQueueToFile_countsEachConnectionOnce() {
    try (History history = open(dir.toString())) {
      List<Long> totals = new ArrayList<>();
      long made = feed(history, now, 45, totals);

      for (int i = 0; i < totals.size(); i++) {
        assertThat(totals.get(i)).as("after %d connections", i + 1).isEqualTo(i + 1);
      }
      history.finish(aggregator.finish());
      assertThat(opened(history.query(0, now.get() + 60_000).edges().values())).isEqualTo(made);
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.RUNNING);
    }
    // Reopened: everything was written.
    try (History again = open(dir.toString())) {
      assertThat(opened(again.query(0, now.get() + 60_000).edges().values())).isEqualTo(45);
      // T0 is 2 s before a bucket's start: [T0 + 2 s, T0 + 12 s) is one whole bucket.
      assertThat(
              again.query(T0.toEpochMilli() + 2_000, T0.toEpochMilli() + 12_000).edges().values())
          .extracting(Counters::opened)
          .containsExactly(10L);
    }
  }

  @Test
  void open_aDamagedFile_isMovedAsideAndANewHistoryStarts() throws Exception {
    Path file = dir.resolve(Histories.FILE);
    Files.write(file, "SQLite format 3\0 but not really a database".repeat(200).getBytes());

    try (History history = open(dir.toString())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.RUNNING);
      List<Long> totals = new ArrayList<>();
      feed(history, now, 3, totals);
      assertThat(totals).containsExactly(1L, 2L, 3L);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith(Histories.FILE + ".damaged-"));
    }
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("is damaged")
        .contains("starting a new history")
        .doesNotContain("\tat ");
  }

  @Test
  void open_aFileOfAnotherProgram_staysAndTheHistoryIsKeptInMemory() throws Exception {
    Path file = dir.resolve(Histories.FILE);
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        var s = c.createStatement()) {
      s.execute("CREATE TABLE theirs(x INTEGER)");
    }

    try (History history = open(dir.toString())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.DEGRADED);
      assertThat(history.status().message()).contains("not a tcpmap store");
      List<Long> totals = new ArrayList<>();
      feed(history, now, 3, totals);
      assertThat(totals).containsExactly(1L, 2L, 3L);
    }
    assertThat(Files.size(file)).isPositive();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("history kept in memory only");
  }

  @Test
  void dataDirNone_keepsTheHistoryInMemory() {
    try (History history = open(StoreSettings.NONE)) {
      assertThat(history.where()).startsWith("memory (store.data-dir=none)");
      List<Long> totals = new ArrayList<>();
      feed(history, now, 15, totals);
      assertThat(totals.getLast()).isEqualTo(15);
    }
    assertThat(dir).isEmptyDirectory();
  }
}
