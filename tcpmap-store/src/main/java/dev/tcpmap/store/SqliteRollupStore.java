package dev.tcpmap.store;

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
import org.sqlite.Function;

/**
 * A {@link RollupStore} in one SQLite database file (layout in {@link SqliteSchema}), in WAL mode
 * with {@code synchronous=NORMAL}: a commit is durable against a crash of the process, and against
 * a power loss up to the last checkpoint. One writer connection (writes, maintenance) and one read
 * connection (queries), so that a query never waits for a write batch to commit.
 *
 * <p>Each bucket is kept at every width of {@link Levels} and a query reads the fewest whole rows
 * (see there); the 10 min and 1 h buckets it reads stay in a {@link RowCache} of a bounded number
 * of rows. Sums and spans come out exactly as from the fine rows alone.
 *
 * <p>Opening checks the file ({@code PRAGMA quick_check}) and that it is a tcpmap store of this
 * schema version; a file that is not is a {@link StoreException}, never replaced.
 */
public final class SqliteRollupStore extends SqliteStore implements RollupStore {

  private final StoreConfig config;
  private final Levels levels;
  private final PreparedStatement upsert;
  private final PreparedStatement writerScan;
  private final PreparedStatement readerScan;
  private final PreparedStatement readerExtent;
  private final EdgeTable writeEdges;
  private final EdgeTable readEdges;
  private final RowCache cache;
  // Guarded by this (the writer); queries read the boundary from the meta table instead.
  private long coarseBefore;
  // Guarded by this: the retention cut the rows above the coarse width were last rebuilt for.
  private long rebuiltBefore = Long.MIN_VALUE;

  /** Address space the read connection maps the file into (not memory it takes). */
  private static final long READER_MMAP_BYTES = 1L << 30;

  /** Rows of the 10 min and 1 h levels kept in memory by default: about 25 MB. */
  public static final long DEFAULT_CACHE_ROWS = 250_000;

  private SqliteRollupStore(
      Path file, StoreConfig config, Connection writer, Connection reader, RowCache cache)
      throws SQLException {
    super(file, writer, reader);
    this.cache = cache;
    this.config = config;
    this.levels = Levels.of(config);
    this.upsert = writer.prepareStatement(SqliteSchema.UPSERT);
    this.writerScan = writer.prepareStatement(SqliteSchema.SCAN);
    this.readerScan = reader.prepareStatement(SqliteSchema.SCAN);
    this.readerExtent =
        reader.prepareStatement("SELECT min(bucket), max(bucket) FROM rollup WHERE width = ?");
    this.writeEdges = new EdgeTable(writer);
    this.readEdges = new EdgeTable(reader);
    this.coarseBefore = Long.parseLong(SqliteFiles.meta(writer, "coarse_before"));
  }

  /**
   * Opens the store in {@code file}, creating it (and its directory) if it does not exist.
   *
   * @throws StoreException {@link StoreException.Kind#CORRUPT} for a damaged file or one that is no
   *     SQLite database, {@link StoreException.Kind#NOT_A_STORE} for another database, a write kind
   *     when the file cannot be created
   */
  public static SqliteRollupStore open(Path file, StoreConfig config) {
    return open(file, config, DEFAULT_CACHE_ROWS);
  }

  /**
   * Opens the store with a cache of at most {@code cacheRows} rows of the 10 min and 1 h levels
   * (about 100 bytes each; 0: none), which answer a query over hours without reading them again.
   */
  public static SqliteRollupStore open(Path file, StoreConfig config, long cacheRows) {
    Objects.requireNonNull(config, "config");
    RowCache cache = new RowCache(cacheRows);
    return open(
        file,
        String.valueOf(SqliteSchema.VERSION),
        SqliteSchema.CREATE,
        Map.of(),
        (path, writer, reader) -> {
          Function.create(writer, SqliteSchema.ADD, new AddBlobs(), 2, Function.FLAG_DETERMINISTIC);
          try (Statement s = reader.createStatement()) {
            // A query scans up to 100,000 rows (8 MB) of pages: mapped, they are read without a
            // system call per page, and SQLite's own 2 MB page cache would hold few of them anyway.
            s.execute("PRAGMA mmap_size = " + READER_MMAP_BYTES);
          }
          return new SqliteRollupStore(path, config, writer, reader, cache);
        });
  }

