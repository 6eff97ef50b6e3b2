package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IcmpErrorTest {
  private static final IpAddress A = IpAddress.parse("10.0.0.1");
  private static final IpAddress B = IpAddress.parse("10.0.0.2");

  private static IcmpError error(boolean v6, int type, int code) {
    return new IcmpError(Instant.EPOCH, v6, type, code, B, "udp", A, 40000, B, 53, "none");
  }

  record Case(boolean v6, int type, int code, String name, boolean fails, boolean port) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(false, 3, 3, "destination-unreachable", true, true),
        new Case(false, 3, 13, "destination-unreachable", true, false),
        new Case(false, 3, 4, "destination-unreachable", false, false),
        new Case(false, 11, 0, "time-exceeded", true, false),
        new Case(false, 12, 0, "parameter-problem", true, false),
        new Case(false, 4, 0, "source-quench", false, false),
        new Case(false, 42, 0, "type-42", false, false),
        new Case(true, 1, 4, "destination-unreachable", true, true),
        new Case(true, 1, 1, "destination-unreachable", true, false),
        new Case(true, 2, 0, "packet-too-big", false, false),
        new Case(true, 3, 0, "time-exceeded", true, false),
        new Case(true, 4, 1, "parameter-problem", true, false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void typeNameAndEffect_followTheRfcsAndTheKernel(Case c) {
    IcmpError e = error(c.v6(), c.type(), c.code());
    assertThat(e.typeName()).isEqualTo(c.name());
    assertThat(e.failsDelivery()).isEqualTo(c.fails());
    assertThat(e.portUnreachable()).isEqualTo(c.port());
  }

  @Test
  void withMatched_changesOnlyTheMatch() {
    assertThat(error(false, 3, 3).withMatched("udp"))
        .isEqualTo(new IcmpError(Instant.EPOCH, false, 3, 3, B, "udp", A, 40000, B, 53, "udp"));
  }

  @Test
  void typeBeyondAByte_isRefused() {
    assertThatThrownBy(() -> error(false, 256, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
  }
}
