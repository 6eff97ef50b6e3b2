package dev.tcpmap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every SQLite store does with its file: it keeps a write-ahead log beside it, and refuses a
 * file that is no database, a damaged one or another program's database, naming the file, without
 * changing it. Implemented by each SQLite store's test beside its store contract.
 */
interface SqliteFileContract<S extends SqliteStore, E> {

  S open(Path file);

  /** The {@code i}th of any number of distinct entries. */
  E entry(int i);

  void write(S store, List<E> batch);

  /** What the store's statistics say of its size on disk. */
  long bytesOnDisk(S store);

  /** Writes {@code count} distinct entries in one batch. */
  private void write(S store, int count) {
    List<E> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(entry(i));
    }
    write(store, batch);
  }

  /** Runs one statement on the file with a connection of its own, as another program would. */
  static void execute(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  default void write_leavesAWriteAheadLogBesideTheDatabase(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("wal.db");
    try (S s = open(file)) {
      write(s, 1);

      assertThat(Files.size(Path.of(file + "-wal"))).isPositive();
      assertThat(bytesOnDisk(s)).isGreaterThan(Files.size(file));
    }
  }

  @Test
  default void open_fileThatIsNoDatabase_isCorruptNamingTheFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "shopping list: milk, eggs\n".repeat(200), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> open(file))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).startsWith("shopping list");
  }

  @Test
  default void open_damagedStore_isCorruptNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("damaged.db");
    try (S s = open(file)) {
      write(s, 2_000);
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

    assertThatThrownBy(() -> open(file))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
        .hasMessageContaining(file.toString());
  }

  @Test
  default void open_otherSqliteDatabase_isNotAStore(@TempDir Path dir) throws SQLException {
    Path file = dir.resolve("other.db");
    execute(file, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)");

    assertThatThrownBy(() -> open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_A_STORE))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("customers");
  }
}
