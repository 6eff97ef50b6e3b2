package dev.tcpmap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.capture.testnet.TsharkConversations;
import dev.tcpmap.capture.testnet.TsharkConversations.Conversation;
import dev.tcpmap.capture.testnet.Tuples;
import dev.tcpmap.core.model.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark as an independent oracle on a capture of real traffic: per connection, payload bytes each
 * way must agree between tcpmap and tshark, for every stream tshark finds. The tshark side counts
 * each sequence number once, from tshark's per-segment sequence ranges, as tcpmap counts
 * retransmitted bytes once (why not just leave out what tshark marks as retransmissions: see {@link
 * TsharkConversations}).
 */
@Tag("privileged")
class PrivilegedTsharkOracleTest {
  @TempDir static Path dir;
  private static TrafficCapture.Result capture;
  private static List<Conversation> tshark;
  private static AnalysisResult result;

  @BeforeAll
  static void captureAndAnalyze() throws Exception {
    TrafficCapture.requireTools();
    capture = TrafficCapture.runStandard(dir.resolve("oracle.pcap"));
    tshark = TsharkConversations.read(capture.file(), Duration.ofMinutes(2));
    result = new CaptureAnalyzer(TrafficCapture.TRACKER_CONFIG).analyze(capture.file());
  }

  @Test
  void tshark_realTraffic_agreesWithThePlan() {
    // The oracle is only worth something if it sees what the peers did.
    assertThat(tshark.stream().map(View::of).toList())
        .containsExactlyInAnyOrderElementsOf(capture.expected().stream().map(View::of).toList());
  }

  @Test
  void analyze_realTraffic_bytesAgreeWithTsharkOnEveryStream() {
    assertThat(result.connections().stream().map(View::of).toList())
        .containsExactlyInAnyOrderElementsOf(tshark.stream().map(View::of).toList());
  }

  /** The facts both sides report: the 4-tuple with roles, bytes each way. */
  private record View(String tuple, long bytesSent, long bytesReceived) {
    static View of(Conversation c) {
      return new View(c.tuple(), c.bytesSent(), c.bytesReceived());
    }

    static View of(ExpectedConnection c) {
      return new View(c.tuple(), c.bytesSent(), c.bytesReceived());
    }

    static View of(Connection c) {
      return new View(Tuples.of(c), c.bytesSent(), c.bytesReceived());
    }
  }
}
