package dev.tcpmap.store;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQLite layout of a store, version {@value #VERSION}.
 *
 * <pre>
 *   meta(key, value)                     schema version, downsample boundary
 *   endpoint(id, ip, kind, name, namespace, workload_kind, workload_name, node)   unique on all but id
 *   rollup(bucket, width, client_id, server_id, port, side | 11 counters, h0..h23)
 *          \_________________ primary key _________________/   WITHOUT ROWID: rows sorted by bucket
 * </pre>
 *
 * STRICT tables, because SQLite turns an integer sum that overflows into a REAL: a strict INTEGER
 * column refuses it, so an overflow fails the write instead of rounding a counter.
 *
 * <p>Keying rows by bucket first makes a range query one index range scan and keeps a bucket's rows
 * together on disk. Endpoints are interned because one endpoint is on thousands of rows.
 */
final class SqliteSchema {

  static final int VERSION = 2;

  static final List<String> COUNTERS = counterColumns();

  static final List<String> CREATE =
      List.of(
          "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID, STRICT",
          "CREATE TABLE endpoint(id INTEGER PRIMARY KEY, ip BLOB NOT NULL, kind TEXT NOT NULL,"
              + " name TEXT NOT NULL, namespace TEXT NOT NULL, workload_kind TEXT NOT NULL,"
              + " workload_name TEXT NOT NULL, node TEXT NOT NULL,"
              + " UNIQUE(ip, kind, name, namespace, workload_kind, workload_name, node)) STRICT",
          "CREATE TABLE rollup(bucket INTEGER NOT NULL, width INTEGER NOT NULL,"
              + " client_id INTEGER NOT NULL, server_id INTEGER NOT NULL, port INTEGER NOT NULL,"
              + " side INTEGER NOT NULL, "
              + COUNTERS.stream()
                  .map(c -> c + " INTEGER NOT NULL")
                  .collect(Collectors.joining(", "))
              + ", PRIMARY KEY(bucket, width, client_id, server_id, port, side)) WITHOUT ROWID, STRICT",
          "INSERT INTO meta(key, value) VALUES ('schema', '" + VERSION + "')",
          "INSERT INTO meta(key, value) VALUES ('coarse_before', '" + Long.MIN_VALUE + "')");

  static final String KEY = "bucket, width, client_id, server_id, port, side";

  /** Adds a row into the existing one: sums, and the larger maximum. */
  static final String UPSERT =
      "INSERT INTO rollup("
          + KEY
          + ", "
          + String.join(", ", COUNTERS)
          + ") VALUES ("
          + "?, ".repeat(6 + COUNTERS.size() - 1)
          + "?) ON CONFLICT("
          + KEY
          + ") DO UPDATE SET "
          + COUNTERS.stream().map(SqliteSchema::combine).collect(Collectors.joining(", "));

  /**
   * Folds the fine rows before a boundary into coarse ones; parameters: coarse ×2, fine, boundary.
   */
  static final String FOLD =
      "INSERT INTO rollup("
          + KEY
          + ", "
          + String.join(", ", COUNTERS)
          + ") SELECT (bucket / ?) * ?, ?, client_id, server_id, port, side, "
          + aggregates()
          + " FROM rollup WHERE width = ? AND bucket < ?"
          + " GROUP BY 1, client_id, server_id, port, side"
          + " ON CONFLICT("
          + KEY
          + ") DO UPDATE SET "
          + COUNTERS.stream().map(SqliteSchema::combine).collect(Collectors.joining(", "));

  /**
   * Per-edge sums of the rows starting in {@code [?, ?)}, after the key: the earliest bucket's
   * start and the latest bucket's end.
   */
  static final String QUERY =
      "SELECT client_id, server_id, port, side, min(bucket), max(bucket + width), "
          + aggregates()
          + " FROM rollup WHERE bucket >= ? AND bucket < ?"
          + " GROUP BY client_id, server_id, port, side";

  /** The first column of the counters in {@link #QUERY}'s rows, 1-based. */
  static final int QUERY_COUNTERS = 7;

  private SqliteSchema() {}

  private static List<String> counterColumns() {
    List<String> columns =
        new ArrayList<>(
            List.of(
                "opened",
                "closed",
                "reset",
                "refused",
                "timeout",
                "unknown",
                "persistent",
                "bytes_sent",
                "bytes_received",
                "duration_sum",
                "duration_max"));
    IntStream.range(0, Counters.BINS).forEach(i -> columns.add("h" + i));
    return List.copyOf(columns);
  }

  private static String combine(String column) {
    return column.equals("duration_max")
        ? "duration_max = max(duration_max, excluded.duration_max)"
        : column + " = " + column + " + excluded." + column;
  }

  private static String aggregates() {
    return COUNTERS.stream()
        .map(c -> (c.equals("duration_max") ? "max(" : "sum(") + c + ")")
        .collect(Collectors.joining(", "));
  }

  /** The counters as column values, in {@link #COUNTERS} order. */
  static long[] values(Counters c) {
    long[] out = new long[COUNTERS.size()];
    long[] scalars = {
      c.opened(),
      c.closed(),
      c.reset(),
      c.refused(),
      c.timeout(),
      c.unknown(),
      c.persistent(),
      c.bytesSent(),
      c.bytesReceived(),
      c.durationSumNanos(),
      c.durationMaxNanos()
    };
    System.arraycopy(scalars, 0, out, 0, scalars.length);
    for (int i = 0; i < Counters.BINS; i++) {
      out[scalars.length + i] = c.bin(i);
    }
    return out;
  }

  /** Counters from column values in {@link #COUNTERS} order. */
  static Counters counters(long[] v) {
    long[] bins = new long[Counters.BINS];
    System.arraycopy(v, 11, bins, 0, Counters.BINS);
    return new Counters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], bins);
  }
}
