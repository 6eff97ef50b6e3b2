package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TcpSequenceTest {
  record Case(String name, long from, long to, long distance) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    long half = 1L << 31;
    return Stream.of(
        new Case("same", 7, 7, 0),
        new Case("ahead", 1_000, 1_500, 500),
        new Case("behind", 1_500, 1_000, -500),
        new Case("ahead across the wrap", 0xFFFF_FFF0L, 0x10, 0x20),
        new Case("behind across the wrap", 0x10, 0xFFFF_FFF0L, -0x20),
        new Case("exactly half the space: far ahead", 1_000, 1_000 + half, half),
        new Case("exactly half the space the other way: far ahead too", 1_000 + half, 1_000, half),
        new Case("half the space minus one: ahead", 0, half - 1, half - 1),
        new Case("half the space plus one: behind", 0, half + 1, -(half - 1)),
        new Case("bits above 32 ignored", 0x1_0000_0005L, 0x2_0000_0009L, 4));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void distance_case_isSigned32BitWithHalfTheSpaceAhead(Case c) {
    assertThat(TcpSequence.distance(c.from(), c.to())).isEqualTo(c.distance());
  }
}
