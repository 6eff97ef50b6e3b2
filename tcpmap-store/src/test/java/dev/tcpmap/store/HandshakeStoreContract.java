package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.TlsFixtures.INTERMEDIATE;
import static dev.tcpmap.store.TlsFixtures.LEAF;
import static dev.tcpmap.store.TlsFixtures.OBSERVED;
import static dev.tcpmap.store.TlsFixtures.PROBED;
import static dev.tcpmap.store.TlsFixtures.ROOT;
import static dev.tcpmap.store.TlsFixtures.numbered;
import static dev.tcpmap.store.TlsFixtures.tls12;
import static dev.tcpmap.store.TlsFixtures.unanswered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.Certificate;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link HandshakeStore} must do, run against each implementation. Default settings: 7
 * days kept; at most {@value #MAX} handshakes unless a test says otherwise.
 */
abstract class HandshakeStoreContract {

  static final int MAX = 1_000;

  protected HandshakeStore store;

  /** A new, empty store. */
  protected abstract HandshakeStore newStore(StoreConfig config, int maxHandshakes);

  @BeforeEach
  void openStore() {
    store = newStore(StoreConfig.DEFAULTS, MAX);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void write_everyField_comesBackExactly() {
    List<TlsHandshake> written =
        List.of(
            tls12(0, Optional.of(OBSERVED)),
            tls12(1, Optional.of(PROBED)),
            tls12(
                2,
                Optional.of(new CertificateChain(CertificateChain.Source.PROBED, List.of(LEAF)))),
            unanswered(3, 999_999));

    store.write(written);

    HandshakeWindow w = store.query(T0, T0 + SECOND, 10);
    assertThat(w.handshakes()).containsExactlyElementsOf(written.reversed());
    assertThat(w.total()).isEqualTo(4);
    assertThat(w.truncated()).isFalse();
    assertThat(w.window()).isEqualTo(new Window(T0, T0 + SECOND));
  }

  @Test
  void query_windowEdges_fromIncludedToExcluded() {
    store.write(
        List.of(
            unanswered(-1, 999_999), // 1 ns before from
            unanswered(0, 0), // at from
            unanswered(9, 999_999), // 1 ns before to
            unanswered(10, 0))); // at to

    HandshakeWindow w = store.query(T0, T0 + 10, 10);

    assertThat(w.handshakes())
        .extracting(TlsHandshake::at)
        .containsExactly(TlsFixtures.at(T0 + 9, 999_999), TlsFixtures.at(T0, 0));
    assertThat(w.total()).isEqualTo(2);
  }

  @Test
  void query_newestFirstTiesLaterWrittenFirst_limitKeepsTheNewest() {
    store.write(List.of(numbered(5, 1), numbered(7, 2), numbered(5, 3)));
    store.write(List.of(numbered(7, 4), numbered(1, 5)));

    HandshakeWindow all = store.query(T0, T0 + SECOND, 10);
    HandshakeWindow two = store.query(T0, T0 + SECOND, 2);

    assertThat(all.handshakes())
        .extracting(TlsHandshake::clientPort)
        .containsExactly(4, 2, 3, 1, 5);
    assertThat(two.handshakes()).extracting(TlsHandshake::clientPort).containsExactly(4, 2);
    assertThat(two.total()).isEqualTo(5);
    assertThat(two.truncated()).isTrue();
  }

  @Test
  void query_limitZero_countsOnly() {
    store.write(List.of(numbered(5, 1), numbered(6, 2)));

    HandshakeWindow w = store.query(T0, T0 + SECOND, 0);

    assertThat(w.handshakes()).isEmpty();
    assertThat(w.total()).isEqualTo(2);
  }

  @Test
  void query_emptyRangeOrEmptyStore_hasNothing() {
    assertThat(store.query(T0, T0 + DAY, 10).total()).isZero();
    store.write(List.of(numbered(0, 1)));

    HandshakeWindow empty = store.query(T0, T0, 10);

    assertThat(empty.handshakes()).isEmpty();
    assertThat(empty.total()).isZero();
    assertThat(store.query(Long.MAX_VALUE, Long.MAX_VALUE, 10).total()).isZero();
  }

  record BadQuery(long from, long to, int limit, String message) {}

  static Stream<BadQuery> badQueries() {
    return Stream.of(
        new BadQuery(T0, T0 - 1, 10, "range ends before it starts"),
        new BadQuery(-1, T0, 10, "from before the epoch: -1"),
        new BadQuery(T0, T0 + 1, -1, "limit is negative: -1"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void query_badArguments_sayWhat(BadQuery q) {
    assertThatThrownBy(() -> store.query(q.from(), q.to(), q.limit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(q.message());
  }

  @Test
  void write_batchWithAnUnstorableHandshake_writesNothingAndNamesTheField() {
    TlsHandshake late = numbered(0, 2);
    TlsHandshake farFuture =
        TestHandshakes.tls13(
            late.client(),
            2,
            late.server(),
            443,
            late.connectionStart(),
            Instant.parse("2300-01-01T00:00:00Z"),
            "",
            Optional.empty());

    assertThatThrownBy(() -> store.write(List.of(numbered(0, 1), farFuture)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at out of the storable range")
        .hasMessageContaining("2300-01-01");
    assertThatThrownBy(() -> store.write(Arrays.asList(numbered(0, 1), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handshake in batch");
    assertThat(store.query(T0, T0 + DAY, 10).total()).isZero();
    assertThat(store.stats().handshakes()).isZero();
  }

  @Test
  void write_halfASurrogatePair_isRefusedNamingTheField() {
    Certificate broken =
        new Certificate(
            "CN=x\uD800", "CN=ca", List.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), "1");
    TlsHandshake h =
        tls12(
            0,
            Optional.of(new CertificateChain(CertificateChain.Source.OBSERVED, List.of(broken))));

    assertThatThrownBy(() -> store.write(List.of(h)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "certificate subject has half a surrogate pair at char 4, which UTF-8 cannot store");
    assertThat(store.stats().handshakes()).isZero();
  }

  @Test
  void maintain_dropsWhatTheRetentionPassed_keepsTheRest() {
    long retention = StoreConfig.DEFAULTS.retention().toMillis();
    store.write(List.of(unanswered(0, 999_999), unanswered(1, 0), unanswered(2, 0)));

    HandshakeMaintenance m = store.maintain(T0 + 1 + retention);

    assertThat(m).isEqualTo(new HandshakeMaintenance(1, 0, 0));
    assertThat(store.query(T0, T0 + SECOND, 10).handshakes())
        .extracting(TlsHandshake::at)
        .containsExactly(TlsFixtures.at(T0 + 2, 0), TlsFixtures.at(T0 + 1, 0));
    assertThat(store.losses()).isEmpty();
  }

  @Test
  void maintain_beyondTheBound_dropsTheOldestAndCountsThem() {
    store.close();
    store = newStore(StoreConfig.DEFAULTS, 3);
    store.write(List.of(numbered(5, 1), numbered(2, 2), numbered(9, 3), numbered(2, 4)));
    store.write(List.of(numbered(7, 5)));
    assertThat(store.stats().handshakes()).isEqualTo(5);

    HandshakeMaintenance m = store.maintain(T0 + SECOND);
    store.maintain(T0 + SECOND);

    assertThat(m.pruned()).isEqualTo(2);
    assertThat(store.losses()).containsExactly(java.util.Map.entry(HandshakeStore.PRUNED, 2L));
    assertThat(store.query(T0, T0 + SECOND, 10).handshakes())
        .extracting(TlsHandshake::clientPort)
        .containsExactly(3, 5, 1);
  }

  @Test
  void write_sameCertificatesOnManyHandshakes_storesEachOnce() {
    List<TlsHandshake> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(tls12(i, Optional.of(i % 2 == 0 ? OBSERVED : PROBED)));
    }
    store.write(batch);
    store.write(List.of(tls12(60, Optional.of(OBSERVED))));

    // LEAF, INTERMEDIATE, ROOT; OTHER_LEAF and INTERMEDIATE again.
    assertThat(store.stats().certificates()).isEqualTo(4);
    assertThat(store.stats().handshakes()).isEqualTo(51);
  }

  @Test
  void maintain_certificatesNoLongerReferenced_areDroppedAndCanComeBack() {
    long retention = StoreConfig.DEFAULTS.retention().toMillis();
    store.write(List.of(tls12(0, Optional.of(OBSERVED)), tls12(SECOND, Optional.of(PROBED))));

    HandshakeMaintenance m = store.maintain(T0 + 1 + retention);

    assertThat(m).isEqualTo(new HandshakeMaintenance(1, 0, 2)); // LEAF and ROOT
    assertThat(store.stats().certificates()).isEqualTo(2);
    TlsHandshake again = tls12(2 * SECOND, Optional.of(OBSERVED));
    store.write(List.of(again));
    assertThat(store.query(T0, T0 + DAY, 10).handshakes().getFirst()).isEqualTo(again);
    assertThat(store.stats().certificates()).isEqualTo(4);
    assertThat(store.query(T0, T0 + DAY, 10).handshakes().getFirst().certificate().orElseThrow())
        .extracting(CertificateChain::chain)
        .isEqualTo(List.of(LEAF, INTERMEDIATE, ROOT));
  }

  @Test
  void write_emptyBatch_changesNothing() {
    store.write(List.of());

    assertThat(store.stats()).extracting(HandshakeStats::handshakes).isEqualTo(0L);
  }
}