  @Override
  public synchronized void write(Collection<Rollup> batch) {
    Map<Slot, Map<StoredEdge, EdgeSums>> rows =
        levels.rows(Buckets.merge(batch, config.fineMillis()), coarseBefore);
    if (rows.isEmpty()) {
      return;
    }
    long top = levels.widths().getLast();
    if (rebuiltBefore != Long.MIN_VALUE
        && rows.keySet().iterator().next().start() < StoreConfig.ceil(rebuiltBefore, top)) {
      // Late into a row that straddles the retention's cut: the next maintain rebuilds it again,
      // so that what this adds before the cut is dropped there too.
      rebuiltBefore = Long.MIN_VALUE;
    }
    try {
      for (Map.Entry<Slot, Map<StoredEdge, EdgeSums>> slot : rows.entrySet()) {
        for (Map.Entry<StoredEdge, EdgeSums> row : slot.getValue().entrySet()) {
          upsertRow(slot.getKey(), writeEdges.id(row.getKey()), row.getValue());
        }
      }
      upsert.executeBatch();
      synchronized (cache) {
        writer.commit();
        cache.invalidate(rows.keySet());
      }
    } catch (SQLException e) {
      StoreException failure = failed("writing " + batch.size() + " rollups", e);
      // A sum with a stored row overflowed in AddBlobs, as Math.addExact does in the memory store:
      // bad input, not a storage failure.
      if (String.valueOf(e.getMessage()).contains(AddBlobs.OVERFLOW)) {
        throw (ArithmeticException) new ArithmeticException("counter overflow").initCause(failure);
      }
      throw failure;
    }
  }

  private void upsertRow(Slot slot, long edgeId, EdgeSums sums) throws SQLException {
    upsert.setLong(1, slot.width());
    upsert.setLong(2, slot.start());
    upsert.setLong(3, edgeId);
    upsert.setBytes(4, CountersBlob.encode(slot.start(), sums));
    upsert.addBatch();
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
      try {
        long generation;
        long boundary;
        synchronized (cache) {
          generation = cache.generation();
          boundary = Long.parseLong(SqliteFiles.meta(reader, "coarse_before", false));
        }
        Window effective = Buckets.effective(requested, config, boundary);
        CountersBlob.Sums sums = new CountersBlob.Sums(boundary, config.coarseMillis());
        List<Levels.Piece> cached = new ArrayList<>();
        List<Levels.Piece> scanned = new ArrayList<>();
        for (Levels.Piece piece : levels.decompose(held(effective))) {
          boolean fromCache = cache.enabled() && levels.aboveCoarse().contains(piece.width());
          (fromCache ? cached : scanned).add(piece);
        }
        // The cached buckets are summed on another thread while this one reads the rest from
        // SQLite (the two ends of a long range): on two cores the slower of the two, not both.
        CachedPart part = new CachedPart(cached, boundary);
        Thread summing = cached.isEmpty() ? null : Thread.ofVirtual().start(part);
        for (Levels.Piece piece : scanned) {
          scan(readerScan, piece.width(), piece.from(), piece.to(), sums);
        }
        if (summing != null) {
          summing.join();
        }
        if (part.failure != null) {
          throw part.failure;
        }
        sums.addAll(part.sums);
        // Buckets the cache lacked are read here, on the connection of this read transaction.
        for (Slot slot : part.misses) {
          RowCache.Rows rows = readBucket(slot);
          cache.put(slot, rows, generation);
          add(rows, slot.start(), sums);
        }
        Map<StoredEdge, EdgeSums> out = new HashMap<>();
        for (Map.Entry<Long, EdgeSums> sum : sums.byEdgeId().entrySet()) {
          out.put(readEdges.edge(sum.getKey()), sum.getValue());
        }
        return new RangeSums(requested, effective, out);
      } catch (SQLException e) {
        throw StoreException.of(file, "querying " + requested, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException(
            StoreException.Kind.OTHER, file, "querying " + requested + ": interrupted", e);
      } catch (IllegalStateException e) {
        // A blob CountersBlob cannot read: the file was changed behind the store's back.
        throw new StoreException(
            StoreException.Kind.CORRUPT, file, "querying " + requested + ": " + e.getMessage(), e);
      } finally {
        endRead();
      }
    }
  }

