package dev.tcpmap.bench;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.RangeSums;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.SqliteRollupStore;
import dev.tcpmap.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The SQLite rollup store under the load issue 6 names: sustained writes, a 24 h query, size.
 *
 * <pre>
 * StoreBench writes DIR [BUCKETS]       default 30: 20,000 connections/s over 5,000 edges
 * StoreBench query DIR [RUNS] [HOURS] [CACHE_ROWS]   defaults 100 24 250000: 5,000 edges a bucket
 * </pre>
 *
 * <p>{@code writes}: each 10 s bucket's batch is 200,000 {@code opened} and 200,000 {@code ended}
 * rollups (with bytes), over 5,000 edges, written in one {@code write} call as the agent would
 * flush it; three warm-up buckets, then BUCKETS measured ones. Prints the time per batch against
 * the 10 s it covers, then the size on disk after a checkpoint per million connections.
 *
 * <p>{@code query}: writes HOURS + 1 hours of 10 s buckets, 5,000 edges in each, through the store
 * (batches of ten minutes; once, the file is kept in DIR), then times RUNS queries each over HOURS,
 * one hour and five minutes, starting at random instants of the first hour.
 */
public final class StoreBench {

  private static final long T0 = 1_699_920_000_000L;
  private static final int EDGES = 5_000;
  private static final int CONNECTIONS_PER_BUCKET = 200_000;
  private static final long BUCKET = 10_000;

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs.usageUnless(args.length >= 2, "StoreBench writes|query DIR [N] [HOURS]");
    Path dir = Files.createDirectories(Path.of(args[1]));
    switch (args[0]) {
      case "writes" -> writes(dir, BenchArgs.intArg(args, 2, 30));
      case "query" ->
          query(
              dir,
              BenchArgs.intArg(args, 2, 100),
              BenchArgs.intArg(args, 3, 24),
              BenchArgs.longArg(args, 4, SqliteRollupStore.DEFAULT_CACHE_ROWS));
      default -> BenchArgs.refuse("unknown mode: " + args[0]);
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
    BenchArgs.deleteDatabase(file);
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

  private static void query(Path dir, int runs, int hours, long cacheRows) throws Exception {
    Path file = dir.resolve("levels-" + hours + "h.db");
    // One hour more than the longest range asked, so that its ends can fall anywhere in an hour.
    long buckets = (hours + 1) * 360L;
    if (!Files.exists(file)) {
      long t = System.nanoTime();
      try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS)) {
        List<EdgeKey> edges = edges();
        Counters c = perBucket();
        for (long b = 0; b < buckets; b += 60) {
          List<Rollup> batch = new ArrayList<>(60 * EDGES);
          for (long i = b; i < Math.min(buckets, b + 60); i++) {
            for (EdgeKey edge : edges) {
              batch.add(new Rollup(T0 + i * BUCKET, edge, c));
            }
          }
          store.write(batch);
        }
        store.checkpoint();
      }
      System.out.printf(
          "made %,d fine buckets of %,d edges through the store in %.0f s%n",
          buckets, EDGES, (System.nanoTime() - t) / 1e9);
    }
    try (SqliteRollupStore store = SqliteRollupStore.open(file, StoreConfig.DEFAULTS, cacheRows)) {
      System.out.printf(
          "store: %,d bytes on disk; cache of %,d rows%n", store.stats().bytesOnDisk(), cacheRows);
      Random random = new Random(7);
      time(store, hours + " h", hours * 3_600_000L, runs, random);
      time(store, "1 h", 3_600_000L, runs, random);
      time(store, "5 min", 300_000L, runs, random);
      // All time, as k8spacket's graph asks without from and to: the whole file.
      for (int i = 0; i < 5; i++) {
        long t = System.nanoTime();
        int edges = store.query(0, T0 + buckets * BUCKET).edges().size();
        System.out.printf(
            "query all time: %d edges in %.1f ms%n", edges, (System.nanoTime() - t) / 1e6);
      }
    }
  }

  /** What each edge does in each bucket of the query data: 40 connections. */
  private static Counters perBucket() {
    Counters c = Counters.opened(40).plus(Counters.bytes(123_456, 7_654_321));
    for (int i = 0; i < 40; i++) {
      c = c.plus(Counters.ended(Counters.End.CLOSED, 1_000_000L << (i % 20), false));
    }
    return c;
  }

  /**
   * Queries of {@code length} starting at a random instant of the first hour (so that both ends
   * fall anywhere in their hour, as a graph's "last 24 h" does): the first one apart (a cold
   * cache), then {@code runs}.
   */
  private static void time(
      SqliteRollupStore store, String what, long length, int runs, Random random) {
    long[] nanos = new long[runs];
    int edges = 0;
    for (int i = -1; i < runs; i++) {
      long from = T0 + (long) (random.nextDouble() * 3_600_000L);
      long t = System.nanoTime();
      RangeSums sums = store.query(from, from + length);
      if (i >= 0) {
        nanos[i] = System.nanoTime() - t;
      } else {
        System.out.printf("query %s: first %.1f ms%n", what, (System.nanoTime() - t) / 1e6);
      }
      edges = sums.edges().size();
    }
    Arrays.sort(nanos);
    System.out.printf(
        "query %s: %d edges; %d runs after it: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what,
        edges,
        runs,
        BenchArgs.p50Millis(nanos),
        BenchArgs.p99Millis(nanos),
        nanos[runs - 1] / 1e6);
  }
}
