package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PortRolesTest {

  record Case(int srcPort, int dstPort, boolean serverIsDestination) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(40_000, 443, true),
        new Case(443, 40_000, false),
        new Case(1023, 1024, false),
        new Case(5432, 50_000, false),
        new Case(50_000, 5432, true),
        new Case(32_767, 32_768, false),
        new Case(31_000, 60_999, false),
        new Case(8080, 9090, true),
        new Case(9090, 8080, true),
        new Case(22, 80, true),
        new Case(80, 22, true),
        new Case(40_000, 50_000, true),
        new Case(50_000, 40_000, true),
        new Case(443, 443, true));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void serverIsDestination_ports_followsTheRule(Case c) {
    assertThat(PortRoles.serverIsDestination(c.srcPort(), c.dstPort()))
        .isEqualTo(c.serverIsDestination());
  }
}
