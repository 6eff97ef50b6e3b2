package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.MINUTE;
import static dev.tcpmap.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * The memory and the SQLite store give equal answers to random handshakes written over 20 minutes
 * (on 30-second marks, so that many share an instant) in two batches, maintained at a random time
 * with a random bound and a 10-minute retention, then queried on random windows with random limits.
 * Strings come from a pool with the awkward ones (empty, list separators, NUL, non-ASCII, a
 * surrogate pair); certificates and chains from small pools, so that interning and cleanup are
 * exercised.
 */
class HandshakeStoresAgreeTest {

  private static final StoreConfig TEN_MINUTES =
      new StoreConfig(
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10));

  private static final List<String> STRINGS =
      List.of("", "h2", "TLS 1.3", "3:a,b", "a\u0000b", "Linköping 東京", "\uD83D\uDE00", "0x0A0A");

  private static final List<IpAddress> ADDRESSES =
      List.of(
          IpAddress.parse("10.0.0.1"),
          IpAddress.parse("10.0.0.2"),
          IpAddress.parse("2001:db8::1"),
          IpAddress.parse("0.0.0.0"));

  @TempDir Path dir;
  private int run;

  @Test
  void randomHandshakesMaintenanceAndWindows_sameAnswers() {
    qt().withExamples(60)
        .forAll(
            lists().of(handshakes()).ofSizeBetween(0, 40),
            integers().between(1, 40),
            lists().of(longs().between(0, 30 * MINUTE)).ofSize(4),
            integers().between(0, 30))
        .checkAssert(this::agree);
  }

  private void agree(List<TlsHandshake> handshakes, Integer max, List<Long> times, Integer limit) {
    long maintainAt = times.get(0);
    try (HandshakeStore memory = new MemoryHandshakeStore(TEN_MINUTES, max);
        HandshakeStore sqlite =
            SqliteHandshakeStore.open(dir.resolve("agree-" + run++ + ".db"), TEN_MINUTES, max)) {
      int half = handshakes.size() / 2;
      for (HandshakeStore s : List.of(memory, sqlite)) {
        s.write(handshakes.subList(0, half));
      }
      assertThat(sqlite.maintain(T0 + maintainAt)).isEqualTo(memory.maintain(T0 + maintainAt));
      for (HandshakeStore s : List.of(memory, sqlite)) {
        s.write(handshakes.subList(half, handshakes.size()));
      }
      long a = edge(times.get(1));
      long b = edge(times.get(2));
      long from = T0 + Math.min(a, b);
      long to = T0 + Math.max(a, b);
      for (long[] w : new long[][] {{from, to}, {T0, T0 + 21 * MINUTE}, {from, from}}) {
        assertThat(sqlite.query(w[0], w[1], limit)).isEqualTo(memory.query(w[0], w[1], limit));
      }
      assertThat(sqlite.maintain(T0 + times.get(3))).isEqualTo(memory.maintain(T0 + times.get(3)));
      assertThat(sqlite.query(T0, T0 + 21 * MINUTE, 100))
          .isEqualTo(memory.query(T0, T0 + 21 * MINUTE, 100));
      assertThat(sqlite.losses()).isEqualTo(memory.losses());
      assertThat(sqlite.stats().handshakes()).isEqualTo(memory.stats().handshakes());
      assertThat(sqlite.stats().certificates()).isEqualTo(memory.stats().certificates());
    }
  }

  /**
   * A window end within the 21 minutes; an odd draw on a 30 s mark, where the handshakes are, so
   * that both edges of the window are tested.
   */
  private static long edge(long draw) {
    long t = draw % (21 * MINUTE);
    return draw % 2 == 1 ? t / 30_000 * 30_000 : t;
  }

  private static Gen<String> strings() {
    return integers().between(0, STRINGS.size() - 1).map(STRINGS::get);
  }

  private static Gen<Certificate> certificates() {
    return integers()
        .between(0, 5)
        .zip(
            longs().between(-1_000_000_000_000L, 253_402_300_799L),
            integers().between(0, 999_999_999),
            (i, seconds, nanos) ->
                new Certificate(
                    "CN=c" + (i % 3),
                    "CN=ca",
                    STRINGS.subList(0, i % 4),
                    Instant.ofEpochSecond(seconds % 1000, nanos % 2),
                    Instant.ofEpochSecond(seconds, nanos),
                    Integer.toHexString(1 + i % 2)));
  }

  private static Gen<Optional<CertificateChain>> chains() {
    return integers()
        .between(0, 2)
        .zip(
            lists().of(certificates()).ofSizeBetween(1, 3),
            longs().between(0, 20 * MINUTE),
            (kind, certs, probed) ->
                switch (kind) {
                  case 0 -> Optional.<CertificateChain>empty();
                  case 1 ->
                      Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, certs));
                  default ->
                      Optional.of(
                          probed % 2 == 0
                              ? CertificateChain.probed(certs, Instant.ofEpochMilli(T0 + probed))
                              : new CertificateChain(CertificateChain.Source.PROBED, certs));
                });
  }

  private static Gen<TlsHandshake> handshakes() {
    Gen<List<String>> lists = lists().of(strings()).ofSizeBetween(0, 3);
    Gen<Instant> at =
        longs()
            .between(0, 20 * MINUTE)
            .zip(
                integers().between(0, 2),
                (ms, ns) -> TlsFixtures.at(T0 + ms / 30_000 * 30_000, ns));
    Gen<String[]> texts =
        strings().zip(strings(), strings(), strings(), (a, b, c, d) -> new String[] {a, b, c, d});
    Gen<int[]> ends =
        integers()
            .between(0, ADDRESSES.size() - 1)
            .zip(
                integers().between(0, ADDRESSES.size() - 1),
                integers().between(0, 65_535),
                (c, s, p) -> new int[] {c, s, p});
    return at.zip(
        lists.zip(lists, lists, (v, s, a) -> List.of(v, s, a)),
        texts,
        ends,
        chains(),
        (when, l, t, e, chain) ->
            new TlsHandshake(
                ADDRESSES.get(e[0]),
                e[2],
                ADDRESSES.get(e[1]),
                443,
                when.minusNanos(e[2]),
                true,
                when,
                t[0],
                l.get(0),
                l.get(1),
                l.get(2),
                t[1],
                t[2],
                t[2].isEmpty() ? "" : t[3] + "x",
                t[3],
                chain));
  }
}
