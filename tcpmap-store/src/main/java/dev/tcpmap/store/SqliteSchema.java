package dev.tcpmap.store;

import java.util.List;

/**
 * The SQLite layout of a store, version {@value #VERSION}.
 *
 * <pre>
 *   meta(key, value)                     schema version, downsample boundary
 *   endpoint(id, ip, kind, name, namespace, workload_kind, workload_name, node)   unique on all but id
 *   edge(id, client_id, server_id, port, side)                                    unique on all but id
 *   rollup(width, bucket, edge_id | counters)   counters: a {@link CountersBlob}
 *          \____ primary key ____/              WITHOUT ROWID: rows sorted by width, then bucket
 * </pre>
 *
 * Each bucket is kept at every width of {@link Levels}: the fine row and one row per coarser level
 * that contains it. Keying rows by width first makes every piece of a query one index range scan
 * over exactly the rows it sums. Endpoints and edges are interned because one edge is on thousands
 * of rows. STRICT tables, so that a value of the wrong type is refused, not stored.
 */
final class SqliteSchema {

  static final int VERSION = 3;

  /** The SQL function the upsert adds two {@link CountersBlob}s with. */
  static final String ADD = "tcpmap_add";

  static final List<String> CREATE =
      List.of(
          "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID, STRICT",
          "CREATE TABLE endpoint(id INTEGER PRIMARY KEY, ip BLOB NOT NULL, kind TEXT NOT NULL,"
              + " name TEXT NOT NULL, namespace TEXT NOT NULL, workload_kind TEXT NOT NULL,"
              + " workload_name TEXT NOT NULL, node TEXT NOT NULL,"
              + " UNIQUE(ip, kind, name, namespace, workload_kind, workload_name, node)) STRICT",
          "CREATE TABLE edge(id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL,"
              + " server_id INTEGER NOT NULL, port INTEGER NOT NULL, side INTEGER NOT NULL,"
              + " UNIQUE(client_id, server_id, port, side)) STRICT",
          "CREATE TABLE rollup(width INTEGER NOT NULL, bucket INTEGER NOT NULL,"
              + " edge_id INTEGER NOT NULL, counters BLOB NOT NULL,"
              + " PRIMARY KEY(width, bucket, edge_id)) WITHOUT ROWID, STRICT",
          "INSERT INTO meta(key, value) VALUES ('schema', '" + VERSION + "')",
          "INSERT INTO meta(key, value) VALUES ('coarse_before', '" + Long.MIN_VALUE + "')");

  /** Adds a row into the existing one; parameters: width, bucket, edge id, blob. */
  static final String UPSERT =
      "INSERT INTO rollup(width, bucket, edge_id, counters) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT(width, bucket, edge_id) DO UPDATE SET counters = "
          + ADD
          + "(counters, excluded.counters)";

  /** The rows of one width starting in {@code [?, ?)}; parameters: width, from, to. */
  static final String SCAN =
      "SELECT edge_id, bucket, counters FROM rollup WHERE width = ? AND bucket >= ? AND bucket < ?";

  private SqliteSchema() {}
}
