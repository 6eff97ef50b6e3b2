package dev.tcpmap.bench;

import dev.tcpmap.core.aggregate.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.RangeSums;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.SqliteRollupStore;
import dev.tcpmap.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The SQLite rollup store under the load issue 6 names: sustained writes, a 24 h query, size.
 *
 * <pre>
 * StoreBench writes DIR [BUCKETS]       default 30: 20,000 connections/s over 5,000 edges
 * StoreBench query DIR [RUNS] [HOURS]   defaults 5 24: 5,000 edges in every 10 s bucket
 * </pre>
 *
 * <p>{@code writes}: each 10 s bucket's batch is 200,000 {@code opened} and 200,000 {@code ended}
 * rollups (with bytes), over 5,000 edges, written in one {@code write} call as the agent would
 * flush it; three warm-up buckets, then BUCKETS measured ones. Prints the time per batch against
 * the 10 s it covers, then the size on disk after a checkpoint per million connections.
 *
 * <p>{@code query}: writes one bucket of 5,000 edges through the store, copies it in SQL to every
 * 10 s bucket of HOURS hours (the store's write path is measured by {@code writes}; this only makes
 * the rows), then times queries over the whole range, one hour and ten minutes. Then the same edges
 * in HOURS one-hour buckets: what a query over a pre-aggregated hourly level would read.
 */
public final class StoreBench {

