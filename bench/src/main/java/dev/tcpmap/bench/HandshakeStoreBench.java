package dev.tcpmap.bench;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.store.HandshakeStats;
import dev.tcpmap.store.HandshakeWindow;
import dev.tcpmap.store.SqliteHandshakeStore;
import dev.tcpmap.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SQLite handshake store: write rate, size per handshake, window queries.
 *
 * <pre>
 * HandshakeStoreBench DIR [N] [RUNS]    defaults 200,000 handshakes, 50 query runs
 * </pre>
 *
 * <p>Writes N handshakes spread evenly over 24 hours, in batches of 1,000 (one agent flush), from
 * 200 clients to 995 servers, each server with its own leaf and one of 5 intermediates: 1,000
 * distinct certificates. A third are TLS 1.2 with the observed chain, the rest TLS 1.3 without one;
 * three client programs, each with its own 15-suite list. Prints handshakes written per second, the
 * size after a checkpoint per handshake and of an interned hello row, then p50 and p99 of a
 * 5-minute and a 24-hour window query with limit 1,000, each after one warm-up run.
 */
public final class HandshakeStoreBench {

  private static final long T0 = 1_699_920_000_000L;
  private static final long DAY = 86_400_000L;
  private static final int SERVERS = 995;
  private static final int BATCH = 1_000;

  private HandshakeStoreBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs.usageUnless(args.length >= 1, "HandshakeStoreBench DIR [N] [RUNS]");
    Path dir = Files.createDirectories(Path.of(args[0]));
    int n = BenchArgs.intArg(args, 1, 200_000);
    int runs = BenchArgs.intArg(args, 2, 50);
    Path file = dir.resolve("tls.db");
    BenchArgs.deleteDatabase(file);
    List<CertificateChain> chains = chains();
    List<List<String>> suites = suites();
    try (SqliteHandshakeStore store = SqliteHandshakeStore.open(file, StoreConfig.DEFAULTS, n)) {
      long t = System.nanoTime();
      for (int start = 0; start < n; start += BATCH) {
        List<TlsHandshake> batch = new ArrayList<>(BATCH);
        for (int i = start; i < Math.min(n, start + BATCH); i++) {
          batch.add(handshake(i, n, chains, suites));
        }
        store.write(batch);
      }
      double seconds = (System.nanoTime() - t) / 1e9;
      store.checkpoint();
      HandshakeStats stats = store.stats();
      System.out.printf(
          "writes: %,d handshakes in batches of %,d: %.1f s, %,.0f handshakes/s%n",
          n, BATCH, seconds, n / seconds);
      System.out.printf(
          "  size after checkpoint: %,d bytes, %.0f bytes per handshake; %,d certificates;"
              + " %s%n",
          stats.bytesOnDisk(),
          (double) stats.bytesOnDisk() / stats.handshakes(),
          stats.certificates(),
          helloSize(file));
      time(store, "5 minutes", T0 + DAY / 2, T0 + DAY / 2 + 300_000, runs);
      time(store, "24 hours", T0, T0 + DAY, runs);
    }
  }

  private static TlsHandshake handshake(
      int i, int n, List<CertificateChain> chains, List<List<String>> suites) {
    int server = i % SERVERS;
    int program = i % 3;
    Instant at = Instant.ofEpochMilli(T0 + (long) i * DAY / n).plusNanos(i % 1_000_000);
    boolean tls12 = i % 3 == 0;
    List<String> offered = suites.get(program);
    return new TlsHandshake(
        IpAddress.v4(0x0A01_0000 + i % 200),
        32_768 + i % 28_000,
        IpAddress.v4(0x0A60_0000 + server),
        443,
        at.minusMillis(2),
        true,
        at,
        "svc-" + server + ".shop.svc.cluster.local",
        List.of("TLS 1.3", "TLS 1.2"),
        offered,
        List.of("h2", "http/1.1"),
        tls12 ? "h2" : "",
        tls12 ? "TLS 1.2" : "TLS 1.3",
        tls12 ? "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" : "TLS_AES_128_GCM_SHA256",
        "t13d15" + program + "1h2_8daaf6152771_e5627efa2ab1",
        tls12 ? Optional.of(chains.get(server)) : Optional.empty());
  }

  private static List<CertificateChain> chains() {
    List<Certificate> intermediates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      intermediates.add(
          new Certificate(
              "CN=Issuing CA " + i + ",O=Example Trust,C=SE",
              "CN=Example Root CA,O=Example Trust,C=SE",
              List.of(),
              Instant.parse("2020-01-01T00:00:00Z"),
              Instant.parse("2030-01-01T00:00:00Z"),
              "1000" + i));
    }
    List<CertificateChain> out = new ArrayList<>();
    for (int s = 0; s < SERVERS; s++) {
      String name = "svc-" + s + ".shop.svc.cluster.local";
      Certificate leaf =
          new Certificate(
              "CN=" + name,
              intermediates.get(s % 5).subject(),
              List.of(name, "svc-" + s + ".shop", "svc-" + s),
              Instant.parse("2023-11-01T00:00:00Z"),
              Instant.parse("2024-02-01T00:00:00Z"),
              Long.toHexString(0x5EED_0000_0000L + s));
      out.add(
          new CertificateChain(
              CertificateChain.Source.OBSERVED, List.of(leaf, intermediates.get(s % 5))));
    }
    return out;
  }

  private static List<List<String>> suites() {
    List<String> base =
        List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA");
    List<List<String>> out = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      List<String> rotated = new ArrayList<>(base);
      java.util.Collections.rotate(rotated, p);
      out.add(List.copyOf(rotated));
    }
    return out;
  }

  /** What interning the strings saves: the hello rows and their mean size. */
  private static String helloSize(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), avg(length(sni) + length(client_versions)"
                    + " + length(client_suites) + length(alpn_offered) + length(alpn_chosen)"
                    + " + length(version) + length(suite) + length(ja4)) FROM hello")) {
      rs.next();
      return String.format(
          "%,d hello rows of %.0f chars of text each (stored once, not per handshake)",
          rs.getLong(1), rs.getDouble(2));
    }
  }

  private static void time(SqliteHandshakeStore store, String what, long from, long to, int runs) {
    long[] nanos = new long[runs];
    long total = 0;
    store.query(from, to, 1_000);
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      HandshakeWindow w = store.query(from, to, 1_000);
      nanos[i] = System.nanoTime() - t;
      total = w.total();
    }
    Arrays.sort(nanos);
    System.out.printf(
        "query %s, limit 1,000: %,d in the window; %d runs: p50 %.1f ms, p99 %.1f ms%n",
        what, total, runs, BenchArgs.p50Millis(nanos), BenchArgs.p99Millis(nanos));
  }
}
