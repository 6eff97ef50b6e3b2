package dev.tcpmap.aggregate;

import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.aggregate.testing.TestAggregators;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.Rollup;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The aggregator's buckets for the history: what each connection adds where, and when. */
class AggregatorRollupsTest {

  static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
  static final EdgeKey EDGE = new EdgeKey(Endpoint.ofIp(CLIENT), Endpoint.ofIp(SERVER), 443);

  private final Aggregator builder = builder(Resolver.IP_ONLY, 100);

  static Aggregator builder(Resolver resolver, int maxTracked) {
    return TestAggregators.withHistory(maxTracked, resolver, InstantSource.fixed(at(0)));
  }

  static Instant at(long millis) {
    return Instant.ofEpochMilli(T0 + millis);
  }

  static ConnectionOpened opened(int port, long start, boolean startSeen) {
    return new ConnectionOpened(CLIENT, port, SERVER, 443, at(start), startSeen);
  }

  static ConnectionProgress progress(int port, long start, long at, long sent, long received) {
    return new ConnectionProgress(
        CLIENT, port, SERVER, 443, at(start), at(at), sent, received, SocketDetails.NONE);
  }

  static ConnectionClosed closed(
      int port, long start, long end, long sent, long received, Outcome outcome, boolean seen) {
    return new ConnectionClosed(
        new Connection(
            CLIENT,
            port,
            SERVER,
            443,
            at(start),
            Duration.ofMillis(end - start),
            sent,
            received,
            outcome,
            seen,
            SocketDetails.NONE));
  }

  /** Everything pending, summed per bucket start (relative to T0) for one edge. */
  static Map<Long, Counters> byBucket(List<Rollup> rollups, EdgeKey edge) {
    Map<Long, Counters> out = new HashMap<>();
    for (Rollup r : rollups) {
      if (r.edge().equals(edge)) {
        out.merge(r.atMillis() - T0, r.counters(), Counters::plus);
      }
    }
    return out;
  }

  static Counters total(List<Rollup> rollups) {
    return rollups.stream().map(Rollup::counters).reduce(Counters.ZERO, Counters::plus);
  }

  @Test
  void longConnection_bytesLandWhereProgressSaidAndSumToFinal() {
    builder.accept(opened(40_000, 3 * SECOND, true));
    builder.accept(progress(40_000, 3 * SECOND, 15 * SECOND, 100, 10));
    builder.accept(progress(40_000, 3 * SECOND, 25 * SECOND, 100, 10));
    builder.accept(progress(40_000, 3 * SECOND, 47 * SECOND, 700, 30));
    builder.accept(closed(40_000, 3 * SECOND, 62 * SECOND, 1_000, 31, Outcome.CLOSED, true));

    Map<Long, Counters> buckets = byBucket(builder.pending(), EDGE);
    assertThat(buckets).containsOnlyKeys(0L, 10 * SECOND, 40 * SECOND, 60 * SECOND);
    assertThat(buckets.get(0L)).isEqualTo(Counters.opened(1));
    assertThat(buckets.get(10 * SECOND)).isEqualTo(Counters.bytes(100, 10));
    assertThat(buckets.get(40 * SECOND)).isEqualTo(Counters.bytes(600, 20));
    assertThat(buckets.get(60 * SECOND))
        .isEqualTo(
            Counters.bytes(300, 1)
                .plus(Counters.ended(Counters.End.CLOSED, 59_000_000_000L, true)));
    Counters sum = total(builder.pending());
    assertThat(sum.bytesSent()).isEqualTo(1_000);
    assertThat(sum.bytesReceived()).isEqualTo(31);
    assertThat(builder.openConnections()).isZero();
    assertThat(builder.losses()).isEmpty();
  }

