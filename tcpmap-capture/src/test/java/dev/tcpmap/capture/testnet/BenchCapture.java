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
 * Makes a large capture of real traffic for the offline benchmark ({@code
 * bench/analyze-vs-peers.sh}): many connections between two namespaces, recorded by tcpdump.
 *
 * <pre>
 * scripts/testnet-run.sh dev.tcpmap.capture.testnet.BenchCapture OUT.pcap [CONNECTIONS [PARALLEL]]
 * </pre>
 *
 * <p>The mix (seeded, so every run plans the same): 97 % request/response connections of 20 to 180
 * rounds with 50 to 350 bytes each way per round (small segments, so many packets per byte, as RPC
 * traffic has), 2 % bulk transfers of 100 KB to 1 MB, 1 % refused, a few SYN timeouts; 30 % IPv6; 8
 * client and 4 server hosts on four ports. The default 24,000 connections make about 5 M packets
 * and 1.5 GB.
 */
public final class BenchCapture {
  private static final int[] PORTS = {8080, 5432, 6379, 9092};

  private BenchCapture() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: BenchCapture OUT.pcap [CONNECTIONS [PARALLEL]]");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 24_000;
    int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Files.createDirectories(out.getParent());
    long start = System.nanoTime();
    try (TestNetwork network = TestNetwork.create(8, 4)) {
      TrafficCapture.Result result =
          TrafficCapture.run(
              network, scenario(network, connections), out, parallel, Duration.ofMinutes(30));
      System.out.printf(
          "%s, %d s%n", result.summary(), (System.nanoTime() - start) / 1_000_000_000L);
    }
  }

  static Scenario scenario(TestNetwork network, int connections) {
    Random random = new Random(42);
    List<ConnectionPlan> plans = new ArrayList<>(connections);
    for (int id = 0; id < connections; id++) {
      boolean v6 = random.nextInt(10) < 3;
      IpAddress client = address(network, Side.A, random.nextInt(8), v6);
      IpAddress server = address(network, Side.B, random.nextInt(4), v6);
      int port = PORTS[random.nextInt(PORTS.length)];
      int kind = random.nextInt(1000);
      if (kind < 10 && id % 2000 == 0) {
        plans.add(
            ConnectionPlan.of(id, Ending.TIMEOUT, client, network.unreachable(v6), port, 0, 0, 1));
      } else if (kind < 10) {
        plans.add(ConnectionPlan.of(id, Ending.REFUSED, client, server, 81, 0, 0, 1));
      } else if (kind < 30) {
        long size = 100_000 + random.nextInt(900_000);
        plans.add(ConnectionPlan.of(id, ending(random), client, server, port, 200, size, 1));
      } else {
        int rounds = 20 + random.nextInt(161);
        long request = rounds * (50L + random.nextInt(301));
        long response = rounds * (50L + random.nextInt(301));
        plans.add(
            ConnectionPlan.of(id, ending(random), client, server, port, request, response, rounds));
      }
    }
    return new Scenario(plans);
  }

  private static Ending ending(Random random) {
    int n = random.nextInt(10);
    return n < 5 ? Ending.CLIENT_CLOSE : n < 9 ? Ending.SERVER_CLOSE : Ending.CLIENT_RESET;
  }

  private static IpAddress address(TestNetwork network, Side side, int host, boolean v6) {
    return v6 ? network.v6(side, host) : network.v4(side, host);
  }
}
