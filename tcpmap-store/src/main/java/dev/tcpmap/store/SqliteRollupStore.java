package dev.tcpmap.store;

import dev.tcpmap.core.aggregate.EdgeKey;
import dev.tcpmap.core.aggregate.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * A {@link RollupStore} in one SQLite database file (layout in {@link SqliteSchema}), in WAL mode
 * with {@code synchronous=NORMAL}: a commit is durable against a crash of the process, and against
 * a power loss up to the last checkpoint. One writer connection (writes, maintenance) and one read
 * connection (queries), so that a query never waits for a write batch to commit.
 *
 * <p>Opening checks the file ({@code PRAGMA quick_check}) and that it is a tcpmap store of this
 * schema version; a file that is not is a {@link StoreException}, never replaced.
 */
public final class SqliteRollupStore implements RollupStore {

  private final Path file;
  private final StoreConfig config;
  private final Connection writer;
  private final Connection reader;
  private final PreparedStatement upsert;
  private final EndpointTable writeEndpoints;
  private final EndpointTable readEndpoints;
  private final Object readLock = new Object();
  // Guarded by this (the writer); queries read the boundary from the meta table instead.
  private long coarseBefore;

  /** The sides by their number in the {@code side} column. */
  private static final Side[] SIDES = Side.values();

  private SqliteRollupStore(Path file, StoreConfig config, Connection writer, Connection reader)
      throws SQLException {
    this.file = file;
    this.config = config;
    this.writer = writer;
    this.reader = reader;
    this.upsert = writer.prepareStatement(SqliteSchema.UPSERT);
    this.writeEndpoints = new EndpointTable(writer);
    this.readEndpoints = new EndpointTable(reader);
    this.coarseBefore = Long.parseLong(meta(writer, "coarse_before"));
  }

  /**
   * Opens the store in {@code file}, creating it (and its directory) if it does not exist.
   *
   * @throws StoreException {@link StoreException.Kind#CORRUPT} for a damaged file or one that is no
   *     SQLite database, {@link StoreException.Kind#NOT_A_STORE} for another database, a write kind
   *     when the file cannot be created
   */
  public static SqliteRollupStore open(Path file, StoreConfig config) {
    Objects.requireNonNull(config, "config");
    Path path = file.toAbsolutePath();
    prepareDirectory(path);
    Connection writer = null;
    Connection reader = null;
    try {
      writer = connect(path, SQLiteConfig.TransactionMode.IMMEDIATE);
      check(path, writer);
      reader = connect(path, SQLiteConfig.TransactionMode.DEFERRED);
      try (Statement s = reader.createStatement()) {
        s.execute("PRAGMA query_only = 1");
      }
      return new SqliteRollupStore(path, config, writer, reader);
    } catch (SQLException e) {
      closeQuietly(reader);
      closeQuietly(writer);
      throw StoreException.of(path, "opening the store", e);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      closeQuietly(writer);
      throw e;
    }
  }

  private static void prepareDirectory(Path path) {
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

  private static Connection connect(Path path, SQLiteConfig.TransactionMode mode)
      throws SQLException {
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
  private static void check(Path path, Connection c) throws SQLException {
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

  private static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : SqliteSchema.CREATE) {
        s.execute(sql);
      }
    }
    c.commit();
  }

  private static String meta(Connection c, String key) throws SQLException {
    return meta(c, key, true);
  }

