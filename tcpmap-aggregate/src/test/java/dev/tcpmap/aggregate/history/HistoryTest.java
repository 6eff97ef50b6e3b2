package dev.tcpmap.aggregate.history;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  private final HistoryHarness harness = new HistoryHarness(1_000);
  private final Aggregator aggregator = harness.aggregator;

  @TempDir Path dir;

  /**
   * One closed connection a second for {@code seconds}, 100 bytes each way, handing over each
   * second as the pipeline does.
   */
  private long feed(History history, int seconds, List<Long> totals) {
    long opened = 0;
    for (int i = 0; i < seconds; i++) {
      Instant start = harness.clock.instant();
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
      harness.tick(history);
      // Whatever the writer has done by now, a window holding everything counts every one once.
      history.publishPending(aggregator.pending());
      totals.add(harness.opened(history));
    }
    return opened;
  }

  @Test
  void query_whileBucketsMoveFromBuilderToQueueToFile_countsEachConnectionOnce() {
    try (History history = harness.open(dir.toString())) {
      List<Long> totals = new ArrayList<>();
      long made = feed(history, 45, totals);

      for (int i = 0; i < totals.size(); i++) {
        assertThat(totals.get(i)).as("after %d connections", i + 1).isEqualTo(i + 1);
      }
      history.finish(aggregator.finish());
      assertThat(harness.opened(history)).isEqualTo(made);
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.RUNNING);
    }
    // Reopened: everything was written.
    try (History again = harness.open(dir.toString())) {
      assertThat(harness.opened(again)).isEqualTo(45);
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

    try (History history = harness.open(dir.toString())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.RUNNING);
      List<Long> totals = new ArrayList<>();
      feed(history, 3, totals);
      assertThat(totals).containsExactly(1L, 2L, 3L);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith(Histories.FILE + ".damaged-"));
    }
    assertThat(harness.log())
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

    try (History history = harness.open(dir.toString())) {
      assertThat(history.status().state()).isEqualTo(SourceStatus.State.DEGRADED);
      assertThat(history.status().message()).contains("not a tcpmap store");
      List<Long> totals = new ArrayList<>();
      feed(history, 3, totals);
      assertThat(totals).containsExactly(1L, 2L, 3L);
    }
    assertThat(Files.size(file)).isPositive();
    assertThat(harness.log()).contains("history kept in memory only");
  }

  @Test
  void dataDirNone_keepsTheHistoryInMemory() {
    try (History history = harness.open(StoreSettings.NONE)) {
      assertThat(history.where()).startsWith("memory (store.data-dir=none)");
      List<Long> totals = new ArrayList<>();
      feed(history, 15, totals);
      assertThat(totals.getLast()).isEqualTo(15);
    }
    assertThat(dir).isEmptyDirectory();
  }
}