  @Test
  void closedOnlySource_countsOpensInTheStartBucketAndAllBytesAtTheEnd() {
    builder.accept(closed(40_000, 5 * SECOND, 35 * SECOND, 500, 50, Outcome.RESET, true));
    builder.accept(closed(40_001, 8 * SECOND, 9 * SECOND, 0, 0, Outcome.REFUSED, true));

    Map<Long, Counters> buckets = byBucket(builder.pending(), EDGE);
    assertThat(buckets.get(0L)).isEqualTo(Counters.opened(2).plus(refused(1_000)));
    assertThat(buckets.get(30 * SECOND))
        .isEqualTo(
            Counters.bytes(500, 50)
                .plus(Counters.ended(Counters.End.RESET, 30_000_000_000L, true)));
    assertThat(builder.losses()).isEmpty();
  }

  private static Counters refused(long millis) {
    return Counters.ended(Counters.End.REFUSED, millis * 1_000_000L, false);
  }

  @Test
  void connectionPredatingTheAgent_baselineAtFirstProgress_neverOpened() {
    builder.accept(opened(40_000, 0, false));
    builder.accept(progress(40_000, 0, 12 * SECOND, 9_000, 900));
    builder.accept(progress(40_000, 0, 22 * SECOND, 9_500, 950));
    builder.accept(closed(40_000, 0, 31 * SECOND, 9_600, 960, Outcome.UNKNOWN, false));

    List<Rollup> pending = builder.pending();
    Counters sum = total(pending);
    assertThat(sum.opened()).isZero();
    assertThat(sum.unknown()).isEqualTo(1);
    assertThat(sum.bytesSent()).isEqualTo(600);
    assertThat(sum.bytesReceived()).isEqualTo(60);
    // The baseline's bucket shows the edge, with nothing counted in it.
    assertThat(byBucket(pending, EDGE).get(10 * SECOND)).isEqualTo(Counters.ZERO);
    assertThat(builder.losses()).containsExactly(Map.entry("history/baseline", 1L));
  }

  @Test
  void predatingConnectionClosedBeforeAnyProgress_attributesNothing() {
    builder.accept(opened(40_000, 0, false));
    builder.accept(closed(40_000, 0, 15 * SECOND, 700, 70, Outcome.CLOSED, false));

    Counters sum = total(builder.pending());
    assertThat(sum.bytesSent() + sum.bytesReceived()).isZero();
    assertThat(sum.closed()).isEqualTo(1);
    assertThat(builder.losses()).containsExactly(Map.entry("history/baseline", 1L));
  }

  @Test
  void progressWithoutOpening_isBaselinedAndOpenedCountedAtClose() {
    builder.accept(progress(40_000, 4 * SECOND, 12 * SECOND, 300, 30));
    builder.accept(closed(40_000, 4 * SECOND, 14 * SECOND, 350, 31, Outcome.CLOSED, true));

    Map<Long, Counters> buckets = byBucket(builder.pending(), EDGE);
    assertThat(buckets.get(0L)).isEqualTo(Counters.opened(1));
    assertThat(buckets.get(10 * SECOND).bytesSent()).isEqualTo(50);
    assertThat(buckets.get(10 * SECOND).bytesReceived()).isEqualTo(1);
  }

  @Test
  void backwardsProgress_isCountedAndNeverSubtracted() {
    builder.accept(opened(40_000, 0, true));
    builder.accept(progress(40_000, 0, 5 * SECOND, 1_000, 100));
    builder.accept(progress(40_000, 0, 15 * SECOND, 400, 150));
    builder.accept(closed(40_000, 0, 25 * SECOND, 1_200, 150, Outcome.CLOSED, true));

    Map<Long, Counters> buckets = byBucket(builder.pending(), EDGE);
    assertThat(buckets.get(10 * SECOND)).isEqualTo(Counters.bytes(0, 50));
    assertThat(buckets.get(20 * SECOND).bytesSent()).isEqualTo(200);
    assertThat(total(builder.pending()).bytesSent()).isEqualTo(1_200);
    assertThat(builder.losses()).containsExactly(Map.entry("history/backwards-progress", 1L));
  }