  /** A value of the meta table; {@code commit} ends the transaction the read began. */
  private static String meta(Connection c, String key, boolean commit) throws SQLException {
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

  @Override
  public synchronized void write(Collection<Rollup> batch) {
    Map<Slot, Map<StoredEdge, Counters>> merged = Buckets.merge(batch, config.fineMillis());
    if (merged.isEmpty()) {
      return;
    }
    try {
      for (Map.Entry<Slot, Map<StoredEdge, Counters>> slot : merged.entrySet()) {
        for (Map.Entry<StoredEdge, Counters> row : slot.getValue().entrySet()) {
          bindRow(slot.getKey(), row.getKey(), row.getValue());
          upsert.addBatch();
        }
      }
      upsert.executeBatch();
      writer.commit();
    } catch (SQLException e) {
      StoreException failure = failed("writing " + batch.size() + " rollups", e);
      // A sum overflowed (a strict column refused the REAL SQLite made of it), as Math.addExact
      // does in the memory store: bad input, not a storage failure.
      if (String.valueOf(e.getMessage()).contains("cannot store REAL value")) {
        throw (ArithmeticException) new ArithmeticException("counter overflow").initCause(failure);
      }
      throw failure;
    }
  }

  private void bindRow(Slot slot, StoredEdge stored, Counters counters) throws SQLException {
    EdgeKey edge = stored.key();
    upsert.setLong(1, slot.start());
    upsert.setLong(2, slot.width());
    upsert.setLong(3, writeEndpoints.id(edge.client()));
    upsert.setLong(4, writeEndpoints.id(edge.server()));
    upsert.setInt(5, edge.serverPort());
    upsert.setInt(6, stored.side().ordinal());
    long[] values = SqliteSchema.values(counters);
    for (int i = 0; i < values.length; i++) {
      upsert.setLong(7 + i, values[i]);
    }
  }

  @Override
  public RangeSums query(long fromMillis, long toMillis) {
    Window requested = Buckets.checked(fromMillis, toMillis);
    if (requested.isEmpty()) {
      return new RangeSums(requested, requested, Map.of());
    }
    synchronized (readLock) {
      // One read transaction: the downsample boundary and the rows come from the same commit, so
      // a maintain() running beside this query cannot move the boundary under it.
      try (PreparedStatement s = reader.prepareStatement(SqliteSchema.QUERY)) {
        long boundary = Long.parseLong(meta(reader, "coarse_before", false));
        Window effective = Buckets.effective(requested, config, boundary);
        s.setLong(1, effective.fromMillis());
        s.setLong(2, effective.toMillis());
        Map<StoredEdge, EdgeSums> sums = new HashMap<>();
        try (ResultSet rs = s.executeQuery()) {
          long[] values = new long[SqliteSchema.COUNTERS.size()];
          while (rs.next()) {
            for (int i = 0; i < values.length; i++) {
              values[i] = rs.getLong(SqliteSchema.QUERY_COUNTERS + i);
            }
            EdgeKey edge =
                new EdgeKey(
                    readEndpoints.endpoint(rs.getLong(1)),
                    readEndpoints.endpoint(rs.getLong(2)),
                    rs.getInt(3));
            sums.put(
                new StoredEdge(edge, SIDES[rs.getInt(4)]),
                new EdgeSums(SqliteSchema.counters(values), rs.getLong(5), rs.getLong(6)));
          }
        }
        return new RangeSums(requested, effective, sums);
      } catch (SQLException e) {
        throw StoreException.of(file, "querying " + requested, e);
      } finally {
        endRead();
      }
    }
  }

  private void endRead() {
    try {
      reader.commit();
    } catch (SQLException e) {
      throw StoreException.of(file, "ending a read", e);
    }
  }

  @Override
  public synchronized MaintainResult maintain(long nowMillis) {
    long dropBefore = config.dropBefore(nowMillis);
    long downBefore = Math.max(coarseBefore, config.downsampleBefore(nowMillis));
    long fine = config.fineMillis();
    long coarse = config.coarseMillis();
    try (PreparedStatement drop = writer.prepareStatement("DELETE FROM rollup WHERE bucket < ?");
        PreparedStatement fold = writer.prepareStatement(SqliteSchema.FOLD);
        PreparedStatement clear =
            writer.prepareStatement("DELETE FROM rollup WHERE width = ? AND bucket < ?");
        PreparedStatement boundary =
            writer.prepareStatement("UPDATE meta SET value = ? WHERE key = 'coarse_before'")) {
      drop.setLong(1, dropBefore);
      long dropped = drop.executeUpdate();
      long folded = 0;
      if (fine != coarse) {
        fold.setLong(1, coarse);
        fold.setLong(2, coarse);
        fold.setLong(3, coarse);
        fold.setLong(4, fine);
        fold.setLong(5, downBefore);
        fold.executeUpdate();
        clear.setLong(1, fine);
        clear.setLong(2, downBefore);
        folded = clear.executeUpdate();
      }
      boundary.setString(1, Long.toString(downBefore));
      boundary.executeUpdate();
      writer.commit();
      coarseBefore = downBefore;
      return new MaintainResult(folded, dropped);
    } catch (SQLException e) {
      throw failed("maintenance at " + nowMillis, e);
    }
  }

  @Override
  public StoreStats stats() {
    synchronized (readLock) {
      try (Statement s = reader.createStatement()) {
        return new StoreStats(
            count(s, "SELECT count(*) FROM rollup"),
            count(s, "SELECT count(*) FROM endpoint"),
            size(file) + size(Path.of(file + "-wal")));
      } catch (SQLException e) {
        throw StoreException.of(file, "reading statistics", e);
      } finally {
        endRead();
      }
    }
  }

  /**
   * Copies the write-ahead log into the database file and truncates the log. SQLite does the copy
   * by itself every 1,000 pages; this is for measuring the size on disk and for backups.
   */
  public synchronized void checkpoint() {
    try (Statement s = writer.createStatement()) {
      writer.setAutoCommit(true);
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      writer.setAutoCommit(false);
    } catch (SQLException e) {
      throw failed("checkpoint", e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    synchronized (readLock) {
      synchronized (this) {
        try {
          readEndpoints.close();
          writeEndpoints.close();
          upsert.close();
          reader.close();
          writer.close();
        } catch (SQLException e) {
          throw StoreException.of(file, "closing", e);
        }
      }
    }
  }

  private StoreException failed(String doing, SQLException e) {
    writeEndpoints.forget();
    try {
      // Without it the failed rows stay queued, and every later write fails with them.
      upsert.clearBatch();
    } catch (SQLException clear) {
      e.addSuppressed(clear);
    }
    SqliteFiles.abandon(writer, e);
    return StoreException.of(file, doing, e);
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Already failing: the first exception is the one that tells what went wrong.
      }
    }
  }
}