  /**
   * The buckets of the cached pieces that the cache holds, summed; those it lacks listed, for the
   * query's own thread to read. A bucket is taken from the cache only as it is at this moment: a
   * commit since the query began has removed the buckets it wrote, which the query then reads in
   * its own transaction.
   */
  private final class CachedPart implements Runnable {
    private final List<Levels.Piece> pieces;
    final CountersBlob.Sums sums;
    final List<Slot> misses = new ArrayList<>();
    private RuntimeException failure;

    CachedPart(List<Levels.Piece> pieces, long boundary) {
      this.pieces = pieces;
      this.sums = new CountersBlob.Sums(boundary, config.coarseMillis());
    }

    @Override
    public void run() {
      try {
        for (Levels.Piece piece : pieces) {
          long width = piece.width();
          for (long bucket = piece.from(); bucket < piece.to(); bucket += width) {
            Slot slot = new Slot(bucket, width);
            RowCache.Rows rows = cache.get(slot);
            if (rows == null) {
              misses.add(slot);
            } else {
              add(rows, bucket, sums);
            }
          }
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }

  private static void add(RowCache.Rows rows, long bucket, CountersBlob.Sums sums) {
    for (int i = 0; i < rows.edgeIds().length; i++) {
      sums.add(rows.edgeIds()[i], bucket, rows.blobs()[i]);
    }
  }

  private RowCache.Rows readBucket(Slot slot) throws SQLException {
    readerScan.setLong(1, slot.width());
    readerScan.setLong(2, slot.start());
    readerScan.setLong(3, slot.start() + slot.width());
    List<Long> ids = new ArrayList<>();
    List<byte[]> blobs = new ArrayList<>();
    try (ResultSet rs = readerScan.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
        blobs.add(rs.getBytes(3));
      }
    }
    return new RowCache.Rows(
        ids.stream().mapToLong(Long::longValue).toArray(), blobs.toArray(byte[][]::new));
  }

  /**
   * The part of {@code range} that can hold rows: within the whole widest-level buckets that hold
   * some (every write adds into one, the retention drops them whole). Without it an unbounded range
   * (k8spacket's default, from 1970) would be decomposed into half a million hourly buckets to look
   * up. Its ends are the range's or a widest-level boundary, which every level divides.
   */
  private Window held(Window range) throws SQLException {
    long widest = levels.widths().getLast();
    readerExtent.setLong(1, widest);
    try (ResultSet rs = readerExtent.executeQuery()) {
      rs.next();
      long first = rs.getLong(1);
      if (rs.wasNull()) {
        return new Window(range.fromMillis(), range.fromMillis());
      }
      long end = rs.getLong(2) + widest;
      long from = Math.max(range.fromMillis(), first);
      long to = Math.min(range.toMillis(), end);
      return from < to ? new Window(from, to) : new Window(range.fromMillis(), range.fromMillis());
    }
  }

  /** Adds the rows of {@code width} starting in {@code [from, to)} into {@code sums}. */
  private static void scan(
      PreparedStatement scan, long width, long from, long to, CountersBlob.Sums sums)
      throws SQLException {
    scan.setLong(1, width);
    scan.setLong(2, from);
    scan.setLong(3, to);
    try (ResultSet rs = scan.executeQuery()) {
      while (rs.next()) {
        sums.add(rs.getLong(1), rs.getLong(2), rs.getBytes(3));
      }
    }
  }

  /**
   * Drops whole rows of every width that ended at or before the retention's cut; a row of a width
   * above the coarse one that straddles the cut is rebuilt from the coarse rows after it. Folding
   * is deleting the fine rows: the coarse level already holds their sums. The counts are of the
   * rows {@link #stats} counts, so that they agree with the memory store.
   */
  @Override
  public synchronized MaintainResult maintain(long nowMillis) {
    long dropBefore = config.dropBefore(nowMillis);
    long downBefore = Math.max(coarseBefore, config.downsampleBefore(nowMillis));
    long fine = config.fineMillis();
    long coarse = config.coarseMillis();
    try (PreparedStatement boundary =
        writer.prepareStatement("UPDATE meta SET value = ? WHERE key = 'coarse_before'")) {
      long dropped = delete(fine, dropBefore);
      if (coarse != fine) {
        dropped += delete(coarse, Math.min(dropBefore, coarseBefore));
        delete(coarse, dropBefore);
      }
      long lower = coarse;
      for (long width : levels.aboveCoarse()) {
        delete(width, dropBefore - width + 1);
        if (dropBefore > rebuiltBefore) {
          rebuild(width, lower, dropBefore);
        }
        lower = width;
      }
      long folded = coarse != fine ? delete(fine, downBefore) : 0;
      boundary.setString(1, Long.toString(downBefore));
      boundary.executeUpdate();
      synchronized (cache) {
        writer.commit();
        cache.clear();
      }
      coarseBefore = downBefore;
      rebuiltBefore = Math.max(rebuiltBefore, dropBefore);
      return new MaintainResult(folded, dropped);
    } catch (SQLException e) {
      throw failed("maintenance at " + nowMillis, e);
    }
  }

  /** Deletes the rows of {@code width} that start before {@code before}; returns how many. */
  private long delete(long width, long before) throws SQLException {
    try (PreparedStatement s =
        writer.prepareStatement("DELETE FROM rollup WHERE width = ? AND bucket < ?")) {
      s.setLong(1, width);
      s.setLong(2, before);
      return s.executeUpdate();
    }
  }

  /**
   * The rows of {@code width} that straddle {@code cut} again, summed from the rows of the level
   * below from the cut on: that level's own straddling row was rebuilt just before (levels go up),
   * so an hour reads at most six 10 min rows per edge, not 59 coarse ones.
   */
  private void rebuild(long width, long lower, long cut) throws SQLException {
    long bucket = StoreConfig.floor(cut, width);
    if (bucket == cut) {
      return;
    }
    try (PreparedStatement s =
        writer.prepareStatement("DELETE FROM rollup WHERE width = ? AND bucket = ?")) {
      s.setLong(1, width);
      s.setLong(2, bucket);
      s.executeUpdate();
    }
    CountersBlob.Sums sums = new CountersBlob.Sums(Long.MIN_VALUE, config.coarseMillis());
    scan(writerScan, lower, StoreConfig.floor(cut, lower), bucket + width, sums);
    Slot slot = new Slot(bucket, width);
    for (Map.Entry<Long, EdgeSums> sum : sums.byEdgeId().entrySet()) {
      upsertRow(slot, sum.getKey(), sum.getValue());
    }
    upsert.executeBatch();
  }

  @Override
  public StoreStats stats() {
    return read("reading statistics", this::stats);
  }

  private StoreStats stats(Statement s) throws SQLException {
    // The rows of the model: fine ones, and coarse ones of downsampled time; not the levels'.
    long boundary = Long.parseLong(SqliteFiles.meta(reader, "coarse_before", false));
    long rows =
        SqliteFiles.count(s, "SELECT count(*) FROM rollup WHERE width = " + config.fineMillis());
    if (config.coarseMillis() != config.fineMillis()) {
      rows +=
          SqliteFiles.count(
              s,
              "SELECT count(*) FROM rollup WHERE width = "
                  + config.coarseMillis()
                  + " AND bucket < "
                  + boundary);
    }
    return new StoreStats(
        rows, SqliteFiles.count(s, "SELECT count(*) FROM endpoint"), SqliteFiles.bytesOnDisk(file));
  }

  @Override
  void closeStatements() throws SQLException {
    readEdges.close();
    writeEdges.close();
    upsert.close();
    writerScan.close();
    readerScan.close();
    readerExtent.close();
  }

  @Override
  void forgetWrites() throws SQLException {
    writeEdges.forget();
    upsert.clearBatch();
  }

  /** {@code tcpmap_add(a, b)}: two {@link CountersBlob}s of one bucket and edge summed. */
  private static final class AddBlobs extends Function {

    static final String OVERFLOW = "tcpmap counter overflow";

    @Override
    protected void xFunc() throws SQLException {
      try {
        result(CountersBlob.plus(value_blob(0), value_blob(1)));
      } catch (ArithmeticException e) {
        error(OVERFLOW);
      } catch (IllegalStateException e) {
        error(e.getMessage());
      }
    }
  }
}
