package dev.tcpmap.store;

import static dev.tcpmap.store.Fixtures.CURL_OUT;
import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.HOUR;
import static dev.tcpmap.store.Fixtures.MINUTE;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static dev.tcpmap.store.Fixtures.WEB_DB;
import static dev.tcpmap.store.Fixtures.WEB_OUT;
import static dev.tcpmap.store.Fixtures.ended;
import static dev.tcpmap.store.Fixtures.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RollupStore} must do, run against each implementation (zipkin's ITStorage
 * pattern). Times are on the default widths: 10 s buckets, 1 min after a day, 7 days kept.
 */
abstract class RollupStoreContract {

  protected RollupStore store;

  /** A new, empty store of the given configuration. */
  protected abstract RollupStore newStore(StoreConfig config);

  @BeforeEach
  void openStore() {
    store = newStore(StoreConfig.DEFAULTS);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void write_timestampOnBoundary_landsInTheBucketItStarts() {
    store.write(List.of(opened(T0 + 10 * SECOND, WEB_DB, 1)));

    assertThat(openedIn(store.query(T0, T0 + 10 * SECOND))).isZero();
    assertThat(openedIn(store.query(T0 + 10 * SECOND, T0 + 20 * SECOND))).isEqualTo(1);
  }

  @Test
  void write_timestampJustBeforeBoundary_landsInTheBucketBefore() {
    store.write(List.of(opened(T0 + 10 * SECOND - 1, WEB_DB, 1)));

    assertThat(openedIn(store.query(T0, T0 + 10 * SECOND))).isEqualTo(1);
    assertThat(openedIn(store.query(T0 + 10 * SECOND, T0 + 20 * SECOND))).isZero();
  }

  @Test
  void query_rangeSpanningBuckets_sumsExactlyTheBucketsInIt() {
    for (int i = 0; i < 6; i++) {
      store.write(List.of(opened(T0 + i * 10 * SECOND, WEB_DB, i + 1)));
    }

    RangeSums sums = store.query(T0 + 10 * SECOND, T0 + 40 * SECOND);

    assertThat(openedIn(sums)).isEqualTo(2 + 3 + 4);
    assertThat(sums.effective()).isEqualTo(sums.requested());
    assertThat(sums.widened()).isFalse();
  }

  @Test
  void query_eachEdge_saysTheSpanOfItsBucketsInRange() {
    store.write(List.of(opened(T0 + 5 * SECOND, WEB_DB, 1), opened(T0 + 35 * SECOND, WEB_DB, 1)));
    store.write(List.of(opened(T0 + 75 * SECOND, WEB_DB, 1)));

    EdgeSums sums =
        store.query(T0, T0 + 60 * SECOND).sided().get(new StoredEdge(WEB_DB, Side.CLIENT));

    assertThat(sums.counters().opened()).isEqualTo(2);
    assertThat(sums.firstMillis()).isEqualTo(T0);
    assertThat(sums.lastMillis()).isEqualTo(T0 + 40 * SECOND);
  }

  @Test
  void write_sameEdgeFromBothSides_keepsTheSidesApart() {
    Counters one = Counters.opened(1);
    store.write(
        List.of(
            new Rollup(T0, WEB_DB, Side.CLIENT, one),
            new Rollup(T0, WEB_DB, Side.SERVER, one),
            new Rollup(T0 + SECOND, WEB_DB, Side.SERVER, one)));

    RangeSums sums = store.query(T0, T0 + MINUTE);

    assertThat(sums.sided().get(new StoredEdge(WEB_DB, Side.CLIENT)).counters().opened())
        .isEqualTo(1);
    assertThat(sums.sided().get(new StoredEdge(WEB_DB, Side.SERVER)).counters().opened())
        .isEqualTo(2);
    assertThat(sums.edges().get(WEB_DB).opened()).isEqualTo(3);
  }

  @Test
  void write_sameBucketAndEdgeInTwoCalls_sums() {
    store.write(List.of(opened(T0, WEB_DB, 2), ended(T0, WEB_DB, Counters.End.CLOSED, 5)));
    store.write(List.of(opened(T0 + 9 * SECOND, WEB_DB, 3)));

    Counters c = store.query(T0, T0 + 10 * SECOND).edges().get(WEB_DB);

    assertThat(c.opened()).isEqualTo(5);
    assertThat(c.closed()).isEqualTo(1);
    assertThat(store.stats().rows()).isEqualTo(1);
  }

  @Test
  void write_sameBucketAndEdgeTwiceInOneBatch_sums() {
    store.write(
        List.of(
            opened(T0 + 1, WEB_DB, 1),
            opened(T0 + 2, WEB_DB, 1),
            new Rollup(T0 + 3, WEB_DB, Counters.bytes(100, 7)),
            new Rollup(T0 + 4, WEB_DB, Counters.bytes(1, 1))));

    Counters c = store.query(T0, T0 + 10 * SECOND).edges().get(WEB_DB);

    assertThat(c.opened()).isEqualTo(2);
    assertThat(c.bytesSent()).isEqualTo(101);
    assertThat(c.bytesReceived()).isEqualTo(8);
  }

  @Test
  void write_endedConnections_sumDurationsKeepTheMaximumAndBinThem() {
    store.write(List.of(ended(T0, WEB_DB, Counters.End.RESET, 3)));
    store.write(
        List.of(
            ended(T0 + 10 * SECOND, WEB_DB, Counters.End.CLOSED, 700),
            ended(T0 + 20 * SECOND, WEB_DB, Counters.End.REFUSED, 1)));

    Counters c = store.query(T0, T0 + 30 * SECOND).edges().get(WEB_DB);

    assertThat(c.durationMaxNanos()).isEqualTo(700_000_000L);
    assertThat(c.durationSumNanos()).isEqualTo(704_000_000L);
    assertThat(List.of(c.closed(), c.reset(), c.refused())).containsExactly(1L, 1L, 1L);
    assertThat(c.bin(0)).isEqualTo(1); // 1 ms
    assertThat(c.bin(2)).isEqualTo(1); // 3 ms: (2, 4]
    assertThat(c.bin(10)).isEqualTo(1); // 700 ms: (512, 1024]
  }

  @Test
  void query_emptyRange_isEmptyAndNotWidened() {
    store.write(List.of(opened(T0 + 5 * SECOND, WEB_DB, 1)));

    RangeSums sums = store.query(T0 + 5 * SECOND, T0 + 5 * SECOND);

    assertThat(sums.edges()).isEmpty();
    assertThat(sums.effective()).isEqualTo(new Window(T0 + 5 * SECOND, T0 + 5 * SECOND));
  }

  @Test
  void query_rangeWithoutData_isEmpty() {
    store.write(List.of(opened(T0, WEB_DB, 1)));

    assertThat(store.query(T0 + MINUTE, T0 + 2 * MINUTE).edges()).isEmpty();
  }

  @Test
  void query_partialBucketsAtBothEnds_includedWholeAndSaid() {
    for (int i = 0; i < 4; i++) {
      store.write(List.of(opened(T0 + i * 10 * SECOND, WEB_DB, 1)));
    }

    RangeSums sums = store.query(T0 + 5 * SECOND, T0 + 25 * SECOND);

    assertThat(sums.effective()).isEqualTo(new Window(T0, T0 + 30 * SECOND));
    assertThat(sums.widened()).isTrue();
    assertThat(openedIn(sums)).isEqualTo(3);
  }

  @Test
  void query_toBeforeFrom_isRejected() {
    assertThatThrownBy(() -> store.query(T0 + 1, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("range ends before it starts");
  }

  @Test
  void maintain_dropsExactlyTheBucketsOlderThanTheRetention() {
    long cut = T0 + 10 * MINUTE;
    store.write(List.of(opened(cut - 10 * SECOND, WEB_DB, 1), opened(cut, WEB_DB, 2)));

    MaintainResult result = store.maintain(cut + 7 * DAY + 59 * SECOND);

    assertThat(result.droppedRows()).isEqualTo(1);
    assertThat(openedIn(store.query(T0, cut + MINUTE))).isEqualTo(2);
    assertThat(openedIn(store.query(T0, cut))).isZero();
  }

  @Test
  void maintain_foldsOldFineBucketsIntoCoarseOnesAndKeepsSumsExact() {
    writeEighteenBuckets();

    MaintainResult result = store.maintain(T0 + DAY + 2 * MINUTE + 5 * SECOND);

    assertThat(result.foldedRows()).isEqualTo(12);
    assertThat(store.stats().rows()).isEqualTo(2 + 6);
    RangeSums all = store.query(T0, T0 + 3 * MINUTE);
    assertThat(openedIn(all)).isEqualTo(18 * 19 / 2);
    Counters c = all.edges().get(WEB_DB);
    assertThat(c.closed()).isEqualTo(18);
    assertThat(c.durationMaxNanos()).isEqualTo(18_000_000L);
    assertThat(c.bin(0) + c.bin(1) + c.bin(2) + c.bin(3) + c.bin(4) + c.bin(5)).isEqualTo(18);
  }

  @Test
  void query_overTheBoundaryBetweenResolutions_isExactAndSaysTheEffectiveRange() {
    writeEighteenBuckets();
    store.maintain(T0 + DAY + 2 * MINUTE + 5 * SECOND);

    RangeSums sums = store.query(T0 + 90 * SECOND, T0 + 145 * SECOND);

    // [60 s, 120 s) is one coarse bucket (fine buckets 6..11, opened 7..12); then fine 12..14.
    assertThat(sums.effective()).isEqualTo(new Window(T0 + MINUTE, T0 + 150 * SECOND));
    assertThat(openedIn(sums)).isEqualTo(7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15);
    assertThat(store.query(T0 + 65 * SECOND, T0 + 70 * SECOND).effective())
        .isEqualTo(new Window(T0 + MINUTE, T0 + 2 * MINUTE));
    assertThat(store.query(T0 + 125 * SECOND, T0 + 126 * SECOND).effective())
        .isEqualTo(new Window(T0 + 120 * SECOND, T0 + 130 * SECOND));
  }

  @Test
  void write_lateIntoDownsampledTime_isCountedInItsCoarseBucket() {
    writeEighteenBuckets();
    store.maintain(T0 + DAY + 2 * MINUTE + 5 * SECOND);

    store.write(List.of(opened(T0 + 15 * SECOND, WEB_DB, 100)));

    assertThat(openedIn(store.query(T0 + 30 * SECOND, T0 + 31 * SECOND))).isEqualTo(21 + 100);
    store.maintain(T0 + DAY + 2 * MINUTE + 5 * SECOND);
    assertThat(openedIn(store.query(T0, T0 + MINUTE))).isEqualTo(21 + 100);
    assertThat(store.stats().rows()).isEqualTo(2 + 6);
  }

  @Test
  void maintain_earlierNowAfterALaterOne_undoesNothing() {
    writeEighteenBuckets();
    store.maintain(T0 + DAY + 2 * MINUTE);

    MaintainResult again = store.maintain(T0 + DAY);

    assertThat(again).isEqualTo(new MaintainResult(0, 0));
    assertThat(store.query(T0 + 5 * SECOND, T0 + 6 * SECOND).effective())
        .isEqualTo(new Window(T0, T0 + MINUTE));
  }

  @Test
  void endpoints_withEveryField_roundTrip() {
    List<EdgeKey> edges = List.of(WEB_DB, WEB_OUT, CURL_OUT);
    store.write(edges.stream().map(e -> opened(T0, e, 1)).toList());

    Map<EdgeKey, Counters> back = store.query(T0, T0 + 1).edges();

    assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(edges);
    List<String> texts = new ArrayList<>();
    back.keySet().forEach(e -> texts.add(e.toString()));
    assertThat(texts)
        .containsExactlyInAnyOrderElementsOf(edges.stream().map(Object::toString).toList());
    assertThat(store.stats().endpoints()).isEqualTo(4);
  }

  @Test
  void write_overflowingBatch_isRejectedWhole() {
    store.write(List.of(opened(T0, WEB_DB, Long.MAX_VALUE)));

    assertThatThrownBy(() -> store.write(List.of(opened(T0, WEB_OUT, 1), opened(T0, WEB_DB, 1))))
        .isInstanceOf(ArithmeticException.class);

    assertThat(store.query(T0, T0 + 1).edges()).containsOnlyKeys(WEB_DB);
  }

  @Test
  void query_hoursLong_equalsTheSumOfEveryBucketInItsEffectiveRange() {
    writeOneRollupPerBucket(T0, 3 * HOUR, 7);
    long from = T0 + 25 * SECOND;
    long to = T0 + 2 * HOUR + 37 * MINUTE + 13 * SECOND;

    RangeSums sums = store.query(from, to);

    long first = T0 + 20 * SECOND;
    long last = T0 + 2 * HOUR + 37 * MINUTE + 20 * SECOND;
    assertThat(sums.effective()).isEqualTo(new Window(first, last));
    EdgeSums web = sums.sided().get(new StoredEdge(WEB_DB, Side.CLIENT));
    assertThat(web.counters().opened()).isEqualTo(openedBetween(first, last));
    assertThat(web.counters().closed()).isEqualTo((last - first) / (10 * SECOND));
    assertThat(List.of(web.firstMillis(), web.lastMillis())).containsExactly(first, last);
    // WEB_OUT has data in every 7th bucket only: its span is of those buckets.
    EdgeSums out = sums.sided().get(new StoredEdge(WEB_OUT, Side.CLIENT));
    assertThat(out.firstMillis()).isEqualTo(T0 + 70 * SECOND);
    assertThat(out.lastMillis()).isEqualTo(T0 + 2 * HOUR + 36 * MINUTE + 30 * SECOND);
  }

  @Test
  void write_lateIntoAnHourAlreadyQueried_isCountedAndWidensTheSpan() {
    writeOneRollupPerBucket(T0, 2 * HOUR, 1);
    long before = openedIn(store.query(T0, T0 + 2 * HOUR));

    store.write(
        List.of(
            opened(T0 + 30 * MINUTE + 5 * SECOND, WEB_DB, 1_000),
            opened(T0 + 15 * SECOND, CURL_OUT, 1)));

    RangeSums after = store.query(T0, T0 + 2 * HOUR);
    assertThat(openedIn(after)).isEqualTo(before + 1_001);
    EdgeSums curl = after.sided().get(new StoredEdge(CURL_OUT, Side.CLIENT));
    assertThat(List.of(curl.firstMillis(), curl.lastMillis()))
        .containsExactly(T0 + 10 * SECOND, T0 + 20 * SECOND);
  }

  @Test
  void maintain_retentionCutInsideAnHour_keepsExactlyTheBucketsAfterIt() {
    store.close();
    store =
        newStore(
            new StoreConfig(
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Duration.ofHours(2)));
    writeOneRollupPerBucket(T0, 3 * HOUR, 3);
    long cut = T0 + HOUR + 33 * MINUTE;

    store.maintain(cut + 2 * HOUR);
    store.write(List.of(opened(cut - 20 * MINUTE, WEB_DB, 1_000), opened(cut, WEB_DB, 7)));
    store.maintain(cut + 2 * HOUR);

    RangeSums all = store.query(T0, T0 + 3 * HOUR);
    EdgeSums web = all.sided().get(new StoredEdge(WEB_DB, Side.CLIENT));
    assertThat(web.counters().opened()).isEqualTo(openedBetween(cut, T0 + 3 * HOUR) + 7);
    assertThat(web.firstMillis()).isEqualTo(cut);
    assertThat(openedIn(store.query(T0, cut))).isZero();
    // Downsampled before cut + 1 h: the end inside it widens to the minute.
    assertThat(store.query(cut + 5 * SECOND, cut + HOUR + 5 * SECOND).effective())
        .isEqualTo(new Window(cut, cut + HOUR + 10 * SECOND));
  }

  /**
   * One 10 s bucket after another over {@code length} from {@code start}: WEB_DB opens (bucket
   * index + 1) and closes one in each, WEB_OUT opens one in every 7th.
   */
  private void writeOneRollupPerBucket(long start, long length, int batches) {
    List<Rollup> batch = new ArrayList<>();
    for (long t = start; t < start + length; t += 10 * SECOND) {
      long i = (t - T0) / (10 * SECOND);
      batch.add(opened(t, WEB_DB, i + 1));
      batch.add(ended(t + 1, WEB_DB, Counters.End.CLOSED, 1 + i % 5));
      if (i % 7 == 0 && i > 0) {
        batch.add(opened(t + 2, WEB_OUT, 1));
      }
    }
    int size = batch.size() / batches + 1;
    for (int from = 0; from < batch.size(); from += size) {
      store.write(batch.subList(from, Math.min(batch.size(), from + size)));
    }
  }

  /** What {@link #writeOneRollupPerBucket} made WEB_DB open in {@code [from, to)}. */
  private static long openedBetween(long from, long to) {
    long a = (from - T0) / (10 * SECOND);
    long b = (to - T0) / (10 * SECOND);
    return (b * (b + 1) - a * (a + 1)) / 2;
  }

  /** Buckets 0..17 of 10 s from T0, each with (i + 1) opened and one closed of (i + 1) ms. */
  private void writeEighteenBuckets() {
    List<Rollup> batch = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      batch.add(opened(T0 + i * 10 * SECOND, WEB_DB, i + 1));
      batch.add(ended(T0 + i * 10 * SECOND + 1, WEB_DB, Counters.End.CLOSED, i + 1));
    }
    store.write(batch);
  }

  private static long openedIn(RangeSums sums) {
    return sums.edges().values().stream().mapToLong(Counters::opened).sum();
  }
}
