package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NanosTest {
  @Test
  void plus_withinRange_isTheSum() {
    assertThat(Nanos.plus(-5, 7)).isEqualTo(2);
    assertThat(Nanos.plus(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void plus_pastTheEndOfTheRange_saturates() {
    assertThat(Nanos.plus(Long.MAX_VALUE - 3, 4)).isEqualTo(Long.MAX_VALUE);
    assertThat(Nanos.plus(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void since_laterTime_isTheDifference() {
    assertThat(Nanos.since(-3, 4)).isEqualTo(7);
    assertThat(Nanos.since(0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void since_earlierOrSameTime_isZero() {
    assertThat(Nanos.since(4, -3)).isZero();
    assertThat(Nanos.since(Long.MAX_VALUE, Long.MIN_VALUE)).isZero();
    assertThat(Nanos.since(9, 9)).isZero();
  }

  @Test
  void since_differenceBeyondTheRange_saturates() {
    assertThat(Nanos.since(-4_000_000_000_000_000_000L, 5_300_000_000_000_000_000L))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Nanos.since(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
