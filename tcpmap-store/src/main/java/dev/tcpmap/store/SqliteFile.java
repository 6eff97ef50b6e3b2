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
import org.sqlite.SQLiteConfig;

/**
 * Opening a store's file: its directory, connections, the quick check and the schema, the meta
 * table. Apart from {@link SqliteRollupStore}, which is about rows.
 */
final class SqliteFile {

  private SqliteFile() {}

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

  /** Quick check, then the schema: created in an empty file, else it must be ours. */
  static void check(Path path, Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
      while (rs.next()) {
        problems.add(rs.getString(1));
      }
    }
    if (!problems.equals(List.of("ok"))) {
      throw new StoreException(
          StoreException.Kind.CORRUPT, path, "damaged database: " + problems, null);
    }
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    c.commit();
    if (tables.isEmpty()) {
      create(c);
    } else if (!tables.contains("meta")) {
      throw new StoreException(
          StoreException.Kind.NOT_A_STORE,
          path,
          "not a tcpmap store (tables " + tables + ")",
          null);
    } else if (!String.valueOf(SqliteSchema.VERSION).equals(meta(c, "schema"))) {
      throw new StoreException(
          StoreException.Kind.NOT_A_STORE,
          path,
          "store schema version "
              + meta(c, "schema")
              + ", this tcpmap reads "
              + SqliteSchema.VERSION,
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

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : SqliteSchema.CREATE) {
        s.execute(sql);
      }
    }
    c.commit();
  }

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

  static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Already failing: the first exception is the one that tells what went wrong.
      }
    }
  }
}