  @Test
  void drain_returnsOnlyBucketsEndedAtOrBeforeNowMinusGrace() {
    builder.accept(closed(40_000, 1 * SECOND, 2 * SECOND, 1, 1, Outcome.CLOSED, true));
    builder.accept(closed(40_001, 11 * SECOND, 12 * SECOND, 1, 1, Outcome.CLOSED, true));

    assertThat(builder.drain(at(12 * SECOND - 1))).isEmpty();
    List<Rollup> first = builder.drain(at(12 * SECOND));
    assertThat(first).extracting(Rollup::atMillis).containsExactly(T0);
    assertThat(builder.drain(at(12 * SECOND))).isEmpty();
    assertThat(builder.drain(at(22 * SECOND - 1))).isEmpty();
    assertThat(builder.drain(at(22 * SECOND)))
        .extracting(Rollup::atMillis)
        .containsExactly(T0 + 10 * SECOND);
    assertThat(builder.pending()).isEmpty();
  }

  @Test
  void lateEventForADrainedBucket_yieldsANewRollupAtTheNextDrain() {
    builder.accept(opened(40_000, 1 * SECOND, true));
    assertThat(builder.drain(at(30 * SECOND))).hasSize(1);

    builder.accept(closed(40_001, 3 * SECOND, 4 * SECOND, 10, 0, Outcome.CLOSED, true));
    List<Rollup> late = builder.drain(at(30 * SECOND));
    assertThat(late).extracting(Rollup::atMillis).containsExactly(T0);
    assertThat(late.getFirst().counters().opened()).isEqualTo(1);
    assertThat(late.getFirst().counters().bytesSent()).isEqualTo(10);
  }

  @Test
  void tableFull_newConnectionNotTrackedAndCounted_itsCloseStillCounts() {
    Aggregator small = builder(Resolver.IP_ONLY, 1);
    small.accept(opened(40_000, 0, true));
    small.accept(opened(40_001, 0, true));
    small.accept(progress(40_001, 0, 5 * SECOND, 100, 0));
    assertThat(small.openConnections()).isEqualTo(1);
    assertThat(small.losses()).containsExactly(Map.entry("agent/open-table-full", 2L));

    small.accept(closed(40_001, 0, 25 * SECOND, 300, 3, Outcome.CLOSED, true));
    Map<Long, Counters> buckets = byBucket(small.pending(), EDGE);
    assertThat(buckets.get(0L).opened()).isEqualTo(2);
    assertThat(buckets.get(20 * SECOND).bytesSent()).isEqualTo(300);
    assertThat(buckets.get(20 * SECOND).closed()).isEqualTo(1);
  }

  @Test
  void names_aBetterAnswerMovesWhatIsNotHandedOver_drainedBucketsStay() {
    Endpoint before = new Endpoint(SERVER, Endpoint.Kind.POD, "db-0", "shop");
    Endpoint after = new Endpoint(SERVER, Endpoint.Kind.POD, "cache-0", "shop");
    AtomicReference<Endpoint> server = new AtomicReference<>(before);
    Resolver changing = (ip, at) -> ip.equals(SERVER) ? server.get() : Endpoint.ofIp(ip);
    Aggregator b = builder(changing, 10);
    b.accept(opened(40_000, 0, true));
    List<Rollup> first = b.drain(Instant.ofEpochMilli(T0 + 12 * SECOND));
    server.set(after);
    b.accept(progress(40_000, 0, 15 * SECOND, 10, 10));
    b.accept(closed(40_000, 0, 25 * SECOND, 20, 20, Outcome.CLOSED, true));

    assertThat(first)
        .extracting(Rollup::edge)
        .containsOnly(new EdgeKey(Endpoint.ofIp(CLIENT), before, 443));
    assertThat(b.pending())
        .extracting(Rollup::edge)
        .containsOnly(new EdgeKey(Endpoint.ofIp(CLIENT), after, 443));
  }

