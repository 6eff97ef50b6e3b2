package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.MINUTE;
import static dev.tcpmap.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tcpmap.core.aggregate.EdgeKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            lists().of(rollups()).ofSizeBetween(0, 60),
            longs().between(0, 20 * MINUTE),
            longs().between(0, 20 * MINUTE),
            longs().between(0, 20 * MINUTE))
        .checkAssert(this::agree);
  }

  private void agree(List<Rollup> rollups, Long maintainAt, Long from, Long length) {
    try (RollupStore memory = new MemoryRollupStore(StoreConfig.DEFAULTS);
        RollupStore sqlite =
            SqliteRollupStore.open(dir.resolve("agree-" + run++ + ".db"), StoreConfig.DEFAULTS)) {
      int half = rollups.size() / 2;
      for (RollupStore s : List.of(memory, sqlite)) {
        s.write(rollups.subList(0, half));
        assertThat(s.maintain(T0 + DAY + maintainAt)).isNotNull();
        s.write(rollups.subList(half, rollups.size()));
      }
      assertThat(sqlite.maintain(T0 + DAY + maintainAt))
          .isEqualTo(memory.maintain(T0 + DAY + maintainAt));
      long start = T0 + from;
      for (long[] range : new long[][] {{start, start + length}, {T0, T0 + 20 * MINUTE}}) {
        assertThat(sqlite.query(range[0], range[1])).isEqualTo(memory.query(range[0], range[1]));
      }
      assertThat(sqlite.stats().rows()).isEqualTo(memory.stats().rows());
    }
  }

  private static Gen<Rollup> rollups() {
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
        .between(0, 20 * MINUTE - 1)
        .zip(
            integers().between(0, EDGES.size() - 1),
            counters,
            (at, edge, c) -> new Rollup(T0 + at, EDGES.get(edge), c));
  }
}
