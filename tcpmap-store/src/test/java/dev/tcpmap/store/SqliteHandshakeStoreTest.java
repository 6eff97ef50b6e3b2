package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.TlsFixtures.OBSERVED;
import static dev.tcpmap.store.TlsFixtures.PROBED;
import static dev.tcpmap.store.TlsFixtures.tls12;
import static dev.tcpmap.store.TlsFixtures.unanswered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.tls.TlsHandshake;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHandshakeStoreTest extends HandshakeStoreContract {

  @TempDir Path dir;
  private int opened;

  @Override
  protected HandshakeStore newStore(StoreConfig config, int maxHandshakes) {
    return SqliteHandshakeStore.open(
        dir.resolve("contract/tls-" + opened++ + ".db"), config, maxHandshakes);
  }

  @Test
  void reopen_afterClose_keepsHandshakesAndCertificates() {
    Path file = dir.resolve("reopen.db");
    List<TlsHandshake> written =
        List.of(tls12(0, Optional.of(OBSERVED)), tls12(1, Optional.of(PROBED)), unanswered(2, 5));
    try (HandshakeStore first = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      first.write(written);
    }

    try (HandshakeStore second = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      assertThat(second.query(T0, T0 + DAY, 10).handshakes())
          .containsExactlyElementsOf(written.reversed());
      assertThat(second.stats().certificates()).isEqualTo(4);
      second.write(List.of(tls12(3, Optional.of(OBSERVED))));
      assertThat(second.stats().certificates()).isEqualTo(4);
    }
  }

  @Test
  void write_leavesAWriteAheadLogBesideTheDatabase() throws IOException {
    Path file = dir.resolve("wal.db");
    try (SqliteHandshakeStore s = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      s.write(List.of(tls12(0, Optional.of(OBSERVED))));

      assertThat(Files.size(Path.of(file + "-wal"))).isPositive();
      assertThat(s.stats().bytesOnDisk()).isGreaterThan(Files.size(file));
    }
  }

  @Test
  void open_fileThatIsNoDatabase_isCorruptNamingTheFile() throws IOException {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "shopping list: milk, eggs\n".repeat(200), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).startsWith("shopping list");
  }

  @Test
  void open_damagedStore_isCorruptNamingTheFile() throws IOException {
    Path file = dir.resolve("damaged.db");
    try (SqliteHandshakeStore s = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      List<TlsHandshake> batch = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        batch.add(TlsFixtures.numbered(i, i));
      }
      s.write(batch);
      s.checkpoint();
    }
    long size = Files.size(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      // Pages 2 onwards hold the tables' b-trees: overwrite their headers with garbage.
      for (long page = 1; page * 4096 < size; page++) {
        raf.seek(page * 4096);
        raf.write(new byte[] {(byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE});
      }
    }

    assertThatThrownBy(() -> SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
        .hasMessageContaining(file.toString());
  }

  @Test
  void open_otherSqliteDatabase_isNotAStore() throws SQLException {
    Path file = dir.resolve("other.db");
    execute(file, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)");

    assertThatThrownBy(() -> SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_A_STORE))
        .hasMessageContaining("customers");
  }

  @Test
  void open_theRollupStoresFileAndTheOtherWayRound_isNotAStore() {
    Path rollups = dir.resolve("rollups.db");
    Path tls = dir.resolve("tls.db");
    SqliteRollupStore.open(rollups, StoreConfig.DEFAULTS).close();
    SqliteHandshakeStore.open(tls, StoreConfig.DEFAULTS, MAX).close();

    assertThatThrownBy(() -> SqliteHandshakeStore.open(rollups, StoreConfig.DEFAULTS, MAX))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_A_STORE))
        .hasMessageContaining(
            "store schema version " + SqliteSchema.VERSION + ", this tcpmap reads tls-1");
    assertThatThrownBy(() -> SqliteRollupStore.open(tls, StoreConfig.DEFAULTS))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_A_STORE));
  }

  @Test
  void open_maxBelowOne_saysSo() {
    assertThatThrownBy(
            () -> SqliteHandshakeStore.open(dir.resolve("x.db"), StoreConfig.DEFAULTS, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHandshakes must be at least 1: 0");
  }

  @Test
  void query_rowThatNoLongerDecodes_isCorrupt() throws SQLException {
    Path file = dir.resolve("bad-row.db");
    try (HandshakeStore s = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      s.write(List.of(tls12(0, Optional.empty())));
    }
    // The store's writer holds the write lock while open: damage the file between two openings.
    execute(file, "UPDATE hello SET client_versions = '99:TLS'");

    try (HandshakeStore s = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      assertThatThrownBy(() -> s.query(T0, T0 + SECOND, 10))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
          .hasMessageContaining("bad length at char 0");
    }
  }

  private static void execute(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
