package dev.tcpmap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.capture.testnet.Tuples;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic between two network namespaces (IPv4 and IPv6, every ending, 0 B to 5 MB each way),
 * captured by tcpdump and analysed: every planned connection must come out exactly once and exact.
 */
@Tag("privileged")
class PrivilegedCaptureAnalysisTest {
  @TempDir static Path dir;
  private static TrafficCapture.Result capture;
  private static AnalysisResult result;

  @BeforeAll
  static void captureAndAnalyze() throws Exception {
    TrafficCapture.requireTools();
    capture = TrafficCapture.runStandard(dir.resolve("analysis.pcap"));
    result = new CaptureAnalyzer(TrafficCapture.TRACKER_CONFIG).analyze(capture.file());
  }

  @Test
  void analyze_realTraffic_readsEveryPacketWithoutErrorsOrLosses() {
    assertThat(result.stats().error()).isEmpty();
    assertThat(result.stats().decodeErrors()).isEmpty();
    assertThat(result.losses()).isEmpty();
    assertThat(result.stats().packets()).isEqualTo(capture.tcpdump().captured());
    assertThat(result.stats().tcpPackets())
        .isPositive()
        .isLessThanOrEqualTo(result.stats().packets());
  }

  @Test
  void analyze_realTraffic_reportsEveryPlannedConnectionExactlyOnce() {
    List<String> reported = result.connections().stream().map(Tuples::of).sorted().toList();
    List<String> planned =
        capture.expected().stream().map(ExpectedConnection::tuple).sorted().toList();

    assertThat(reported).containsExactlyElementsOf(planned);
  }

  @Test
  void analyze_realTraffic_countsExactPayloadBytesEachWay() {
    assertEveryPlanned(
        (expected, actual) ->
            assertThat(new long[] {actual.bytesSent(), actual.bytesReceived()})
                .as("bytes client->server, server->client of %s", expected.tuple())
                .containsExactly(expected.bytesSent(), expected.bytesReceived()));
  }

  @Test
  void analyze_realTraffic_reportsRolesOutcomeAndStart() {
    assertEveryPlanned(
        (expected, actual) -> {
          assertThat(actual.outcome())
              .as("outcome of %s", expected.tuple())
              .isEqualTo(expected.outcome());
          assertThat(actual.startSeen()).as("startSeen of %s", expected.tuple()).isTrue();
        });
  }

  @Test
  void analyze_realTraffic_coversEveryOutcomeOfACapture() {
    assertThat(result.connections())
        .extracting(Connection::outcome)
        .contains(Outcome.CLOSED, Outcome.RESET, Outcome.REFUSED, Outcome.TIMEOUT);
    assertThat(result.connections())
        .filteredOn(c -> c.client().v6())
        .hasSize((int) capture.expected().stream().filter(e -> e.client().v6()).count());
  }

  /** Runs {@code check} on every planned connection and the analyzed one of its 4-tuple. */
  private static void assertEveryPlanned(BiConsumer<ExpectedConnection, Connection> check) {
    Map<String, Connection> byTuple =
        result.connections().stream().collect(Collectors.toMap(Tuples::of, Function.identity()));
    assertThat(capture.expected())
        .allSatisfy(
            expected -> {
              Connection actual = byTuple.get(expected.tuple());
              assertThat(actual).as("connection %s", expected.tuple()).isNotNull();
              check.accept(expected, actual);
            });
  }
}
