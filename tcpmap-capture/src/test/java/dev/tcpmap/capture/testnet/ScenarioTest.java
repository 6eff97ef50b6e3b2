package dev.tcpmap.capture.testnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private static final IpAddress CLIENT = IpAddress.parse("192.0.2.1");
  private static final IpAddress SERVER = IpAddress.parse("198.51.100.1");
  private static final ConnectionPlan RESET =
      ConnectionPlan.of(0, Ending.CLIENT_RESET, CLIENT, SERVER, 8080, 100, 2000, 2);
  private static final ConnectionPlan REFUSED =
      ConnectionPlan.of(1, Ending.REFUSED, CLIENT, SERVER, 9, 0, 0, 1);

  @Test
  void expected_matchingReports_takeTheClientPortsFromThem() {
    Scenario scenario = new Scenario(List.of(RESET, REFUSED));

    List<ExpectedConnection> expected =
        scenario.expected(
            List.of(
                new ConnectionReport(1, CLIENT, 40001, SERVER, 9, 0, 0, "refused"),
                new ConnectionReport(0, CLIENT, 40000, SERVER, 8080, 100, 2000, "reset-sent")));

    assertThat(expected)
        .containsExactly(
            new ExpectedConnection(0, CLIENT, 40000, SERVER, 8080, 100, 2000, Outcome.RESET),
            new ExpectedConnection(1, CLIENT, 40001, SERVER, 9, 0, 0, Outcome.REFUSED));
  }

  @Test
  void expected_reportWithOtherBytes_failsNamingThePlan() {
    Scenario scenario = new Scenario(List.of(RESET));

    assertThatThrownBy(
            () ->
                scenario.expected(
                    List.of(
                        new ConnectionReport(0, CLIENT, 40000, SERVER, 8080, 100, 0, "error:x"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RESET.toLine());
  }

  @Test
  void expected_missingReport_fails() {
    Scenario scenario = new Scenario(List.of(RESET, REFUSED));

    assertThatThrownBy(
            () ->
                scenario.expected(
                    List.of(new ConnectionReport(1, CLIENT, 40001, SERVER, 9, 0, 0, "refused"))))
        .hasMessageContaining("no report for plan");
  }

  @Test
  void new_refusedOnAListenedPort_isRejected() {
    ConnectionPlan refused = ConnectionPlan.of(1, Ending.REFUSED, CLIENT, SERVER, 8080, 0, 0, 1);

    assertThatThrownBy(() -> new Scenario(List.of(RESET, refused)))
        .hasMessageContaining("refused on a listened port");
  }

  @Test
  void new_duplicateIds_areRejected() {
    assertThatThrownBy(() -> new Scenario(List.of(RESET, RESET))).hasMessageContaining("duplicate");
  }
}
