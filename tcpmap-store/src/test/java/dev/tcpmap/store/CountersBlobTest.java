package dev.tcpmap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountersBlobTest {

  private static final long BUCKET = 1_699_920_000_000L;

  @Test
  void encode_thenSum_roundTripsCountersAndSpan() {
    Counters c =
        Counters.ended(Counters.End.RESET, 5_000_000_000L, true)
            .plus(Counters.bytes(Long.MAX_VALUE / 2, 3));
    byte[] blob = CountersBlob.encode(BUCKET, new EdgeSums(c, BUCKET + 10_000, BUCKET + 20_000));

    CountersBlob.Sums sums = new CountersBlob.Sums(Long.MIN_VALUE, 60_000);
    sums.add(9, BUCKET, blob);

    assertThat(sums.byEdgeId())
        .containsExactly(
            java.util.Map.entry(9L, new EdgeSums(c, BUCKET + 10_000, BUCKET + 20_000)));
  }

  @Test
  void plus_sumsCountersKeepsTheLargerMaximumAndTheWiderSpan() {
    Counters a = Counters.ended(Counters.End.CLOSED, 7, false);
    Counters b = Counters.ended(Counters.End.CLOSED, 3, false).plus(Counters.opened(2));
    byte[] sum =
        CountersBlob.plus(
            CountersBlob.encode(BUCKET, new EdgeSums(a, BUCKET + 30_000, BUCKET + 40_000)),
            CountersBlob.encode(BUCKET, new EdgeSums(b, BUCKET, BUCKET + 10_000)));

    CountersBlob.Sums sums = new CountersBlob.Sums(Long.MIN_VALUE, 60_000);
    sums.add(1, BUCKET, sum);

    EdgeSums back = sums.byEdgeId().get(1L);
    assertThat(back.counters()).isEqualTo(a.plus(b));
    assertThat(back.counters().durationMaxNanos()).isEqualTo(7);
    assertThat(back.firstMillis()).isEqualTo(BUCKET);
    assertThat(back.lastMillis()).isEqualTo(BUCKET + 40_000);
  }

  @Test
  void plus_overflow_throws() {
    byte[] big =
        CountersBlob.encode(
            BUCKET, new EdgeSums(Counters.opened(Long.MAX_VALUE), BUCKET, BUCKET + 10_000));

    assertThatThrownBy(() -> CountersBlob.plus(big, big)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void sums_spanBeforeTheBoundary_isWidenedToTheCoarseBucket() {
    byte[] blob =
        CountersBlob.encode(
            BUCKET, new EdgeSums(Counters.opened(1), BUCKET + 20_000, BUCKET + 30_000));

    CountersBlob.Sums sums = new CountersBlob.Sums(BUCKET + 60_000, 60_000);
    sums.add(1, BUCKET, blob);

    assertThat(sums.byEdgeId().get(1L).firstMillis()).isEqualTo(BUCKET);
    assertThat(sums.byEdgeId().get(1L).lastMillis()).isEqualTo(BUCKET + 60_000);
  }

  @Test
  void decode_truncatedBlob_namesTheByte() {
    byte[] blob = {1, 2, (byte) 0x80};

    assertThatThrownBy(() -> CountersBlob.decode(blob, new long[CountersBlob.VALUES]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("malformed counters blob at byte 3");
  }
}