  private static final long T0 = 1_699_920_000_000L;
  private static final int EDGES = 5_000;
  private static final int CONNECTIONS_PER_BUCKET = 200_000;
  private static final long BUCKET = 10_000;

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: StoreBench writes|query DIR [N] [HOURS]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[1]));
    switch (args[0]) {
      case "writes" -> writes(dir, args.length > 2 ? Integer.parseInt(args[2]) : 30);
      case "query" ->
          query(
              dir,
              args.length > 2 ? Integer.parseInt(args[2]) : 5,
              args.length > 3 ? Integer.parseInt(args[3]) : 24);
      default -> {
        System.err.println("unknown mode: " + args[0]);
        System.exit(2);
      }
    }
  }

  private static List<EdgeKey> edges() {
    List<EdgeKey> out = new ArrayList<>(EDGES);
    for (int i = 0; i < EDGES; i++) {
      Endpoint client =
          new Endpoint(
              IpAddress.v4(0x0A01_0000 + i),
              Endpoint.Kind.POD,
              "client-" + i + "-7d9f8c6b5-x2x4z",
              "ns-" + (i % 20),
              new Endpoint.Workload("Deployment", "client-" + i),
              "node-" + (i % 10));
      Endpoint server =
          new Endpoint(
              IpAddress.v4(0x0A60_0000 + i % 100),
              Endpoint.Kind.SERVICE,
              "svc-" + (i % 100),
              "ns-" + (i % 20));
      out.add(new EdgeKey(client, server, 8080));
    }
    return out;
  }

  private static void writes(Path dir, int buckets) {
    Path file = dir.resolve("writes.db");
    deleteStore(file);
    List<EdgeKey> edges = edges();
    Random random = new Random(42);
    Counters opened = Counters.opened(1);
    Counters[] ended = new Counters[64];
    for (int i = 0; i < ended.length; i++) {
      long duration = (long) (Math.exp(random.nextDouble() * 20) * 1_000);
      ended[i] =
          Counters.ended(
                  i % 16 == 0 ? Counters.End.RESET : Counters.End.CLOSED,
                  duration,
                  duration >= 10_000_000_000L)
              .plus(Counters.bytes(random.nextInt(100_000), random.nextInt(1_000_000)));
    }
    long[] nanos = new long[buckets];
    try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      for (int b = -3; b < buckets; b++) {
        long start = T0 + (b + 3) * BUCKET;
        List<Rollup> batch = new ArrayList<>(2 * CONNECTIONS_PER_BUCKET);
        for (int c = 0; c < CONNECTIONS_PER_BUCKET; c++) {
          EdgeKey edge = edges.get(c % EDGES);
          long at = start + (c * BUCKET) / CONNECTIONS_PER_BUCKET;
          batch.add(new Rollup(at, edge, opened));
          batch.add(new Rollup(at, edge, ended[c % ended.length]));
        }
        long t = System.nanoTime();
        store.write(batch);
        if (b >= 0) {
          nanos[b] = System.nanoTime() - t;
        }
      }
      store.checkpoint();
      long connections = (long) (buckets + 3) * CONNECTIONS_PER_BUCKET;
      long bytes = store.stats().bytesOnDisk();
      long rows = store.stats().rows();
      Arrays.sort(nanos);
      double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
      System.out.printf(
          "writes: %d buckets of %,d rollups (%,d connections, %,d edges) each%n",
          buckets, 2 * CONNECTIONS_PER_BUCKET, CONNECTIONS_PER_BUCKET, EDGES);
      System.out.printf(
          "  per bucket: mean %.0f ms, p50 %.0f ms, max %.0f ms; mean / 10 s = %.4f%n",
          mean, nanos[buckets / 2] / 1e6, nanos[buckets - 1] / 1e6, mean / 10_000);
      System.out.printf(
          "  size after checkpoint: %,d bytes for %,d connections (%,d rows): %,.0f bytes per"
              + " million connections, %.0f bytes per row%n",
          bytes, connections, rows, bytes * 1e6 / connections, (double) bytes / rows);
    }
  }

  private static void query(Path dir, int runs, int hours) throws Exception {
    Path file = dir.resolve("query-" + hours + "h.db");
    long buckets = hours * 360L;
    if (!Files.exists(file)) {
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        store.write(oneBucketPerEdge(T0));
      }
      long t = System.nanoTime();
      copyBucket(file, buckets);
      System.out.printf(
          "made %,d rows in %.0f s%n", buckets * EDGES, (System.nanoTime() - t) / 1e9);
    }
    try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
      System.out.printf("store: %,d bytes on disk%n", store.stats().bytesOnDisk());
      time(store, "whole range", T0, T0 + buckets * BUCKET, runs);
      time(store, "one hour", T0 + BUCKET * 7, T0 + BUCKET * 7 + 3_600_000, Math.max(runs, 5));
      time(store, "ten minutes", T0 + BUCKET * 7, T0 + BUCKET * 7 + 600_000, Math.max(runs, 5));
    }
    Path hourly = dir.resolve("hourly-" + hours + "h.db");
    deleteStore(hourly);
    StoreConfig hour =
        new StoreConfig(
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    try (SqliteRollupStore store = SqliteRollupStore.open(hourly, hour)) {
      for (int h = 0; h < hours; h++) {
        store.write(oneBucketPerEdge(T0 + h * 3_600_000L));
      }
      time(store, hours + " one-hour buckets", T0, T0 + hours * 3_600_000L, 50);
    }
  }

  private static List<Rollup> oneBucketPerEdge(long at) {
    List<Rollup> out = new ArrayList<>(EDGES);
    Counters c = Counters.opened(40).plus(Counters.bytes(123_456, 7_654_321));
    for (int i = 0; i < 40; i++) {
      c = c.plus(Counters.ended(Counters.End.CLOSED, 1_000_000L << (i % 20), false));
    }
    for (EdgeKey edge : edges()) {
      out.add(new Rollup(at, edge, c));
    }
    return out;
  }

  /**
   * Copies bucket T0's rows into the next buckets in one transaction; CROSS JOIN keeps the buckets
   * the outer loop, so rows go in in key order.
   */
  private static void copyBucket(Path file, long buckets) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      c.setAutoCommit(false);
      s.execute(
          "INSERT INTO rollup SELECT "
              + T0
              + " + b.i * "
              + BUCKET
              + ", r.width, r.client_id, r.server_id, r.port, r.opened, r.closed, r.reset,"
              + " r.refused, r.timeout, r.unknown, r.persistent, r.bytes_sent, r.bytes_received,"
              + " r.duration_sum, r.duration_max, r.h0, r.h1, r.h2, r.h3, r.h4, r.h5, r.h6, r.h7,"
              + " r.h8, r.h9, r.h10, r.h11, r.h12, r.h13, r.h14, r.h15, r.h16, r.h17, r.h18,"
              + " r.h19, r.h20, r.h21, r.h22, r.h23"
              + " FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + (buckets - 1)
              + ") SELECT i FROM n) b CROSS JOIN rollup r WHERE r.bucket = "
              + T0);
      c.commit();
      c.setAutoCommit(true);
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  private static void time(SqliteRollupStore store, String what, long from, long to, int runs) {
    long[] nanos = new long[runs];
    int edges = 0;
    store.query(from, to);
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      RangeSums sums = store.query(from, to);
      nanos[i] = System.nanoTime() - t;
      edges = sums.edges().size();
    }
    Arrays.sort(nanos);
    System.out.printf(
        "query %s: %d edges; %d runs after one warm-up: p50 %.1f ms, p99 (max) %.1f ms%n",
        what, edges, runs, nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6);
  }

  private static void deleteStore(Path file) {
    for (String suffix : List.of("", "-wal", "-shm")) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