  @Test
  void names_theOtherEndsProcessKnownAtTheClose_namesTheWholeConnection() {
    Endpoint unnamed = Endpoint.ofIp(SERVER);
    Endpoint named = new Endpoint(SERVER, Endpoint.Kind.POD, "db-0", "shop");
    AtomicReference<Endpoint> server = new AtomicReference<>(unnamed);
    Resolver learning = (ip, at) -> ip.equals(SERVER) ? server.get() : Endpoint.ofIp(ip);
    Aggregator b = builder(learning, 10);
    b.accept(opened(40_000, 0, true));
    server.set(named);
    b.accept(closed(40_000, 0, 5 * SECOND, 20, 20, Outcome.CLOSED, true));

    Map<Long, Counters> buckets =
        byBucket(b.pending(), new EdgeKey(Endpoint.ofIp(CLIENT), named, 443));
    assertThat(buckets.get(0L).opened()).isEqualTo(1);
    assertThat(buckets.get(0L).closed()).isEqualTo(1);
    assertThat(b.pending()).hasSize(1);
  }

  @Test
  void resolver_isAskedWithTheStartAsTime() {
    AtomicReference<Instant> asked = new AtomicReference<>();
    Resolver recording =
        (ip, at) -> {
          asked.set(at);
          return Endpoint.ofIp(ip);
        };
    builder(recording, 10).accept(progress(40_000, 3 * SECOND, 15 * SECOND, 1, 1));
    assertThat(asked.get()).isEqualTo(at(3 * SECOND));
  }

  @Test
  void finish_flushesEverythingWithoutEndingOpenConnections() {
    builder.accept(opened(40_000, 0, true));
    builder.accept(progress(40_000, 0, 15 * SECOND, 100, 10));
    List<Rollup> rest = builder.finish();

    Counters sum = total(rest);
    assertThat(sum.opened()).isEqualTo(1);
    assertThat(sum.ended()).isZero();
    assertThat(sum.bytesSent()).isEqualTo(100);
    assertThat(builder.pending()).isEmpty();
    // Still open in the live view: finishing the history does not end a connection.
    assertThat(builder.openConnections()).isEqualTo(1);
    assertThat(builder.snapshot().connections())
        .extracting(Connection::outcome)
        .containsExactly(Outcome.OPEN);
  }

  @Test
  void closeWithOutcomeOpen_flushesBytesButIsNotAnEnd() {
    builder.accept(closed(40_000, 0, 15 * SECOND, 100, 10, Outcome.OPEN, true));
    Counters sum = total(builder.pending());
    assertThat(sum.opened()).isEqualTo(1);
    assertThat(sum.ended()).isZero();
    assertThat(sum.bytesSent()).isEqualTo(100);
  }

  @Test
  void persistent_fromTheThresholdOn() {
    builder.accept(closed(40_000, 0, 10 * SECOND, 0, 0, Outcome.CLOSED, true));
    builder.accept(closed(40_001, 0, 10 * SECOND - 1, 0, 0, Outcome.CLOSED, true));
    assertThat(total(builder.pending()).persistent()).isEqualTo(1);
  }

  @Test
  void duplicateOpening_countedOnce_sourceLossesCountedAsTheyCame() {
    builder.accept(opened(40_000, 0, true));
    builder.accept(opened(40_000, 0, true));
    builder.accept(new EventsLost("tracker", "evicted", 3));
    assertThat(total(builder.pending()).opened()).isEqualTo(1);
    assertThat(builder.losses()).containsExactly(Map.entry("tracker/evicted", 3L));
  }

  @Test
  void timeBeforeTheEpoch_isCountedNotAdded() {
    builder.accept(
        new ConnectionOpened(CLIENT, 40_000, SERVER, 443, Instant.ofEpochMilli(-5), true));
    assertThat(builder.pending()).isEmpty();
    assertThat(builder.losses()).containsExactly(Map.entry("history/out-of-range", 1L));
  }
}
