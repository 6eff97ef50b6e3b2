package dev.tcpmap.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * What the SQLite stores share: one database file in WAL mode with {@code synchronous=NORMAL}, one
 * writer connection (writes, maintenance) and one read connection (queries), so that a query never
 * waits for a write batch to commit; and how such a file is opened, read, checkpointed and closed,
 * and how a failed write leaves the writer able to write again.
 *
 * <p>Locking: the writer is guarded by the store itself (its {@code synchronized} methods), the
 * reader by {@link #readLock}; {@link #close} takes both, the reader's first.
 */
abstract sealed class SqliteStore implements AutoCloseable
    permits SqliteHandshakeStore, SqliteRollupStore {

  /** What a store makes of its two connections once the file is checked. */
  @FunctionalInterface
  interface Opening<S> {
    S open(Path file, Connection writer, Connection reader) throws SQLException;
  }

  /** One read transaction's work on the reader. */
  @FunctionalInterface
  interface Read<T> {
    T read(Statement s) throws SQLException;
  }

  final Path file;
  final Connection writer;
  final Connection reader;
  final Object readLock = new Object();

  SqliteStore(Path file, Connection writer, Connection reader) {
    this.file = file;
    this.writer = writer;
    this.reader = reader;
  }

  /**
   * Opens {@code file}, creating it (and its directory) if it does not exist: {@code create} runs
   * in an empty file, else it must be a store of {@code version} (see {@link SqliteFiles#check}).
   * Both connections are closed again if {@code opening} fails.
   */
  static <S extends SqliteStore> S open(
      Path file,
      String version,
      List<String> create,
      Map<String, List<String>> upgrades,
      Opening<S> opening) {
    Path path = file.toAbsolutePath();
    SqliteFiles.prepareDirectory(path);
    Connection writer = null;
    Connection reader = null;
    try {
      writer = SqliteFiles.connect(path, SQLiteConfig.TransactionMode.IMMEDIATE);
      SqliteFiles.check(path, writer, version, create, upgrades);
      reader = SqliteFiles.reader(path);
      return opening.open(path, writer, reader);
    } catch (SQLException e) {
      SqliteFiles.closeQuietly(reader);
      SqliteFiles.closeQuietly(writer);
      throw StoreException.of(path, "opening the store", e);
    } catch (RuntimeException e) {
      SqliteFiles.closeQuietly(reader);
      SqliteFiles.closeQuietly(writer);
      throw e;
    }
  }

  /**
   * Runs {@code read} in one read transaction, which it ends; an {@link SQLException} is a {@link
   * StoreException} of {@code doing}.
   */
  final <T> T read(String doing, Read<T> read) {
    synchronized (readLock) {
      try (Statement s = reader.createStatement()) {
        return read.read(s);
      } catch (SQLException e) {
        throw StoreException.of(file, doing, e);
      } finally {
        endRead();
      }
    }
  }

  /**
   * Ends the reader's transaction, so that the next read sees the commits since; under readLock.
   */
  final void endRead() {
    try {
      reader.commit();
    } catch (SQLException e) {
      throw StoreException.of(file, "ending a read", e);
    }
  }

  /** See {@link SqliteFiles#checkpoint}. */
  public final synchronized void checkpoint() {
    try {
      SqliteFiles.checkpoint(writer);
    } catch (SQLException e) {
      throw failed("checkpoint", e);
    }
  }

  public final Path file() {
    return file;
  }

  @Override
  public final void close() {
    synchronized (readLock) {
      synchronized (this) {
        try {
          closeStatements();
          reader.close();
          writer.close();
        } catch (SQLException e) {
          throw StoreException.of(file, "closing", e);
        }
      }
    }
  }

  /** Closes what the store prepared on its connections, before they close. */
  abstract void closeStatements() throws SQLException;

  /**
   * Drops what a failed write leaves behind on the store's side: the queued batch (without it the
   * failed rows stay queued, and every later write fails with them) and the cached ids of rows the
   * rollback took back.
   */
  abstract void forgetWrites() throws SQLException;

  /** A failed write undone, so that the writer can write again; the exception to throw. */
  final StoreException failed(String doing, SQLException e) {
    try {
      forgetWrites();
    } catch (SQLException clear) {
      e.addSuppressed(clear);
    }
    SqliteFiles.abandon(writer, e);
    return StoreException.of(file, doing, e);
  }
}
