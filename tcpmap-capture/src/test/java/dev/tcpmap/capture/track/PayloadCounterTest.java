package dev.tcpmap.capture.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadCounterTest {
  private static final long HALF = 1L << 31;
  private static final long ORIGIN = 1_000;

  private final long[] t = new long[3];

  @Test
  void record_segmentsInAnyOrder_countFromLowestToHighest() {
    PayloadCounter.start(t, 0, ORIGIN + 500, 100);

    PayloadCounter.record(t, 0, ORIGIN + 700, 100, false);
    PayloadCounter.record(t, 0, ORIGIN + 400, 100, false);

    assertThat(PayloadCounter.bytes(t, 0)).isEqualTo(400);
  }

  @Test
  void record_exactlyHalfTheSpaceFromTheHighest_isOutsideTheWindowAndIgnored() {
    // More than 1 GiB seen, so that a segment taken as 2^31 behind the highest byte would still
    // be within reach of the lowest one and drag it back by 1 GiB.
    PayloadCounter.start(t, 0, ORIGIN, 0);
    long hi = (1L << 30) + (1L << 20);
    for (long at = 0; at < hi; at += 1L << 20) {
      PayloadCounter.record(t, 0, ORIGIN + at, 1 << 20, false);
    }

    PayloadCounter.record(t, 0, ORIGIN + hi - HALF, 1_000, false);
    PayloadCounter.record(t, 0, ORIGIN + hi + HALF, 1_000, false);

    assertThat(PayloadCounter.bytes(t, 0)).isEqualTo(hi);
  }

  @Test
  void rebase_oldOriginMoreThanAWindowAhead_dropsTheEarlierBytes() {
    PayloadCounter.start(t, 0, ORIGIN, 100);

    PayloadCounter.rebase(t, 0, ORIGIN - HALF + 10); // the old origin is 2^31 - 10 ahead

    assertThat(PayloadCounter.origin(t, 0)).isEqualTo((ORIGIN - HALF + 10) & 0xFFFF_FFFFL);
    assertThat(PayloadCounter.bytes(t, 0)).isZero();
  }

  @Test
  void rebase_oldOriginExactlyHalfTheSpaceAway_dropsTheEarlierBytes() {
    PayloadCounter.start(t, 0, ORIGIN, 100);

    PayloadCounter.rebase(t, 0, ORIGIN + HALF);

    assertThat(PayloadCounter.bytes(t, 0)).isZero();
  }

  @Test
  void rebase_oldOriginAFewBytesAhead_keepsTheBytesAfterTheIsn() {
    PayloadCounter.start(t, 0, ORIGIN, 100);

    PayloadCounter.rebase(t, 0, ORIGIN - 40);

    assertThat(PayloadCounter.bytes(t, 0)).isEqualTo(140);
  }
}
