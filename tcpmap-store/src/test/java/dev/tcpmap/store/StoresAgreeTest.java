package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.HOUR;
import static dev.tcpmap.store.Fixtures.MINUTE;
import static dev.tcpmap.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tcpmap.core.model.EdgeKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * The memory and the SQLite store give equal answers to random batches written over 20 minutes,
 * downsampled at a random time, queried on random ranges across both resolutions.
 */
class StoresAgreeTest {

  private static final List<EdgeKey> EDGES =
      List.of(Fixtures.WEB_DB, Fixtures.WEB_OUT, Fixtures.CURL_OUT);

  @TempDir Path dir;
  private int run;

  @Test
  void randomBatchesMaintenanceAndRanges_sameAnswers() {
    qt().withExamples(60)
        .forAll(
            lists().of(rollups(20 * MINUTE)).ofSizeBetween(0, 60),
            longs().between(0, 20 * MINUTE),
            longs().between(0, 20 * MINUTE),
            longs().between(0, 20 * MINUTE))
        .checkAssert(this::agree);
  }

  /**
   * Hours of data with a retention of 2 h, downsampled after 1 h: ranges read the 10 min and 1 h
   * levels, the retention cuts through them, late writes land before and after both boundaries.
   */
  @ParameterizedTest
  @MethodSource("widths")
  void hoursOfDataRetentionAndLevels_sameAnswers(StoreConfig config) {
    qt().withExamples(25)
        .forAll(
            lists().of(rollups(4 * HOUR)).ofSizeBetween(0, 80),
            longs().between(HOUR, 5 * HOUR),
            longs().between(0, 4 * HOUR),
            longs().between(0, 4 * HOUR))
        .checkAssert((r, at, from, length) -> agree(config, r, at - DAY, from, length));
  }

  static List<StoreConfig> widths() {
    Duration hour = Duration.ofHours(1);
    Duration twoHours = Duration.ofHours(2);
    return List.of(
        new StoreConfig(Duration.ofSeconds(10), Duration.ofMinutes(1), hour, twoHours),
        new StoreConfig(Duration.ofMinutes(1), Duration.ofMinutes(1), hour, twoHours),
        new StoreConfig(Duration.ofSeconds(10), Duration.ofMinutes(5), hour, twoHours));
  }

  private void agree(List<Rollup> rollups, Long maintainAt, Long from, Long length) {
    agree(StoreConfig.DEFAULTS, rollups, maintainAt, from, length);
  }

  private void agree(
      StoreConfig config, List<Rollup> rollups, Long maintainAt, Long from, Long length) {
    try (RollupStore memory = new MemoryRollupStore(config);
        RollupStore sqlite =
            SqliteRollupStore.open(dir.resolve("agree-" + run++ + ".db"), config)) {
      int half = rollups.size() / 2;
      for (RollupStore s : List.of(memory, sqlite)) {
        s.write(rollups.subList(0, half));
        assertThat(s.maintain(T0 + DAY + maintainAt)).isNotNull();
        s.write(rollups.subList(half, rollups.size()));
      }
      assertThat(sqlite.maintain(T0 + DAY + maintainAt))
          .isEqualTo(memory.maintain(T0 + DAY + maintainAt));
      long start = T0 + from;
      for (long[] range : new long[][] {{start, start + length}, {T0, T0 + 4 * HOUR}}) {
        assertThat(sqlite.query(range[0], range[1])).isEqualTo(memory.query(range[0], range[1]));
      }
      assertThat(sqlite.stats().rows()).isEqualTo(memory.stats().rows());
      long later = T0 + DAY + maintainAt + 17 * MINUTE;
      assertThat(sqlite.maintain(later)).isEqualTo(memory.maintain(later));
      assertThat(sqlite.query(start, start + length))
          .isEqualTo(memory.query(start, start + length));
    }
  }

  private static Gen<Rollup> rollups(long span) {
    Gen<Counters> counters =
        integers()
            .between(0, 2)
            .zip(
                longs().between(0, 3_000_000_000L),
                integers().between(0, Counters.End.values().length - 1),
                (kind, amount, end) ->
                    switch (kind) {
                      case 0 -> Counters.opened(1 + amount % 5);
                      case 1 -> Counters.bytes(amount, amount / 3);
                      default ->
                          Counters.ended(
                              Counters.End.values()[end], amount, amount > 1_000_000_000L);
                    });
    return longs()
        .between(0, span - 1)
        .zip(
            integers().between(0, EDGES.size() - 1),
            counters,
            (at, edge, c) -> new Rollup(T0 + at, EDGES.get(edge), c));
  }
}
