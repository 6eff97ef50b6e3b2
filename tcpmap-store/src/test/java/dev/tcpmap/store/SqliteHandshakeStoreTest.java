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
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHandshakeStoreTest extends HandshakeStoreContract
    implements SqliteFileContract<SqliteHandshakeStore, TlsHandshake> {

  @TempDir Path dir;
  private int opened;

  @Override
  protected HandshakeStore newStore(StoreConfig config, int maxHandshakes) {
    return SqliteHandshakeStore.open(
        dir.resolve("contract/tls-" + opened++ + ".db"), config, maxHandshakes);
  }

  @Override
  public SqliteHandshakeStore open(Path file) {
    return SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX);
  }

  @Override
  public TlsHandshake entry(int i) {
    return TlsFixtures.numbered(i, i);
  }

  @Override
  public void write(SqliteHandshakeStore store, List<TlsHandshake> batch) {
    store.write(batch);
  }

  @Override
  public long bytesOnDisk(SqliteHandshakeStore store) {
    return store.stats().bytesOnDisk();
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
            "store schema version " + SqliteSchema.VERSION + ", this tcpmap reads tls-2");
    assertThatThrownBy(() -> SqliteRollupStore.open(tls, StoreConfig.DEFAULTS))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_A_STORE));
  }

  /** A file written before handshakes said whether their SYN was seen: every one was. */
  @Test
  void open_versionTls1_isUpgradedAndItsHandshakesSawTheirStart() throws SQLException {
    Path file = dir.resolve("tls-1.db");
    TlsHandshake written = tls12(0, Optional.of(OBSERVED));
    try (HandshakeStore store = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      store.write(List.of(written));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement()) {
      s.execute("ALTER TABLE handshake DROP COLUMN start_seen");
      s.execute("UPDATE meta SET value = 'tls-1' WHERE key = 'schema'");
    }

    try (HandshakeStore store = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      assertThat(store.query(T0, T0 + DAY, 10).handshakes()).containsExactly(written);
      store.write(List.of(unanswered(1, 0)));
      assertThat(store.query(T0, T0 + DAY, 10).handshakes().getFirst().startSeen()).isFalse();
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("tls-2");
    }
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
    SqliteFileContract.execute(file, "UPDATE hello SET client_versions = '99:TLS'");

    try (HandshakeStore s = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, MAX)) {
      assertThatThrownBy(() -> s.query(T0, T0 + SECOND, 10))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
          .hasMessageContaining("bad length at char 0");
    }
  }
}
