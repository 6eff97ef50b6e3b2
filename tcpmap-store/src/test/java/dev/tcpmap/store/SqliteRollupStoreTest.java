package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.CURL_OUT;
import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.HOUR;
import static dev.tcpmap.store.Fixtures.MINUTE;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.Fixtures.WEB_DB;
import static dev.tcpmap.store.Fixtures.WEB_OUT;
import static dev.tcpmap.store.Fixtures.ended;
import static dev.tcpmap.store.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRollupStoreTest extends RollupStoreContract
    implements SqliteFileContract<SqliteRollupStore, Rollup> {

  @TempDir Path dir;

  @Override
  protected RollupStore newStore(StoreConfig config) {
    return SqliteRollupStore.open(dir.resolve("contract/rollups.db"), config);
  }

  @Override
  public SqliteRollupStore open(Path file) {
    return SqliteRollupStore.open(file, StoreConfig.DEFAULTS);
  }

  /** One edge, a bucket each. */
  @Override
  public Rollup entry(int i) {
    return opened(T0 + i * 10 * SECOND, WEB_DB, i + 1);
  }

  @Override
  public void write(SqliteRollupStore store, List<Rollup> batch) {
    store.write(batch);
  }

  @Override
  public long bytesOnDisk(SqliteRollupStore store) {
    return store.stats().bytesOnDisk();
  }

  @Test
  void reopen_afterClose_keepsRowsEndpointsAndTheDownsampleBoundary() {
    Path file = dir.resolve("reopen.db");
    try (RollupStore first = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      first.write(
          List.of(
              opened(T0, WEB_DB, 3),
              ended(T0 + 70 * SECOND, WEB_OUT, Counters.End.TIMEOUT, 20_000)));
      first.maintain(T0 + DAY + MINUTE);
    }

    try (RollupStore second = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      RangeSums sums = second.query(T0 + 5 * SECOND, T0 + 2 * MINUTE);
      assertThat(sums.effective()).isEqualTo(new Window(T0, T0 + 2 * MINUTE));
      assertThat(sums.edges()).containsOnlyKeys(WEB_DB, WEB_OUT);
      assertThat(sums.edges().get(WEB_DB).opened()).isEqualTo(3);
      assertThat(sums.edges().get(WEB_OUT).timeout()).isEqualTo(1);
      assertThat(second.stats().endpoints()).isEqualTo(3);
    }
  }

  @Test
  void open_storeOfAnotherSchemaVersion_isNotAStore() throws SQLException {
    Path file = dir.resolve("future.db");
    SqliteRollupStore.open(file, StoreConfig.DEFAULTS).close();
    SqliteFileContract.execute(file, "UPDATE meta SET value = '99' WHERE key = 'schema'");

    assertThatThrownBy(() -> SqliteRollupStore.open(file, StoreConfig.DEFAULTS))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_A_STORE))
        .hasMessageContaining("schema version 99");
  }

  @Test
  void open_emptyFile_becomesAStore() throws IOException {
    Path file = dir.resolve("empty.db");
    Files.createFile(file);

    try (RollupStore s = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      s.write(List.of(opened(T0, WEB_DB, 1)));
      assertThat(s.stats().rows()).isEqualTo(1);
    }
  }

  @Test
  void query_cachedOrNot_sameAnswersAcrossLateWritesAndMaintenance() {
    try (RollupStore plain =
            SqliteRollupStore.open(dir.resolve("plain.db"), StoreConfig.DEFAULTS, 0);
        RollupStore big =
            SqliteRollupStore.open(dir.resolve("big.db"), StoreConfig.DEFAULTS, 1_000);
        RollupStore tiny =
            SqliteRollupStore.open(dir.resolve("tiny.db"), StoreConfig.DEFAULTS, 2)) {
      List<RollupStore> stores = List.of(plain, big, tiny);
      List<Rollup> hours = new ArrayList<>();
      for (long t = T0; t < T0 + 5 * HOUR; t += 10 * SECOND) {
        hours.add(opened(t, t % 3 == 0 ? WEB_DB : WEB_OUT, 1 + (t / SECOND) % 11));
      }
      stores.forEach(s -> s.write(hours));
      long from = T0 + 7 * MINUTE + 20 * SECOND;
      List<List<Rollup>> later =
          List.of(
              List.of(opened(T0 + 2 * HOUR + 5 * MINUTE, WEB_DB, 1_000)),
              List.of(opened(T0 + 30 * SECOND, CURL_OUT, 5)),
              List.of());
      for (List<Rollup> late : later) {
        for (long to : new long[] {T0 + 4 * HOUR + 10 * SECOND, T0 + 5 * HOUR}) {
          RangeSums expected = plain.query(from, to);
          assertThat(big.query(from, to)).isEqualTo(expected);
          assertThat(tiny.query(from, to)).isEqualTo(expected);
        }
        stores.forEach(s -> s.write(late));
        stores.forEach(s -> s.maintain(T0 + DAY + HOUR + 20 * MINUTE));
      }
    }
  }

  @Test
  void query_rowChangedBehindTheStore_isCorruptNamingTheFile() throws SQLException {
    Path file = dir.resolve("tampered.db");
    try (RollupStore s = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      s.write(List.of(opened(T0, WEB_DB, 1)));
    }
    SqliteFileContract.execute(file, "UPDATE rollup SET counters = x'0180'");

    try (RollupStore s = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      assertThatThrownBy(() -> s.query(T0, T0 + MINUTE))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("malformed counters blob at byte 2");
    }
  }
}
