package dev.tcpmap.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The steps of opening an SQLite store file ({@link SqliteStore#open}): directory and native
 * library location, connections, quick check, WAL, the meta table.
 */
final class SqliteFiles {

  /**
   * Ends a write transaction that failed, so that the connection can write again. SQLite rolls a
   * transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): the driver still
   * believes it open, its own rollback then fails, and the next write would run without a
   * transaction and fail at its commit. Switching auto-commit on and off again resets the driver.
   */
  static void abandon(Connection writer, SQLException cause) {
    try {
      writer.rollback();
    } catch (SQLException rollback) {
      try {
        writer.setAutoCommit(true); // its commit fails too, after the mode is switched
      } catch (SQLException expected) {
        // nothing to commit: the mode is what this is for
      }
      try {
        writer.setAutoCommit(false);
      } catch (SQLException reset) {
        cause.addSuppressed(reset);
      }
    }
  }

  private SqliteFiles() {}

  /** Creates the file's directory; unpacks sqlite-jdbc's native library there if nobody chose. */
  static void prepareDirectory(Path path) {
    Path dir = path.getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Kind.CANT_OPEN, path, "cannot create its directory: " + e, e);
    }
    // sqlite-jdbc unpacks its native library into java.io.tmpdir unless told otherwise; on a
    // read-only root file system only the data directory is writable. Set once, only if unset.
    if (System.getProperty("org.sqlite.tmpdir") == null) {
      System.setProperty("org.sqlite.tmpdir", dir.toString());
    }
  }

  /**
   * A connection outside auto-commit; {@code IMMEDIATE} for the writer, so writes never deadlock.
   */
  static Connection connect(Path path, SQLiteConfig.TransactionMode mode) throws SQLException {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setBusyTimeout(5_000);
    sqlite.setTransactionMode(mode);
    Connection c = sqlite.createConnection("jdbc:sqlite:" + path);
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      // SQLite opens files lazily: this is where a read-only directory shows (SQLITE_CANTOPEN).
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  /** A connection that cannot write, for queries beside the writer. */
  static Connection reader(Path path) throws SQLException {
    Connection reader = connect(path, SQLiteConfig.TransactionMode.DEFERRED);
    try (Statement s = reader.createStatement()) {
      s.execute("PRAGMA query_only = 1");
    } catch (SQLException e) {
      closeQuietly(reader);
      throw e;
    }
    return reader;
  }

  /**
   * Quick check, then the tables: {@code create} runs in an empty file, else the file must have a
   * meta table with {@code version} as its schema, or an older one that {@code upgrades} brings to
   * it (in one transaction, its statements ending with the new version in meta). Then WAL with
   * {@code synchronous=NORMAL}.
   */
  static void check(
      Path path,
      Connection c,
      String version,
      List<String> create,
      Map<String, List<String>> upgrades)
      throws SQLException {
    List<String> problems = strings(c, "PRAGMA quick_check(5)");
    if (!problems.equals(List.of("ok"))) {
      throw new StoreException(
          StoreException.Kind.CORRUPT, path, "damaged database: " + problems, null);
    }
    List<String> tables = strings(c, "SELECT name FROM sqlite_schema WHERE type = 'table'");
    c.commit();
    if (tables.isEmpty()) {
      try (Statement s = c.createStatement()) {
        for (String sql : create) {
          s.execute(sql);
        }
      }
      c.commit();
    } else if (!tables.contains("meta")) {
      throw new StoreException(
          StoreException.Kind.NOT_A_STORE,
          path,
          "not a tcpmap store (tables " + tables + ")",
          null);
    } else if (upgrades.containsKey(meta(c, "schema"))) {
      try (Statement s = c.createStatement()) {
        for (String sql : upgrades.get(meta(c, "schema"))) {
          s.execute(sql);
        }
      }
      c.commit();
    } else if (!version.equals(meta(c, "schema"))) {
      throw new StoreException(
          StoreException.Kind.NOT_A_STORE,
          path,
          "store schema version " + meta(c, "schema") + ", this tcpmap reads " + version,
          null);
    }
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        rs.next();
        if (!"wal".equalsIgnoreCase(rs.getString(1))) {
          throw new SQLException("journal mode stays " + rs.getString(1) + ", not wal");
        }
      }
      s.execute("PRAGMA synchronous = NORMAL");
    }
    c.setAutoCommit(false);
  }

  /**
   * Copies the write-ahead log into the database file and truncates the log; for measuring the size
   * on disk and for backups (SQLite checkpoints by itself every 1,000 pages).
   */
  static void checkpoint(Connection writer) throws SQLException {
    try (Statement s = writer.createStatement()) {
      writer.setAutoCommit(true);
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      writer.setAutoCommit(false);
    }
  }

  /** A value of the meta table, ending the read transaction it began. */
  static String meta(Connection c, String key) throws SQLException {
    return meta(c, key, true);
  }

  /** A value of the meta table; {@code commit} ends the transaction the read began. */
  static String meta(Connection c, String key, boolean commit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } finally {
      if (commit && !c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The database file and its write-ahead log, in bytes. */
  static long bytesOnDisk(Path file) {
    return size(file) + size(Path.of(file + "-wal"));
  }

  static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // Already failing: the first exception is the one that tells what went wrong.
      }
    }
  }
}
