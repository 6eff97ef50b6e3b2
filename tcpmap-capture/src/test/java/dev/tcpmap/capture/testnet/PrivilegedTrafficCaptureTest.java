package dev.tcpmap.capture.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.testing.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("privileged")
class PrivilegedTrafficCaptureTest {

  @Test
  void run_standardScenario_reportsEveryPlanAndCapturesWithoutDrops(@TempDir Path dir)
      throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("ip");
    Privileged.requireCommand("tcpdump");
    Privileged.requireCommand("ethtool");
    try (TestNetwork network = TestNetwork.create(3, 2)) {
      Scenario scenario = Scenario.standard(network);

      TrafficCapture.Result result =
          TrafficCapture.run(
              network, scenario, dir.resolve("standard.pcap"), 4, Duration.ofMinutes(2));

      assertThat(result.expected()).hasSize(scenario.plans().size());
      assertThat(result.expected())
          .extracting(ExpectedConnection::outcome)
          .contains(Outcome.CLOSED, Outcome.RESET, Outcome.REFUSED, Outcome.TIMEOUT);
      assertThat(result.expected())
          .extracting(ExpectedConnection::clientPort)
          .allSatisfy(port -> assertThat(port).isBetween(1024, 65_535));
      assertThat(result.tcpdump().droppedByKernel()).isZero();
      assertThat(Files.size(result.file())).isGreaterThan(60_000_000L);
    }
  }

  @Test
  void create_thenClose_leavesNoNamespace() throws Exception {
    Privileged.requireRoot();
    Privileged.requireCommand("ip");
    Privileged.requireCommand("ethtool");
    String namespace;
    try (TestNetwork network = TestNetwork.create(1, 1)) {
      namespace = network.namespace(TestNetwork.Side.A);
      assertThat(Commands.run("ip", "netns", "list").stdout()).contains(namespace);
    }

    assertThat(Commands.run("ip", "netns", "list").stdout()).doesNotContain(namespace);
  }
}
