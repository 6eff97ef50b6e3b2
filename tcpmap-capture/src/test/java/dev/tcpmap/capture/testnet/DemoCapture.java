package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes {@code demo.pcap}, the small capture shipped for {@code ./tcpmap demo}: real traffic
 * between two network namespaces, recorded by tcpdump.
 *
 * <p>Regenerate (as root, from the repository root):
 *
 * <pre>
 * scripts/testnet-run.sh dev.tcpmap.capture.testnet.DemoCapture \
 *     tcpmap-server/src/main/resources/dev/tcpmap/server/demo/demo.pcap
 * </pre>
 *
 * <p>The story, about 23 seconds long:
 *
 * <pre>
 *   side A                                         side B
 *   web-1..3  192.0.2.1-3, 2001:db8:a::1-3  ──▶    api-1..2  198.51.100.1-2 :8080 (a call a second)
 *   db-1..2   192.0.2.4-5             :5432  ◀──   api-1..2  (pooled connections held 12-21 s)
 * </pre>
 *
 * plus a web client refused on :8443, one call reset by the web client, one db connection reset by
 * the db, and a call to an unreachable 203.0.113.1:443 whose SYN is never answered. Then, so that
 * the web UI's TLS view and names have something to show, web-1 runs {@link
 * HandshakeCapture#exchange}: real JDK TLS 1.2 and 1.3 handshakes to the api hosts' port 443
 * (server names {@code tls.test}, {@code v6.tls.test}, ...; the 1.2 ones with their certificate), a
 * clear-text call to that port, and DNS answers over UDP and TCP naming the api hosts ({@code
 * www.example.test}, {@code api.example.test}). That SYN is sent first, so that more than the
 * tracker's default connect timeout (20 s) passes before the capture ends and it reads as {@code
 * timeout} rather than {@code unknown}. Plans are fixed (seeded), so a regenerated file tells the
 * same story; only timestamps and client ports differ.
 */
public final class DemoCapture {
  private static final int API_PORT = 8080;
  private static final int DB_PORT = 5432;

  private DemoCapture() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: DemoCapture OUT.pcap");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(out.getParent());
    try (TestNetwork network = TestNetwork.create(5, 2)) {
      TrafficCapture.Result result =
          TrafficCapture.run(
              network,
              scenario(network),
              out,
              16,
              Duration.ofMinutes(2),
              HandshakeCapture::exchange);
      System.out.println(result.summary());
    }
  }

  static Scenario scenario(TestNetwork network) {
    Random random = new Random(20_250_101L);
    List<ConnectionPlan> plans = new ArrayList<>();
    plans.add(
        new ConnectionPlan(
            0,
            Ending.TIMEOUT,
            address(network, Side.A, 1, false),
            network.unreachable(false),
            443,
            0,
            0,
            1,
            300,
            0));
    for (int i = 0; i < 4; i++) {
      IpAddress api = address(network, Side.B, i % 2, false);
      IpAddress db = address(network, Side.A, 3 + i % 2, false);
      Ending ending = i == 3 ? Ending.SERVER_RESET : Ending.CLIENT_CLOSE;
      plans.add(
          new ConnectionPlan(
              plans.size(),
              ending,
              api,
              db,
              DB_PORT,
              150L * 6,
              600L * 6 + random.nextInt(400),
              6,
              200L * i,
              12_000 + 3_000L * i));
    }
    for (int i = 0; i < 22; i++) {
      boolean v6 = i % 4 == 3;
      IpAddress web = address(network, Side.A, i % 3, v6);
      IpAddress api = address(network, Side.B, i % 2, v6);
      Ending ending =
          i % 5 == 2 ? Ending.SERVER_CLOSE : i == 6 ? Ending.CLIENT_RESET : Ending.CLIENT_CLOSE;
      plans.add(call(plans.size(), ending, web, api, random, 200 + i * 1_000L));
    }
    IpAddress web = address(network, Side.A, 0, false);
    IpAddress api = address(network, Side.B, 0, false);
    plans.add(new ConnectionPlan(plans.size(), Ending.REFUSED, web, api, 8443, 0, 0, 1, 3_000, 0));
    return new Scenario(plans);
  }

  /** A web-to-api call: one or two request/response rounds of a few hundred bytes to 2 KB. */
  private static ConnectionPlan call(
      int id, Ending ending, IpAddress client, IpAddress server, Random random, long startMillis) {
    int rounds = 1 + random.nextInt(2);
    long request = rounds * (180L + random.nextInt(250));
    long response = rounds * (400L + random.nextInt(1_600));
    return new ConnectionPlan(
        id, ending, client, server, API_PORT, request, response, rounds, startMillis, 0);
  }

  private static IpAddress address(TestNetwork network, Side side, int host, boolean v6) {
    return v6 ? network.v6(side, host) : network.v4(side, host);
  }
}
