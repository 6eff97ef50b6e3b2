package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.ConnectionPlan;
import dev.tcpmap.capture.testnet.Ending;
import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.Scenario;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.core.model.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live agent's windows over real traffic between network namespaces: two rounds of connections
 * on the same edge, in different buckets; a window holding one round answers exactly its
 * connections and bytes, and nothing of the other.
 */
@Tag("privileged")
class PrivilegedHistoryWindowTest {
  private static final long BUCKET = 10_000;
  private static final int PORT = 8080;

  @TempDir Path work;

  @Test
  void windowOverRealTraffic_holdsExactlyTheConnectionsMadeInIt() throws Exception {
    TrafficCapture.requireTools();
    try (TestNetwork network = TestNetwork.create(2, 1)) {
      CliRun run = CliRun.tracedAgent("--interfaces", "none", "--iterate-every", "500ms");
      ApiServer api = run.server();
      try {
        long firstFrom = startOfNextBucket(System.currentTimeMillis()) + 500;
        sleepUntil(firstFrom);
        List<ExpectedConnection> first = round(network, 6, 1_000, "first");
        long secondFrom = startOfNextBucket(System.currentTimeMillis());
        sleepUntil(secondFrom + 500);
        List<ExpectedConnection> second = round(network, 4, 70_000, "second");
        long secondTo = startOfNextBucket(System.currentTimeMillis());
        // Held closes wait 2 s for their partner; the next poll round publishes them.
        sleepUntil(secondTo + 3_000);

        long firstBucket = firstFrom - 500;
        assertThat(sums(json(api, window(firstBucket, secondFrom)), network))
            .containsExactly(totals(first));
        assertThat(sums(json(api, window(secondFrom, secondTo)), network))
            .containsExactly(totals(second));
        assertThat(sums(json(api, window(firstBucket, secondTo)), network))
            .containsExactly(add(totals(first), totals(second)));

        // A window whose ends fall inside buckets is answered with the whole buckets, and says so.
        JsonNode widened = json(api, window(secondFrom + 3_000, secondTo - 2_000));
        assertThat(widened.get("effectiveFrom").asLong()).isEqualTo(secondFrom);
        assertThat(widened.get("effectiveTo").asLong()).isEqualTo(secondTo);
        assertThat(sums(widened, network)).containsExactly(totals(second));
      } finally {
        run.closeServers();
      }
    }
  }

  /** {@code count} connections from side A's hosts to side B's first, each way {@code bytes}. */
  private List<ExpectedConnection> round(TestNetwork network, int count, long bytes, String name)
      throws Exception {
    List<ConnectionPlan> plans = new ArrayList<>();
    IpAddress server = network.v4(Side.B, 0);
    for (int i = 0; i < count; i++) {
      IpAddress client = network.v4(Side.A, i % 2);
      plans.add(
          ConnectionPlan.of(i, Ending.CLIENT_CLOSE, client, server, PORT, bytes + i, 2 * bytes, 1));
    }
    TrafficCapture.Result result =
        TrafficCapture.run(
            network, new Scenario(plans), work.resolve(name + ".pcap"), 2, Duration.ofMinutes(1));
    assertThat(result.expected()).hasSize(count);
    return result.expected();
  }

  private static String window(long from, long to) {
    return "/api/v1/graph?from=" + from + "&to=" + to;
  }

  /** Connections opened, closed, bytes sent and received on the test edges of a graph. */
  private static long[] sums(JsonNode graph, TestNetwork network) {
    long[] out = new long[4];
    String server = network.v4(Side.B, 0).toString();
    for (JsonNode e : graph.get("edges")) {
      if (e.get("serverPort").asInt() == PORT
          && (e.get("serverId").asText().equals(server)
              || e.get("serverId").asText().endsWith("@" + server))) {
        out[0] += e.get("connections").asLong();
        out[1] += e.get("outcomes").get("closed").asLong();
        out[2] += e.get("bytesSent").asLong();
        out[3] += e.get("bytesReceived").asLong();
      }
    }
    return out;
  }

  private static long[] totals(List<ExpectedConnection> connections) {
    long[] out = new long[4];
    for (ExpectedConnection c : connections) {
      out[0]++;
      out[1]++;
      out[2] += c.bytesSent();
      out[3] += c.bytesReceived();
    }
    return out;
  }

  private static long[] add(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static long startOfNextBucket(long millis) {
    return (Math.floorDiv(millis, BUCKET) + 1) * BUCKET;
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long wait = millis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
