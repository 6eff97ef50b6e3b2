package dev.tcpmap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountersTest {

  @Test
  void bin_onAndJustPastEachBound() {
    assertThat(Counters.binOf(0)).isZero();
    assertThat(Counters.binOf(1_000_000)).isZero();
    assertThat(Counters.binOf(1_000_001)).isEqualTo(1);
    assertThat(Counters.binOf(2_000_000)).isEqualTo(1);
    assertThat(Counters.binOf((1L << 22) * 1_000_000)).isEqualTo(22);
    assertThat(Counters.binOf((1L << 22) * 1_000_000 + 1)).isEqualTo(23);
    assertThat(Counters.binOf(Long.MAX_VALUE)).isEqualTo(Counters.BINS - 1);
  }

  @Test
  void plus_sumsEveryFieldAndKeepsTheLargerMaximum() {
    Counters a = Counters.ended(Counters.End.CLOSED, 5_000_000, false);
    Counters b =
        Counters.ended(Counters.End.UNKNOWN, 30_000_000_000L, true)
            .plus(Counters.opened(2))
            .plus(Counters.bytes(10, 20));

    Counters sum = a.plus(b);

    assertThat(sum.opened()).isEqualTo(2);
    assertThat(sum.closed()).isEqualTo(1);
    assertThat(sum.unknown()).isEqualTo(1);
    assertThat(sum.persistent()).isEqualTo(1);
    assertThat(sum.ended()).isEqualTo(2);
    assertThat(sum.bytesSent()).isEqualTo(10);
    assertThat(sum.bytesReceived()).isEqualTo(20);
    assertThat(sum.durationSumNanos()).isEqualTo(30_005_000_000L);
    assertThat(sum.durationMaxNanos()).isEqualTo(30_000_000_000L);
    assertThat(sum.bin(3)).isEqualTo(1);
    assertThat(sum.bin(15)).isEqualTo(1);
  }

  @Test
  void new_negativeField_namesIt() {
    assertThatThrownBy(() -> Counters.bytes(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bytesSent must not be negative: -1");
  }

  @Test
  void new_histogramNotMatchingEnded_isRejected() {
    long[] bins = new long[Counters.BINS];
    bins[0] = 2;

    assertThatThrownBy(() -> new Counters(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, bins))
        .hasMessage("histogram holds 2 but ended 1");
  }

  @Test
  void new_moreThanEndedPersistent_isRejected() {
    assertThatThrownBy(() -> new Counters(0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, new long[Counters.BINS]))
        .hasMessage("persistent 1 > ended 0");
  }

  @Test
  void new_wrongBinCount_isRejected() {
    assertThatThrownBy(() -> new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[3]))
        .hasMessage("histogram must have 24 bins: 3");
  }

  @Test
  void histogram_isACopy() {
    Counters c = Counters.ended(Counters.End.RESET, 0, false);

    c.histogram()[0] = 99;

    assertThat(c.bin(0)).isEqualTo(1);
    assertThat(c).isEqualTo(Counters.ended(Counters.End.RESET, 0, false));
  }

  @Test
  void plus_overflow_throws() {
    assertThatThrownBy(() -> Counters.opened(Long.MAX_VALUE).plus(Counters.opened(1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void toString_namesEveryFieldThenTheBins() {
    Counters c = Counters.ended(Counters.End.REFUSED, 3_000_000, false).plus(Counters.bytes(7, 9));

    assertThat(c)
        .hasToString(
            "Counters[opened=0, closed=0, reset=0, refused=1, timeout=0, unknown=0, persistent=0,"
                + " bytesSent=7, bytesReceived=9, durationSumNanos=3000000,"
                + " durationMaxNanos=3000000, histogram=[0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
                + " 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]");
  }
}
